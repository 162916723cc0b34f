import type { StackValidationPolicy } from "@pulumi/policy";
import { describeRole, resourceTypes, roleTemplateIds } from "./resource-types";
import { accountLabel, backupAccounts, isRoleGrant, known, roleGrantOf } from "./stack-view";

/** The BackupTask output that says the vendor holds a working sign-in for the task. */
export const connectedState = "connected";

export const exchangeGlobalAdminBootstrapOnly: StackValidationPolicy = {
  name: "exchange-global-admin-bootstrap-only",
  description:
    "Global Administrator is held by nobody in the stack but the Exchange backup account, only in its bootstrap phase, and only until its " +
    "backup task is connected. The guide needs Global Admin for the first Exchange sign-in and lets it drop to Exchange Administrator once " +
    "the task is registered; a standing Global Admin on an unattended account is the largest blast radius in the tenant.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const exchangeTaskConnected = args.resources.some(
      (r) =>
        r.type === resourceTypes.backupTask &&
        known(() => r.props.service) === "exchange" &&
        known(() => r.props.connectionState) === connectedState,
    );
    const accounts = backupAccounts(args.resources);
    const globalAdmin = describeRole(roleTemplateIds.globalAdministrator);
    for (const r of args.resources.filter(isRoleGrant)) {
      const grant = roleGrantOf(r);
      if (grant.roleId !== roleTemplateIds.globalAdministrator) continue;
      const account = accounts.find((a) => a.roleAssignments.includes(r));
      if (!account) {
        // During preview a new principal's id is unknown; the grant is judged again with its value known.
        if (grant.principalObjectId === undefined) continue;
        reportViolation(
          `${r.name} gives ${globalAdmin} to ${grant.principalObjectId}, which is not a backup account of this stack; only the Exchange backup account may hold it, in its bootstrap phase. Remove ${r.name}.`,
          r.urn,
        );
      } else if (account.service !== "exchange") {
        reportViolation(
          `Backup account ${accountLabel(account)} (${account.service ?? "unknown service"}) holds Global Administrator; only the Exchange account may, and only in the bootstrap phase.`,
          r.urn,
        );
      } else if (account.rolePhase !== "bootstrap") {
        reportViolation(
          `${accountLabel(account)} holds Global Administrator outside the bootstrap phase (exchange.rolePhase is ${account.rolePhase ?? "not declared"}); remove ${r.name}.`,
          r.urn,
        );
      } else if (exchangeTaskConnected) {
        reportViolation(
          `The Exchange backup task is connected, yet ${accountLabel(account)} still holds Global Administrator. ` +
            "Demote it: set m365-backup:exchange.rolePhase to steady (Exchange Administrator) and apply.",
          r.urn,
        );
      }
    }
  },
};
