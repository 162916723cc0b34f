import type { ResourceValidationPolicy } from "@pulumi/policy";
import { publicFoldersScope, resourceTypes } from "./resource-types";

/**
 * Exchange Online blocks EWS by default from 1 October 2026 and shuts it down on 1 April 2027
 * (docs/facts.md). Public Folders backup needs EWS.AccessAsUser.All, so it works at most until then.
 */
export const publicFoldersEwsRetired: ResourceValidationPolicy = {
  name: "public-folders-ews-retired",
  description:
    "Warns when a consent grants EWS.AccessAsUser.All (exchange.backupPublicFolders): Public Folders backup goes through Exchange Web Services, " +
    "which Exchange Online blocks by default from 1 October 2026 (tenants must allow-list the app) and shuts down on 1 April 2027; nothing new may depend on it.",
  enforcementLevel: "advisory",
  validateResource: (args, reportViolation) => {
    if (args.type !== resourceTypes.delegatedPermissionGrant) return;
    const claims = (args.props.claimValues ?? []) as string[];
    if (!claims.includes(publicFoldersScope)) return;
    reportViolation(
      `${args.name} grants ${publicFoldersScope} for Public Folders backup through EWS, which Exchange Online blocks by default since 1 October 2026 and shuts down on 1 April 2027. ` +
        "Set m365-backup:exchange.backupPublicFolders to false, or allow-list the backup app for EWS in the tenant (EWSAllowedAppIDs) until the shutdown and plan for Public Folders without it.",
    );
  },
};
