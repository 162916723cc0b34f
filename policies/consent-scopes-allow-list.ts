import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { resourceAppIds, resourceTypes } from "./resource-types";
import { known } from "./stack-view";
import { applicationPermissionIds, delegatedPermissionIds, describePermissionId, isPrivilegedPermission } from "./well-known-permissions";

export interface ConsentScopesConfig {
  /** Application permissions (app roles) allowed per resource app id. */
  allowedApplicationPermissions: Record<string, string[]>;
  /** Delegated scopes allowed per resource app id. */
  allowedDelegatedScopes: Record<string, string[]>;
}

/**
 * The backup app's permissions as reviewed. Deliberately a second copy of the program's permission
 * table: widening consent must change this list too.
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
      description: "Application permissions any app role assignment or app registration of the stack may grant, per resource app id.",
      default: consentScopesDefaults.allowedApplicationPermissions,
    },
    allowedDelegatedScopes: {
      ...perResourceApp,
      description: "Delegated scopes any delegated grant or app registration of the stack may hold, per resource app id.",
      default: consentScopesDefaults.allowedDelegatedScopes,
    },
  },
};

const fix =
  "Remove the grant, or get the consent-scopes-allow-list policy's allow-list reviewed (privileged permissions are refused whatever the list says).";

interface ResourceAccess {
  id?: string;
  type?: string;
}

/**
 * Reads the grants themselves, by type, wherever the program declares them: every app role assignment
 * (resolved from Microsoft's published app role ids), every delegated grant and every app
 * registration's required resource access. A grant the table cannot name is refused: the pack cannot
 * vouch for what it cannot read.
 */
export const consentScopesAllowList: ResourceValidationPolicy = {
  name: "consent-scopes-allow-list",
  description:
    "Every app role assignment, delegated permission grant and app registration of the stack grants only permissions on the allow-list " +
    "(per resource API, application and delegated separately), resolved from Microsoft's published permission ids, and never a privileged " +
    "permission (RoleManagement.*, AppRoleAssignment.ReadWrite.All, Application.ReadWrite.All, Directory.ReadWrite.All and the like). " +
    "Admin consent is tenant-wide and survives the people who approved it; anything beyond backup and restore needs a reviewed change to this list.",
  enforcementLevel: "mandatory",
  configSchema,
  validateResource: (args, reportViolation) => {
    const config = { ...consentScopesDefaults, ...args.getConfig<Partial<ConsentScopesConfig>>() };
    const allowedApplication = (resourceAppId: string, value: string) =>
      (config.allowedApplicationPermissions[resourceAppId] ?? []).includes(value);
    const allDelegated = new Set(Object.values(config.allowedDelegatedScopes).flat());

    const judgeApplication = (id: string, where: string) => {
      const permission = applicationPermissionIds[id];
      if (!permission) {
        reportViolation(`${where} grants ${describePermissionId(id, "application")}, which is not a permission this pack can name. ${fix}`);
      } else if (isPrivilegedPermission(permission.value)) {
        reportViolation(`${where} grants the privileged application permission ${permission.value}; a backup app never needs it. ${fix}`);
      } else if (!allowedApplication(permission.resourceAppId, permission.value)) {
        reportViolation(
          `${where} grants the application permission ${permission.value} on resource app ${permission.resourceAppId}, which is not on the allow-list. ${fix}`,
        );
      }
    };
    const judgeDelegated = (value: string, where: string) => {
      if (isPrivilegedPermission(value)) reportViolation(`${where} consents to the privileged delegated scope ${value}. ${fix}`);
      else if (!allDelegated.has(value))
        reportViolation(`${where} consents to ${value}, which is not on the allow-list of delegated scopes. ${fix}`);
    };

    if (args.type === resourceTypes.appRoleAssignment) {
      const id = known(() => args.props.appRoleId);
      if (typeof id === "string") judgeApplication(id, `App role assignment ${args.name}`);
    } else if (args.type === resourceTypes.delegatedPermissionGrant) {
      const claims = known(() => args.props.claimValues);
      for (const claim of Array.isArray(claims) ? claims : [])
        if (typeof claim === "string") judgeDelegated(claim, `Delegated grant ${args.name}`);
    } else if (args.type === resourceTypes.application) {
      const required = known(() => args.props.requiredResourceAccesses);
      for (const api of Array.isArray(required) ? (required as { resourceAppId?: string; resourceAccesses?: ResourceAccess[] }[]) : []) {
        for (const access of api.resourceAccesses ?? []) {
          if (typeof access.id !== "string") continue;
          const where = `App registration ${args.name} (requiredResourceAccess of ${api.resourceAppId ?? "?"})`;
          if (access.type === "Role") judgeApplication(access.id, where);
          else {
            const scope = delegatedPermissionIds[access.id];
            if (scope) judgeDelegated(scope.value, where);
            else
              reportViolation(
                `${where} asks for ${describePermissionId(access.id, "delegated")}, which is not a permission this pack can name. ${fix}`,
              );
          }
        }
      }
    }
  },
};
