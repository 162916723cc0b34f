import type { StackValidationPolicy } from "@pulumi/policy";
import { describeRole, resourceTypes } from "./resource-types";
import { backupAccounts, isRoleGrant, known, roleGrantOf } from "./stack-view";

/**
 * Reads every role grant of the stack by type, not the components' summaries: a program change that
 * assigns a role anywhere else must fail here, whatever component it sits in.
 */
export const directoryRolesForBackupAccountsOnly: StackValidationPolicy = {
  name: "directory-roles-for-backup-accounts-only",
  description:
    "Directory roles in the stack go to its backup accounts only: never to a service principal (an app with a directory role acts " +
    "without any user, MFA or Conditional Access) and never to any other principal. The module assigns roles for the guide's accounts; " +
    "anything else is someone widening the deploying identity's reach through this stack.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const accounts = backupAccounts(args.resources);
    const principals = new Map(
      args.resources
        .filter((r) => r.type === resourceTypes.servicePrincipal)
        .map((r) => [known(() => r.props.objectId), r.name] as const)
        .filter((e): e is readonly [string, string] => typeof e[0] === "string"),
    );
    for (const r of args.resources.filter(isRoleGrant)) {
      if (accounts.some((a) => a.roleAssignments.includes(r))) continue;
      const grant = roleGrantOf(r);
      const role = grant.roleId ? describeRole(grant.roleId) : "a directory role";
      const sp = grant.principalObjectId ? principals.get(grant.principalObjectId) : undefined;
      if (sp) {
        reportViolation(
          `${r.name} gives ${role} to the service principal ${sp}; no app in this stack may hold a directory role. Remove ${r.name}.`,
          r.urn,
        );
      } else if (grant.principalObjectId !== undefined) {
        reportViolation(
          `${r.name} gives ${role} to ${grant.principalObjectId}, which is not a backup account of this stack. Remove ${r.name}.`,
          r.urn,
        );
      } else {
        // Fail closed: a principal nobody can see yet is not assumed to be a backup account.
        reportViolation(
          `${r.name} gives ${role} to a principal that is unknown in this preview and is not a backup account's own grant (it does not sit under the account's BackupServiceAccount); it cannot be verified, so it fails. Give roles only through the module's backup accounts.`,
          r.urn,
        );
      }
    }
  },
};
