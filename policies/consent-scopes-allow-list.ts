import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { resourceAppIds, resourceTypes } from "./resource-types";

export interface ConsentScopesConfig {
  /** Application permissions (app roles) allowed per resource app id. */
  allowedApplicationPermissions: Record<string, string[]>;
  /** Delegated scopes allowed per resource app id. */
  allowedDelegatedScopes: Record<string, string[]>;
}

/**
 * Least privilege for back up and restore of the four services, as reviewed. Deliberately a second
 * copy of the program's permission table: widening consent must change this list too.
 */
export const consentScopesDefaults: ConsentScopesConfig = {
  allowedApplicationPermissions: {
    [resourceAppIds.microsoftGraph]: [
      "User.Read.All",
      "Mail.ReadWrite",
      "Calendars.ReadWrite",
      "Contacts.ReadWrite",
      "MailboxSettings.Read",
      "Sites.ReadWrite.All",
      "Files.ReadWrite.All",
      "Group.ReadWrite.All",
      "ChannelMessage.Read.All",
      "TeamSettings.ReadWrite.All",
    ],
    [resourceAppIds.sharePointOnline]: ["Sites.FullControl.All"],
  },
  allowedDelegatedScopes: {
    [resourceAppIds.microsoftGraph]: ["User.Read", "offline_access"],
    [resourceAppIds.exchangeOnline]: ["EWS.AccessAsUser.All"],
  },
};

const perResourceApp = { type: "object", additionalProperties: { type: "array", items: { type: "string" } } } as const;
const configSchema: PolicyConfigSchema = {
  properties: {
    allowedApplicationPermissions: {
      ...perResourceApp,
      description: "Application permissions the backup app may hold, per resource app id.",
      default: consentScopesDefaults.allowedApplicationPermissions,
    },
    allowedDelegatedScopes: {
      ...perResourceApp,
      description: "Delegated scopes the backup accounts may grant the app, per resource app id.",
      default: consentScopesDefaults.allowedDelegatedScopes,
    },
  },
};

interface Permission {
  resourceAppId: string;
  kind: "application" | "delegated";
  value: string;
}

export const consentScopesAllowList: ResourceValidationPolicy = {
  name: "consent-scopes-allow-list",
  description:
    "The backup app is consented only permissions on the allow-list (per resource API, application and delegated separately). " +
    "Admin consent is tenant-wide and survives the people who approved it; anything beyond backup and restore needs a reviewed change to this list.",
  enforcementLevel: "mandatory",
  configSchema,
  validateResource: (args, reportViolation) => {
    const config = { ...consentScopesDefaults, ...args.getConfig<Partial<ConsentScopesConfig>>() };
    const allDelegated = new Set(Object.values(config.allowedDelegatedScopes).flat());
    if (args.type === resourceTypes.vendorAppConsent) {
      const permissions = (args.props.permissions ?? []) as Permission[];
      for (const p of permissions) {
        const allowed = (p.kind === "application" ? config.allowedApplicationPermissions : config.allowedDelegatedScopes)[p.resourceAppId] ?? [];
        if (!allowed.includes(p.value)) {
          reportViolation(
            `The backup app's consent includes the ${p.kind} permission ${p.value} on resource app ${p.resourceAppId}, which is not on the allow-list; ` +
              "remove it from infra/identity/backup-app-permissions.ts or get the policy's allow-list reviewed.",
          );
        }
      }
    } else if (args.type === resourceTypes.delegatedPermissionGrant) {
      const claims = (args.props.claimValues ?? []) as string[];
      for (const claim of claims.filter((c) => !allDelegated.has(c))) {
        reportViolation(`Delegated grant ${args.name} consents to ${claim}, which is not on the allow-list of delegated scopes.`);
      }
    }
  },
};
