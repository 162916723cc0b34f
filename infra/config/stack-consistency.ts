import { carriesUrlCredentials } from "./url-credentials";
import { configNamespace } from "./errors";
import type { TenantConfig } from "./schema";

/**
 * Checks across the whole stack config that no single section can make: the Azure providers must
 * point at the tenant and the cloud the config onboards, and no URL anywhere may carry a user name or password.
 */

/** The SharePoint root's cloud, by its domain (tenant.sharePointRootUrl; <initialDomainName>.sharepoint.com when unset). */
type Cloud = "commercial" | "usgovernment" | "dod" | "china";
const cloudOfSharePointDomain: Readonly<Record<string, Cloud>> = {
  "sharepoint.com": "commercial",
  "sharepoint.us": "usgovernment",
  "sharepoint-mil.us": "dod",
  "sharepoint.cn": "china",
};

/**
 * Each provider's `environment` values per cloud (azuread: global|public, usgovernmentl4|usgovernment,
 * usgovernmentl5|dod, china; azure-native: public, usgovernment, china; docs/facts.md).
 */
const environmentsOf: Readonly<Record<string, Readonly<Record<Cloud, readonly string[]>>>> = {
  "azuread:environment": {
    commercial: ["global", "public"],
    usgovernment: ["usgovernment", "usgovernmentl4"],
    dod: ["dod", "usgovernmentl5"],
    china: ["china"],
  },
  "azure-native:environment": { commercial: ["public"], usgovernment: ["usgovernment"], dod: ["usgovernment"], china: ["china"] },
};

function cloudOf(config: TenantConfig): Cloud {
  const root = config.tenant.sharePointRootUrl ?? `${config.tenant.initialDomainName}.sharepoint.com`;
  return cloudOfSharePointDomain[root.slice(root.indexOf(".") + 1)] ?? "commercial";
}

/**
 * The providers' tenant must be tenant.id (every account, role and consent is made there), and their
 * cloud must be the one the SharePoint root lives in: a provider aimed at another cloud signs the
 * deploy in somewhere else than the tenant onboarded.
 */
export function providerTenantProblems(config: TenantConfig, allConfig: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const key of ["azuread:tenantId", "azure-native:tenantId"]) {
    const provider = allConfig[key];
    if (provider === undefined || (typeof provider === "string" && provider.toLowerCase() === config.tenant.id.toLowerCase())) continue;
    problems.push(
      `${key} = ${JSON.stringify(provider)}: differs from ${configNamespace}:tenant.id (${config.tenant.id}), so the backup accounts, roles and consent would be made in another tenant than the one onboarded. Fix: pulumi config set ${key} ${config.tenant.id} (or correct tenant.id).`,
    );
  }
  const cloud = cloudOf(config);
  for (const [key, byCloud] of Object.entries(environmentsOf)) {
    const value = allConfig[key];
    if (value === undefined || (typeof value === "string" && byCloud[cloud].includes(value))) continue;
    problems.push(
      `${key} = ${JSON.stringify(value)}: not the cloud of the tenant's SharePoint root (${cloud}: ${byCloud[cloud].join(" or ")}). Fix: pulumi config set ${key} ${byCloud[cloud][0]}, or remove it (the default is the commercial cloud), or correct tenant.sharePointRootUrl.`,
    );
  }
  return problems;
}

/** A URL with a user name or password in any config value (of every namespace): a secret in plain text, and one fetch refuses. */
export function urlCredentialProblems(allConfig: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === "string") {
      if (carriesUrlCredentials(value))
        problems.push(
          `${key}: a URL with a user name or password in it (shown here without them). Fix: remove the credential from the URL; secrets go in secret config (pulumi config set --secret).`,
        );
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${key}[${i}]`));
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, `${key}.${k}`);
  };
  for (const [key, value] of Object.entries(allConfig)) {
    // Stack config from the CLI arrives as JSON text for objects.
    let parsed = value;
    if (typeof value === "string" && /^[[{]/.test(value)) {
      try {
        parsed = JSON.parse(value);
      } catch {
        parsed = value;
      }
    }
    walk(parsed, key);
  }
  return problems;
}
