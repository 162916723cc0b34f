import * as fs from "fs";
import * as path from "path";
import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { resourceTypes } from "./resource-types";
import { known } from "./stack-view";

/** Who may get access to a tenant: the values a stack file sets that decide it, each from a reviewed list. */
export interface WhoGetsAccessConfig {
  vendorAppIds: string[];
  federatedIdentities: { issuer: string; subject: string }[];
  secretReaderObjectIds: string[];
  licensingGroupObjectIds: string[];
}

/** The reviewed lists, kept beside the pack (access-allow-list.json) so that a change to them is a reviewed change to the pack. */
export const whoGetsAccessDefaults = JSON.parse(
  fs.readFileSync(path.join(__dirname, "access-allow-list.json"), "utf8"),
) as WhoGetsAccessConfig;

const list = (description: string, items: object, defaults: unknown[]) => ({
  type: "array" as const,
  items,
  default: defaults,
  description,
});
const configSchema: PolicyConfigSchema = {
  properties: {
    vendorAppIds: list(
      "Application (client) ids of the backup vendor's apps a stack may consent to.",
      { type: "string" },
      whoGetsAccessDefaults.vendorAppIds,
    ),
    federatedIdentities: list(
      "Issuer and subject pairs a customer-owned backup app may trust.",
      { type: "object", properties: { issuer: { type: "string" }, subject: { type: "string" } }, required: ["issuer", "subject"] },
      whoGetsAccessDefaults.federatedIdentities,
    ),
    secretReaderObjectIds: list(
      "Object ids that may read the backup accounts' passwords in the Key Vault.",
      { type: "string" },
      whoGetsAccessDefaults.secretReaderObjectIds,
    ),
    licensingGroupObjectIds: list(
      "Groups the backup accounts may join for their licences.",
      { type: "string" },
      whoGetsAccessDefaults.licensingGroupObjectIds,
    ),
  },
};

const lower = (values: readonly string[]) => values.map((v) => v.toLowerCase());

/**
 * Per resource, so `pulumi up` refuses before anything is granted. Values unknown in a preview are
 * judged once known. The consent of a customer-owned app is its own principal (under CustomerBackupApp),
 * not a vendor's, so only the vendor-app principal is matched against vendorAppIds.
 */
export const whoGetsAccessAllowList: ResourceValidationPolicy = {
  name: "who-gets-access-allow-list",
  description:
    "The values that decide who gets a tenant come from reviewed lists: the vendor app consented to, the issuer and subject a customer-owned " +
    "backup app trusts, who may read the passwords in the Key Vault, and the licensing group the accounts join. A stack file alone must not " +
    "hand a tenant's mail and files to an app, a token or a person nobody reviewed.",
  enforcementLevel: "mandatory",
  configSchema,
  validateResource: (args, reportViolation) => {
    const c = { ...whoGetsAccessDefaults, ...args.getConfig<Partial<WhoGetsAccessConfig>>() };
    const fix = "add it to policies/access-allow-list.json in a change the security reviewers approve, or correct the stack file";
    const ofCustomerApp = (args.opts.parent ?? "").includes("m365-backup:identities:CustomerBackupApp$");
    if (args.type === resourceTypes.servicePrincipal && !ofCustomerApp) {
      const clientId = known(() => args.props.clientId);
      if (typeof clientId === "string" && !lower(c.vendorAppIds).includes(clientId.toLowerCase()))
        reportViolation(
          `${args.name} consents to the app ${clientId} (consent.vendorAppId or consent.vendorApps), which is not on the reviewed list of vendor apps; ${fix}.`,
        );
    }
    if (args.type === "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential") {
      const issuer = known(() => args.props.issuer);
      const subject = known(() => args.props.subject);
      if (
        typeof issuer === "string" &&
        typeof subject === "string" &&
        !c.federatedIdentities.some((f) => f.issuer === issuer && f.subject === subject)
      )
        reportViolation(
          `${args.name} trusts tokens of issuer ${issuer} with subject ${subject}, which is not a reviewed federated identity; ${fix}.`,
        );
    }
    if (args.type === "azure-native:authorization:RoleAssignment") {
      const principal = known(() => args.props.principalId);
      if (typeof principal === "string" && !lower(c.secretReaderObjectIds).includes(principal.toLowerCase()))
        reportViolation(
          `${args.name} lets ${principal} read the backup accounts' passwords (keyVault.secretReaderObjectIds), who is not on the reviewed list of readers; ${fix}.`,
        );
    }
    if (args.type === resourceTypes.licenceAssignment && known(() => args.props.mode) === "group") {
      const group = known(() => args.props.groupObjectId);
      if (typeof group === "string" && !lower(c.licensingGroupObjectIds).includes(group.toLowerCase()))
        reportViolation(
          `${args.name} makes the account a member of group ${group} (accounts.licensing.groupObjectId), which is not a reviewed licensing group; ${fix}.`,
        );
    }
  },
};
