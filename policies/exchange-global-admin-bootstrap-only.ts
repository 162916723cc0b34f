import type { StackValidationPolicy } from "@pulumi/policy";
import { resourceTypes, roleTemplateIds } from "./resource-types";
import { accountLabel, backupAccounts, known } from "./stack-view";

/** The BackupTask output that says the vendor holds a working sign-in for the task. */
export const connectedState = "connected";

export const exchangeGlobalAdminBootstrapOnly: StackValidationPolicy = {
  name: "exchange-global-admin-bootstrap-only",
  description:
    "Global Administrator is held only by the Exchange backup account, and only until its backup task is connected. " +
    "The guide needs Global Admin for the first Exchange sign-in and lets it drop to Exchange Administrator once the task is registered; " +
    "a standing Global Admin on an unattended account is the largest blast radius in the tenant.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const exchangeTaskConnected = args.resources.some(
      (r) => r.type === resourceTypes.backupTask && known(() => r.props.service) === "exchange" && known(() => r.props.connectionState) === connectedState,
    );
    for (const account of backupAccounts(args.resources)) {
      for (const assignment of account.roleAssignments) {
        if (known(() => assignment.props.roleId) !== roleTemplateIds.globalAdministrator) continue;
        if (account.service !== "exchange") {
          reportViolation(
            `Backup account ${accountLabel(account)} (${account.service ?? "unknown service"}) holds Global Administrator; only the Exchange account may, and only in the bootstrap phase.`,
            assignment.urn,
          );
        } else if (exchangeTaskConnected) {
          reportViolation(
            `The Exchange backup task is connected, yet ${accountLabel(account)} still holds Global Administrator. ` +
              "Demote it: set m365-backup:exchange.rolePhase to steady (Exchange Administrator) and apply.",
            assignment.urn,
          );
        }
      }
    }
  },
};
