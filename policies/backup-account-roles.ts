import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { BackupService, describeRole, roleTemplateIds } from "./resource-types";
import { accountLabel, backupAccounts, roleGrantOf } from "./stack-view";

export type BackupAccountRolesConfig = { allowedRoleTemplateIds: Record<BackupService, string[]> };

/** The guide's role map. Global Administrator is allowed for Exchange here; when is the job of exchange-global-admin-bootstrap-only. */
export const backupAccountRolesDefaults: BackupAccountRolesConfig = {
  allowedRoleTemplateIds: {
    exchange: [roleTemplateIds.globalAdministrator, roleTemplateIds.exchangeAdministrator],
    sharepoint: [roleTemplateIds.sharePointAdministrator],
    onedrive: [roleTemplateIds.sharePointAdministrator],
    groupsTeams: [roleTemplateIds.teamsAdministrator],
  },
};

const roleList = { type: "array", items: { type: "string" } } as const;
const configSchema: PolicyConfigSchema = {
  properties: {
    allowedRoleTemplateIds: {
      type: "object",
      description: "Directory role template ids each service's backup account may hold.",
      properties: { exchange: roleList, sharepoint: roleList, onedrive: roleList, groupsTeams: roleList },
      default: backupAccountRolesDefaults.allowedRoleTemplateIds,
    },
  },
};

export const backupAccountRoles: StackValidationPolicy = {
  name: "backup-account-roles",
  description:
    "A backup account holds only the directory roles the guide maps to its service (Exchange: Exchange Administrator, with a time-bound Global Administrator during bootstrap; " +
    "SharePoint and OneDrive: SharePoint Administrator; Groups/Teams: Teams Administrator), and at least one of them. " +
    "These accounts sign in unattended for the vendor; any extra admin role widens what a leaked token can do.",
  enforcementLevel: "mandatory",
  configSchema,
  validateStack: (args, reportViolation) => {
    const configured = args.getConfig<Partial<BackupAccountRolesConfig>>().allowedRoleTemplateIds;
    const allowed = { ...backupAccountRolesDefaults.allowedRoleTemplateIds, ...configured };
    for (const account of backupAccounts(args.resources)) {
      if (!account.service) continue;
      const permitted = allowed[account.service] ?? [];
      if (account.roleAssignments.length === 0) {
        reportViolation(
          `Backup account ${accountLabel(account)} (${account.service}) holds no directory role; it needs ${permitted.map(describeRole).join(" or ")} to register its backup task.`,
          account.user.urn,
        );
      }
      for (const assignment of account.roleAssignments) {
        const roleId = roleGrantOf(assignment).roleId;
        if (typeof roleId !== "string" || permitted.includes(roleId)) continue;
        reportViolation(
          `Backup account ${accountLabel(account)} (${account.service}) is assigned ${describeRole(roleId)}; ` +
            `the guide maps ${account.service} to ${permitted.map(describeRole).join(", ")} only. Remove the assignment ${assignment.name}.`,
          assignment.urn,
        );
      }
    }
  },
};
