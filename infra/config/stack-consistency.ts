import { carriesUrlCredentials } from "./url-credentials";
import { configNamespace } from "./errors";
import type { TenantConfig } from "./schema";

/**
 * Checks across the whole stack config that no single section can make: the Azure AD provider must
 * point at the tenant the config onboards, and no URL anywhere may carry a user name or password.
 */

/** `azuread:tenantId` names the tenant every account, role and consent is created in: it must be tenant.id. */
export function providerTenantProblems(config: TenantConfig, allConfig: Readonly<Record<string, unknown>>): string[] {
  const provider = allConfig["azuread:tenantId"];
  if (typeof provider !== "string" || provider.toLowerCase() === config.tenant.id.toLowerCase()) return [];
  return [
    `azuread:tenantId = "${provider}": differs from ${configNamespace}:tenant.id (${config.tenant.id}), so the backup accounts, roles and consent would be made in another tenant than the one onboarded. Fix: pulumi config set azuread:tenantId ${config.tenant.id} (or correct tenant.id).`,
  ];
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
