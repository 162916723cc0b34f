import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { publicFoldersScope, resourceTypes } from "./resource-types";
import { accountLabel, backupAccounts, BackupAccountView, known } from "./stack-view";

export type ExchangeLicenceRule = "when-public-folders" | "always";
export interface BackupAccountsLicensedConfig {
  exchangeLicence: ExchangeLicenceRule;
}
export const backupAccountsLicensedDefaults: BackupAccountsLicensedConfig = { exchangeLicence: "when-public-folders" };

const configSchema: PolicyConfigSchema = {
  properties: {
    exchangeLicence: {
      type: "string",
      enum: ["when-public-folders", "always"],
      default: backupAccountsLicensedDefaults.exchangeLicence,
      description: "When the Exchange backup account must be licensed: only when Public Folders are backed up (the guide), or always.",
    },
  },
};

function hasUsableLicence(account: BackupAccountView): boolean {
  return account.licences.some((l) => {
    if (known(() => l.props.mode) === "group") return true;
    const skus = known(() => l.props.skuPartNumbers);
    // Unknown during preview counts as licensed: the SKUs are decided by config, not by the cloud.
    return skus === undefined || (Array.isArray(skus) && skus.length > 0);
  });
}

export const backupAccountsLicensed: StackValidationPolicy = {
  name: "backup-accounts-licensed",
  description:
    "The SharePoint, OneDrive and Groups/Teams backup accounts hold a licence, and the Exchange account does when Public Folders are backed up. " +
    "The guide asks for licensed accounts ('should be licensed'), so this is advisory by default; an organisation that requires it sets " +
    'enforcementLevel "mandatory" for this policy in its policy config. Public Folders are read through EWS as the Exchange account, which needs an Exchange licence.',
  // The guide's "should": a recommendation, not a refusal. --policy-config raises it to mandatory.
  enforcementLevel: "advisory",
  configSchema,
  validateStack: (args, reportViolation) => {
    const config = { ...backupAccountsLicensedDefaults, ...args.getConfig<Partial<BackupAccountsLicensedConfig>>() };
    const publicFolders = args.resources.some((r) => {
      if (r.type !== resourceTypes.delegatedPermissionGrant) return false;
      const claims = known(() => r.props.claimValues);
      return Array.isArray(claims) && claims.includes(publicFoldersScope);
    });
    for (const account of backupAccounts(args.resources)) {
      if (!account.service) continue;
      const required = account.service !== "exchange" || config.exchangeLicence === "always" || publicFolders;
      if (!required || hasUsableLicence(account)) continue;
      const why =
        account.service === "exchange"
          ? config.exchangeLicence === "always"
            ? "this organisation requires a licensed Exchange backup account"
            : `Public Folders are backed up (the app holds ${publicFoldersScope}), which reads them as this account`
          : "the guide asks for a licensed account";
      reportViolation(
        `Backup account ${accountLabel(account)} (${account.service}) has no licence: ${why}. ` +
          `Set m365-backup:accounts.licensing.skus.${account.service} (or use group licensing).`,
        account.user.urn,
      );
    }
  },
};
