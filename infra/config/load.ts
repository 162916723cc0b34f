import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError, configNamespace, describeIssues } from "./errors";
import { configKeys, TenantConfig, tenantConfigSchema } from "./schema";

/** Validates raw config values (one object per top-level key) into a TenantConfig or throws naming every bad key. */
export function parseTenantConfig(raw: Record<string, unknown>): TenantConfig {
  const result = tenantConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigValidationError(describeIssues(raw, result.error.issues));
  }
  return result.data;
}

/** Reads the current stack's config; called by the program before any resource is declared. */
export function loadTenantConfig(config: pulumi.Config = new pulumi.Config(configNamespace)): TenantConfig {
  const raw: Record<string, unknown> = {};
  for (const key of configKeys) {
    const value = config.getObject<unknown>(key);
    if (value !== undefined) raw[key] = value;
  }
  return parseTenantConfig(raw);
}
