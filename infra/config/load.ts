import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError, configNamespace, describeIssues } from "./errors";
import { plaintextCredentialProblems } from "./plaintext-credentials";
import { configKeys, TenantConfig, tenantConfigSchema } from "./schema";
import { providerTenantProblems, urlCredentialProblems } from "./stack-consistency";
import { configKeyProblems } from "./stack-keys";
import { emulatorAllowed, emulatorRefusal } from "./emulator-switch";

/** Validates raw config values (one object per top-level key) into a TenantConfig or throws naming every bad key. */
export function parseTenantConfig(raw: Record<string, unknown>): TenantConfig {
  const result = tenantConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigValidationError(describeIssues(raw, result.error.issues));
  }
  return result.data;
}

/**
 * parseTenantConfig, and across all of the stack's config (every namespace, every file): a key not on
 * the allow-list, a secret that is not a credential, a credential that is not a secret, a provider aimed
 * at another tenant or cloud, and an emulator URL outside a test (`env`) are problems too; every
 * problem is named in one error. The program and the offline gate both validate through here.
 */
export function parseStackConfig(
  raw: Record<string, unknown>,
  allConfig: Readonly<Record<string, unknown>>,
  isSecret: (key: string) => boolean,
  env: NodeJS.ProcessEnv = {},
): TenantConfig {
  // Secret values are never read here (an encrypted value may look like anything).
  const readable = Object.fromEntries(Object.entries(allConfig).filter(([k]) => !isSecret(k)));
  const stackWide = [
    ...plaintextCredentialProblems(allConfig, isSecret),
    ...configKeyProblems(Object.keys(allConfig), isSecret),
    ...urlCredentialProblems(readable),
  ];
  let config: TenantConfig;
  try {
    config = parseTenantConfig(raw);
  } catch (e) {
    if (e instanceof ConfigValidationError) throw new ConfigValidationError([...stackWide, ...e.problems]);
    throw e;
  }
  const problems = [
    ...stackWide,
    ...providerTenantProblems(config, readable),
    ...(config.vendorApi?.emulatorUrl !== undefined && !emulatorAllowed(env)
      ? [emulatorRefusal(`${configNamespace}:vendorApi.emulatorUrl`)]
      : []),
  ];
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}

// Pulumi's runtime knows which config values arrived as secrets; the typed surface does not expose it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeConfig = require("@pulumi/pulumi/runtime/config") as {
  allConfig(): Record<string, string>;
  isConfigSecret(key: string): boolean;
};

/**
 * Reads the current stack's config; called by the program before any resource is declared. A
 * credential in plain text (a stack file, an ESC value without fn::secret) stops the run too.
 */
export function loadTenantConfig(config: pulumi.Config = new pulumi.Config(configNamespace)): TenantConfig {
  const raw: Record<string, unknown> = {};
  for (const key of configKeys) {
    const value = config.getObject<unknown>(key);
    if (value !== undefined) raw[key] = value;
  }
  return parseStackConfig(raw, runtimeConfig.allConfig(), (key) => runtimeConfig.isConfigSecret(key), process.env);
}
