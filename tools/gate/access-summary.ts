import { configNamespace } from "../../infra/config/errors";
import type { TenantConfig } from "../../infra/config/schema";
import type { StackFile } from "./stack-files";

/**
 * What decides who gets the tenant, printed first in every verdict so that a reviewer sees it before
 * the resource tree: the app that is consented, the roles the accounts hold, who may read the
 * passwords, the licensing group, the deploying identities and any key outside the project.
 */
export function whoGetsAccess(config: TenantConfig, stackFile: StackFile): string[] {
  const c = config.consent;
  const lines = [
    c.mode === "vendor-app"
      ? c.vendorApps
        ? `backup apps: the vendor's multi-tenant apps ${c.vendorAppId} (consent.vendorAppId, every service not listed next), ${c.vendorApps.map((a, i) => `${a.appId} (consent.vendorApps[${i}]: ${a.services.join(", ")})`).join(", ")}, each with its services' permissions only`
        : `backup app: the vendor's multi-tenant app ${c.vendorAppId} (consent.vendorAppId) gets the backup permissions`
      : `backup app: customer-owned "${c.displayName}"` +
        (c.credential.kind === "federated"
          ? `, trusting tokens of issuer ${c.credential.issuer} with subject ${c.credential.subject}`
          : ", with a certificate credential"),
    config.exchange.rolePhase === "bootstrap"
      ? `exchange account: Global Administrator for ${config.exchange.globalAdministratorHours} hours (grant ${config.exchange.globalAdministratorGrant}), rolePhase bootstrap`
      : "exchange account: Exchange Administrator, rolePhase steady",
    `licensing: ${config.accounts.licensing.mode === "group" ? `membership of group ${config.accounts.licensing.groupObjectId}` : "per user (assignLicense)"}`,
    `password readers: ${config.keyVault ? config.keyVault.secretReaderObjectIds.join(", ") || "none" : "no Key Vault"}`,
    `deploying identities: writer ${config.pipeline.writerClientId ?? "the fleet's shared app"}, reader ${config.pipeline.readerClientId ?? "the fleet's shared app"}`,
  ];
  if (config.backupTasks.pausedServices.length > 0) lines.push(`paused services: ${config.backupTasks.pausedServices.join(", ")}`);
  const foreign = Object.keys(stackFile.config).filter((k) => !k.startsWith(`${configNamespace}:`));
  if (foreign.length > 0)
    lines.push(`keys outside ${configNamespace}: ${foreign.map((k) => `${k} = ${JSON.stringify(stackFile.config[k])}`).join(", ")}`);
  return lines;
}
