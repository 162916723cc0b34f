import { z } from "zod";
import { accountsSection } from "./sections/accounts";
import { backupTasksSection } from "./sections/backup-tasks";
import { consentSection, vendorAppProblems } from "./sections/consent";
import { exchangeSection } from "./sections/exchange";
import { keyVaultSection } from "./sections/key-vault";
import { pipelineSection } from "./sections/pipeline";
import { rolloutSection } from "./sections/rollout";
import { enabledServices, servicesSection } from "./sections/services";
import { signInSection } from "./sections/sign-in";
import { tenantSection } from "./sections/tenant";
import { vendorApiSection } from "./sections/vendor-api";

/**
 * Optional sections default to `{}` in Pulumi.yaml (Pulumi refuses declared keys with neither value nor
 * default), so an empty object means "not configured".
 */
function notConfiguredWhenEmpty<T extends z.ZodType>(section: T) {
  return z.preprocess((v) => (v !== null && typeof v === "object" && Object.keys(v).length === 0 ? undefined : v), section.optional());
}

/**
 * The single source of truth for one tenant's stack. Each top-level key is one Pulumi config key
 * (`m365-backup:<key>`), so `pulumi config set --path tenant.id ...` addresses it directly.
 */
export const tenantConfigSchema = z
  .object({
    tenant: tenantSection,
    services: servicesSection.prefault({}),
    accounts: accountsSection,
    exchange: exchangeSection,
    consent: consentSection,
    keyVault: notConfiguredWhenEmpty(keyVaultSection),
    signIn: signInSection,
    backupTasks: backupTasksSection,
    rollout: rolloutSection,
    vendorApi: notConfiguredWhenEmpty(vendorApiSection),
    pipeline: pipelineSection,
  })
  .superRefine((c, ctx) => {
    if (
      c.exchange.backupPublicFolders &&
      c.services.exchange &&
      c.accounts.licensing.mode === "user" &&
      c.accounts.licensing.skus.exchange.length === 0
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["accounts", "licensing", "skus", "exchange"],
        message:
          "is empty but exchange.backupPublicFolders is true: Public Folders backup needs a licensed Exchange account; add a SKU with an Exchange plan (e.g. EXCHANGESTANDARD)",
      });
    }
    // Self-service activation calls the contract's activation; CloudAlly's public API has none.
    if (c.rollout.mode === "self-service" && c.vendorApi && c.vendorApi.capabilities !== "contract") {
      ctx.addIssue({
        code: "custom",
        path: ["rollout", "mode"],
        message:
          "is self-service but vendorApi.capabilities is public: CloudAlly's public API cannot activate entities, so activation is vendor-managed. Set rollout.mode to vendor-managed (pulumi config set --path 'rollout.mode' vendor-managed), or set vendorApi.capabilities to contract only if the vendor has confirmed its activation API for your partner account",
      });
    }
    // A pass is written to the customer's Key Vault and nowhere else: Pulumi state is readable by every stack reader.
    if (c.signIn.temporaryAccessPass.enabled && !c.keyVault) {
      ctx.addIssue({
        code: "custom",
        path: ["signIn", "temporaryAccessPass", "enabled"],
        message:
          "is true but keyVault is not configured: each pass is written to the customer's Key Vault (never to Pulumi state), so a vault is needed. Set keyVault (subscriptionId, resourceGroupName, vaultName, location, secretReaderObjectIds), or set signIn.temporaryAccessPass.enabled to false",
      });
    }
    // In group mode the SKUs are what the run checks the group carries: without them any group (one that
    // can hold roles, say) would pass as a "licensing group".
    if (c.accounts.licensing.mode === "group") {
      for (const service of enabledServices(c.services)) {
        if (c.accounts.licensing.skus[service].length > 0) continue;
        ctx.addIssue({
          code: "custom",
          path: ["accounts", "licensing", "skus", service],
          message: `is empty but accounts.licensing.mode is group: name the SKUs the licensing group carries for the ${service} account (e.g. SPE_E3), so that each run checks the group carries them`,
        });
      }
    }
    for (const problem of vendorAppProblems(c.consent, enabledServices(c.services))) ctx.addIssue({ code: "custom", ...problem });
    if (c.accounts.licensing.mode === "group" && !c.accounts.licensing.groupObjectId) {
      ctx.addIssue({
        code: "custom",
        path: ["accounts", "licensing", "groupObjectId"],
        message: "is required when accounts.licensing.mode is group: give the object id of the licensing group",
      });
    }
  });

/** The config keys of the schema, in the order the configuration reference (docs/configuration.md) documents them. */
export const configKeys = Object.keys(tenantConfigSchema.shape) as (keyof typeof tenantConfigSchema.shape)[];

/** Config keys that hold secrets and are read only with `requireSecret`, never into the schema. */
export const secretConfigKeys = ["vendorClientSecret", "vendorPassword"] as const;

export type TenantConfig = z.infer<typeof tenantConfigSchema>;
export type TenantConfigInput = z.input<typeof tenantConfigSchema>;
