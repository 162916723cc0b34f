import type { PolicyResource } from "@pulumi/policy";
import { BackupService, backupServices, resourceTypes } from "./resource-types";

/**
 * Reads a property that may be unknown during preview. The runtime's proxy throws on unknown values;
 * a stack policy that links resources by id must then fall back to other evidence (the parent)
 * instead of reporting "can't run during preview" for the whole stack.
 */
export function known<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (e instanceof Error && / can't be known during preview$/.test(e.message)) return undefined;
    throw e;
  }
}

/** Marks the accounts in Entra ID (set by BackupServiceAccount). */
export const backupAccountEmployeeType = "backup-service-account";
const jobTitlePrefix = "Backup service account: ";

/**
 * Every way a stack can give a principal a directory role: a permanent assignment, a time-bound
 * assignment schedule (the module's own resource) or a PIM eligibility. Read from the resources by
 * type, with their principal and, where the type has one, their end.
 */
export interface RoleGrant {
  roleId?: string;
  principalObjectId?: string;
  /** Hours until the grant ends; undefined when it never ends. */
  hours?: number;
}

/** What a resource policy and a stack policy both see of a resource. */
type Typed = Pick<PolicyResource, "type" | "props">;

const roleGrantReaders: Record<string, (r: Typed) => RoleGrant> = {
  [resourceTypes.directoryRoleAssignment]: (r) => ({
    roleId: str(known(() => r.props.roleId)),
    principalObjectId: str(known(() => r.props.principalObjectId)),
  }),
  [resourceTypes.directoryRoleEligibilityScheduleRequest]: (r) => ({
    roleId: str(known(() => r.props.roleDefinitionId)),
    principalObjectId: str(known(() => r.props.principalId)),
  }),
  [resourceTypes.directoryRoleAssignmentSchedule]: (r) => {
    const hours = known(() => r.props.durationHours);
    return {
      roleId: str(known(() => r.props.roleId)),
      principalObjectId: str(known(() => r.props.principalObjectId)),
      ...(typeof hours === "number" && hours > 0 ? { hours } : {}),
    };
  },
};

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export function isRoleGrant(r: Typed): boolean {
  return r.type in roleGrantReaders;
}

export function roleGrantOf(r: Typed): RoleGrant {
  return roleGrantReaders[r.type](r);
}

/** One backup service account as the stack holds it: the Entra ID user and what hangs off it. */
export interface BackupAccountView {
  user: PolicyResource;
  service?: BackupService;
  userPrincipalName?: string;
  objectId?: string;
  /** The Exchange role phase the BackupServiceAccount component declares (Exchange only). */
  rolePhase?: string;
  roleAssignments: PolicyResource[];
  licences: PolicyResource[];
}

export function isBackupAccount(r: PolicyResource): boolean {
  return r.type === resourceTypes.user && known(() => r.props.employeeType) === backupAccountEmployeeType;
}

/** The service a backup account serves, from the job title the component sets. */
export function serviceOfAccount(user: PolicyResource): BackupService | undefined {
  const title = known(() => user.props.jobTitle);
  if (typeof title !== "string" || !title.startsWith(jobTitlePrefix)) return undefined;
  const service = title.slice(jobTitlePrefix.length);
  return (backupServices as readonly string[]).includes(service) ? (service as BackupService) : undefined;
}

/**
 * The type of the resource a URN names: the last `$`-separated segment of its type chain (nested
 * `...$<type>::<name>`, top level `::<type>::<name>`). Used on parent URNs to tell which component a
 * resource sits under.
 */
export function typeOfUrn(urn: string | undefined): string | undefined {
  return /(?:\$|::)([^$:]+:[^$:]+:[^$:]+)::[^:]*$/.exec(urn ?? "")?.[1];
}

function parentUrn(r: PolicyResource): string | undefined {
  return r.parent?.urn ?? r.opts.parent;
}

/**
 * A resource belongs to an account when it points at the account's object id or UPN. Only when its
 * principal is still unknown (preview) does sitting under the same BackupServiceAccount component count:
 * a known id that is not the account's is someone else, wherever the resource is parented.
 */
function belongsTo(r: PolicyResource, account: BackupAccountView, idKeys: readonly string[]): boolean {
  let knownPrincipal = false;
  for (const key of idKeys) {
    const v = known(() => r.props[key]);
    if (typeof v !== "string") continue;
    knownPrincipal = true;
    if (v === account.objectId || v.toLowerCase() === account.userPrincipalName?.toLowerCase()) return true;
  }
  if (knownPrincipal) return false;
  const accountParent = parentUrn(account.user);
  return accountParent !== undefined && typeOfUrn(accountParent) === resourceTypes.backupServiceAccount && parentUrn(r) === accountParent;
}

/** Every backup service account of the stack with its role assignments and licence assignments. */
export function backupAccounts(resources: readonly PolicyResource[]): BackupAccountView[] {
  const accounts: BackupAccountView[] = resources.filter(isBackupAccount).map((user) => {
    const upn = known(() => user.props.userPrincipalName);
    const objectId = known(() => user.props.objectId);
    return {
      user,
      service: serviceOfAccount(user),
      userPrincipalName: typeof upn === "string" ? upn : undefined,
      objectId: typeof objectId === "string" ? objectId : undefined,
      roleAssignments: [],
      licences: [],
    };
  });
  for (const account of accounts) {
    account.roleAssignments = resources.filter((r) => isRoleGrant(r) && belongsTo(r, account, ["principalObjectId", "principalId"]));
    const component = resources.find((r) => r.type === resourceTypes.backupServiceAccount && r.urn === parentUrn(account.user));
    const phase = component ? known(() => component.props.rolePhase) : undefined;
    if (typeof phase === "string") account.rolePhase = phase;
    account.licences = resources.filter(
      (r) => r.type === resourceTypes.licenceAssignment && belongsTo(r, account, ["userObjectId", "userPrincipalName"]),
    );
  }
  return accounts;
}

/** The name a message uses for an account: its UPN, else its resource name. */
export function accountLabel(account: BackupAccountView): string {
  return account.userPrincipalName ?? account.user.name;
}
