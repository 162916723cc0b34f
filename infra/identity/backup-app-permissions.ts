import type { BackupService } from "../services/backup-services";

/**
 * The API permissions the backup app holds in the tenant, per service: the one place they are
 * decided. Names are Microsoft's permission values as listed in the Microsoft Graph permissions
 * reference (https://learn.microsoft.com/graph/permissions-reference) and in the Exchange Online and
 * SharePoint Online app registrations. Least privilege for back up *and* restore: restore writes, so
 * the read-only variants are not enough; nothing here reaches services the tenant did not enable.
 */

/** Well-known application (client) ids of the resource APIs, identical in every tenant. */
export const resourceAppIds = {
  microsoftGraph: "00000003-0000-0000-c000-000000000000",
  exchangeOnline: "00000002-0000-0ff1-ce00-000000000000",
  sharePointOnline: "00000003-0000-0ff1-ce00-000000000000",
} as const;

export type ResourceApi = keyof typeof resourceAppIds;

export interface BackupAppPermission {
  readonly resource: ResourceApi;
  /** application = app role (app-only access, admin consent); delegated = OAuth2 scope used while the backup account signs in. */
  readonly kind: "application" | "delegated";
  /** Microsoft's permission value, e.g. Mail.ReadWrite. */
  readonly value: string;
  /** Why the backup needs it. */
  readonly reason: string;
}

const signIn: BackupAppPermission[] = [
  {
    resource: "microsoftGraph",
    kind: "delegated",
    value: "User.Read",
    reason: "the backup account signs in to authorise the task (guide stage 3)",
  },
  {
    resource: "microsoftGraph",
    kind: "delegated",
    value: "offline_access",
    reason: "keeps the task authorised without a new interactive sign-in",
  },
];

export const backupAppPermissions: Readonly<Record<BackupService, readonly BackupAppPermission[]>> = {
  exchange: [
    ...signIn,
    { resource: "microsoftGraph", kind: "application", value: "User.Read.All", reason: "discovers mailboxes and their licence state" },
    { resource: "microsoftGraph", kind: "application", value: "Mail.ReadWrite", reason: "backs up and restores mail" },
    { resource: "microsoftGraph", kind: "application", value: "Calendars.ReadWrite", reason: "backs up and restores calendars" },
    { resource: "microsoftGraph", kind: "application", value: "Contacts.ReadWrite", reason: "backs up and restores contacts" },
    { resource: "microsoftGraph", kind: "application", value: "MailboxSettings.Read", reason: "backs up rules and mailbox settings" },
  ],
  sharepoint: [
    ...signIn,
    {
      resource: "microsoftGraph",
      kind: "application",
      value: "Sites.ReadWrite.All",
      reason: "discovers, backs up and restores site content",
    },
    {
      resource: "sharePointOnline",
      kind: "application",
      value: "Sites.FullControl.All",
      reason: "site permissions and list settings are only reachable through the SharePoint REST API",
    },
  ],
  onedrive: [
    ...signIn,
    { resource: "microsoftGraph", kind: "application", value: "User.Read.All", reason: "discovers the users whose OneDrive is backed up" },
    { resource: "microsoftGraph", kind: "application", value: "Files.ReadWrite.All", reason: "backs up and restores OneDrive files" },
  ],
  groupsTeams: [
    ...signIn,
    {
      resource: "microsoftGraph",
      kind: "application",
      value: "Group.ReadWrite.All",
      reason: "discovers groups, backs up and restores conversations and membership",
    },
    { resource: "microsoftGraph", kind: "application", value: "ChannelMessage.Read.All", reason: "backs up Teams channel messages" },
    {
      resource: "microsoftGraph",
      kind: "application",
      value: "TeamSettings.ReadWrite.All",
      reason: "backs up and restores team and channel settings",
    },
    {
      resource: "microsoftGraph",
      kind: "application",
      value: "Sites.ReadWrite.All",
      reason: "backs up and restores the files of group and team sites",
    },
  ],
};

/** Public Folders are not in Graph: they are read through EWS as the licensed Exchange backup account. */
export const publicFoldersPermission: BackupAppPermission = {
  resource: "exchangeOnline",
  kind: "delegated",
  value: "EWS.AccessAsUser.All",
  reason: "Public Folders are only reachable through EWS, as the licensed Exchange backup account",
};

/** A permission as the consent grants it and as policies read it: deduplicated across services. */
export interface GrantedPermission {
  readonly resourceAppId: string;
  readonly resource: ResourceApi;
  readonly kind: "application" | "delegated";
  readonly value: string;
  /** The config key that named it (a vendor's published list), so that a wrong name is reported there. */
  readonly configKey?: string;
}

/** A permission as the vendor publishes it (consent.vendorPermissions): it replaces the assumed set. */
export type VendorPermission = Pick<BackupAppPermission, "resource" | "kind" | "value">;

const asPermission = (p: VendorPermission, i: number, key = "consent.vendorPermissions"): BackupAppPermission & { configKey: string } => ({
  ...p,
  reason: "published by the vendor for its app (consent.vendorPermissions)",
  configKey: `${key}[${i}]`,
});

/**
 * The permissions one backup app needs for the enabled services, each once, in a stable order: the
 * vendor's published list when the config gives one, this project's assumed set otherwise.
 */
export function permissionsFor(
  services: readonly BackupService[],
  options: { backupPublicFolders: boolean; vendorPermissions?: readonly VendorPermission[]; vendorPermissionsKey?: string },
): GrantedPermission[] {
  const wanted: (BackupAppPermission & { configKey?: string })[] = options.vendorPermissions
    ? options.vendorPermissions.map((p, i) => asPermission(p, i, options.vendorPermissionsKey))
    : services.flatMap((s) => [
        ...backupAppPermissions[s],
        ...(s === "exchange" && options.backupPublicFolders ? [publicFoldersPermission] : []),
      ]);
  const seen = new Map<string, GrantedPermission>();
  for (const p of wanted) {
    const key = `${p.resource}/${p.kind}/${p.value}`;
    if (!seen.has(key))
      seen.set(key, {
        resourceAppId: resourceAppIds[p.resource],
        resource: p.resource,
        kind: p.kind,
        value: p.value,
        ...(p.configKey ? { configKey: p.configKey } : {}),
      });
  }
  return [...seen.values()].sort((a, b) => `${a.resource}/${a.kind}/${a.value}`.localeCompare(`${b.resource}/${b.kind}/${b.value}`));
}

/**
 * Delegated scopes a service's own account signs in with; grants are scoped to that account, never to
 * all users. With the vendor's list, every account gets its scopes, Exchange Online's only the Exchange account.
 */
export function delegatedScopesFor(
  service: BackupService,
  options: { backupPublicFolders: boolean; vendorPermissions?: readonly VendorPermission[] },
): Map<ResourceApi, string[]> {
  const perms = options.vendorPermissions
    ? options.vendorPermissions.map((p, i) => asPermission(p, i)).filter((p) => p.resource !== "exchangeOnline" || service === "exchange")
    : [...backupAppPermissions[service], ...(service === "exchange" && options.backupPublicFolders ? [publicFoldersPermission] : [])];
  const scopes = new Map<ResourceApi, string[]>();
  for (const p of perms.filter((x) => x.kind === "delegated")) scopes.set(p.resource, [...(scopes.get(p.resource) ?? []), p.value]);
  return scopes;
}

/** Logical-name word per resource API. */
export const resourceApiSlugs: Readonly<Record<ResourceApi, string>> = {
  microsoftGraph: "graph",
  exchangeOnline: "exchange-online",
  sharePointOnline: "sharepoint-online",
};
