import type { BackupVendorApi } from "../cloudally/backup-vendor-api";
import { CloudAllyClient } from "../cloudally/cloudally-client";
import { loadPartnerListings, partnerListingsVariable } from "../cloudally/partner-listing-snapshot";
import { vendorApiHosts } from "../cloudally/vendor-hosts";
import { configNamespace, keyPath } from "../config/errors";
import { vendorApiSection } from "../config/sections/vendor-api";
import { emulatorAllowed, emulatorRefusal } from "../config/emulator-switch";

/** Reads one stack config value (as the dynamic-provider host's `configure` receives them). */
export type ConfigReader = (key: string) => string | undefined;

/** Environment fallbacks, for pipelines that inject the vendor secrets as variables (e.g. from ESC). */
export const vendorEnvironment = {
  emulatorUrl: "CLOUDALLY_EMULATOR_URL",
  clientId: "CLOUDALLY_CLIENT_ID",
  accountEmail: "CLOUDALLY_ACCOUNT_EMAIL",
  clientSecret: "CLOUDALLY_CLIENT_SECRET",
  password: "CLOUDALLY_PASSWORD",
} as const;

function fromObjectConfig(read: ConfigReader): Record<string, unknown> {
  const raw = read(`${configNamespace}:vendorApi`);
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new Error(
      `${configNamespace}:vendorApi is not an object; set it with pulumi config set --path 'vendorApi.clientId' <id> (and accountEmail).`,
    );
  }
}

/**
 * The backup vendor client for a provider run: endpoint and identity from the stack config's
 * vendorApi (or CLOUDALLY_* variables), secrets from the secret keys vendorClientSecret and
 * vendorPassword (or CLOUDALLY_CLIENT_SECRET and CLOUDALLY_PASSWORD). Never from resource inputs.
 */
export function vendorFromConfig(read: ConfigReader, env: NodeJS.ProcessEnv = process.env): BackupVendorApi {
  const fromConfig = fromObjectConfig(read);
  const merged = {
    ...(env[vendorEnvironment.emulatorUrl] ? { emulatorUrl: env[vendorEnvironment.emulatorUrl] } : {}),
    ...(env[vendorEnvironment.clientId] ? { clientId: env[vendorEnvironment.clientId] } : {}),
    ...(env[vendorEnvironment.accountEmail] ? { accountEmail: env[vendorEnvironment.accountEmail] } : {}),
    ...fromConfig,
  };
  const parsed = vendorApiSection.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${configNamespace}:vendorApi.${keyPath(issue.path)} is missing or invalid (${issue.message}); set it with pulumi config set --path 'vendorApi.${keyPath(issue.path)}' <value> or the ${vendorEnvironment[issue.path[0] as keyof typeof vendorEnvironment] ?? "CLOUDALLY_*"} variable.`,
    );
  }
  const secret = (key: "vendorClientSecret" | "vendorPassword", variable: string): string => {
    const value = read(`${configNamespace}:${key}`) ?? env[variable];
    if (!value)
      throw new Error(
        `The backup vendor secret ${configNamespace}:${key} is not set; run pulumi config set --secret ${key} <value> or set ${variable}.`,
      );
    return value;
  };
  // The provider host runs with the deploy's environment: a stack file alone never aims it at an emulator.
  if (parsed.data.emulatorUrl !== undefined && !emulatorAllowed(env))
    throw new Error(emulatorRefusal(`${configNamespace}:vendorApi.emulatorUrl (or ${vendorEnvironment.emulatorUrl})`));
  const baseUrl = parsed.data.emulatorUrl ?? vendorApiHosts[parsed.data.region];
  // The fleet's listings of today, when the pipeline shared them: one partner-wide read per day, not one per stack.
  const sharedFile = env[partnerListingsVariable];
  const partnerListings = sharedFile
    ? loadPartnerListings(sharedFile, { host: baseUrl, clientId: parsed.data.clientId, now: new Date() })
    : undefined;
  return new CloudAllyClient({
    baseUrl,
    ...(partnerListings ? { partnerListings } : {}),
    capabilities: parsed.data.capabilities,
    ...(parsed.data.accountId ? { accountId: parsed.data.accountId } : {}),
    ...(parsed.data.sources ? { sources: parsed.data.sources } : {}),
    credentials: {
      clientId: parsed.data.clientId,
      email: parsed.data.accountEmail,
      clientSecret: secret("vendorClientSecret", vendorEnvironment.clientSecret),
      password: secret("vendorPassword", vendorEnvironment.password),
    },
  });
}
