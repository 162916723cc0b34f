import { z } from "zod";
import { guid } from "./tenant";

/** The customer Key Vault the account passwords and passes are written to, and nowhere else (never Pulumi state). */
export const keyVaultSection = z
  .object({
    subscriptionId: guid.describe("Azure subscription the vault is created in."),
    resourceGroupName: z
      .string()
      .regex(/^[-\w._()]{1,90}$/, { message: "must be an Azure resource group name (1-90 letters, digits, -_.())" })
      .describe("Existing resource group of the vault."),
    vaultName: z
      .string()
      // Azure's rule for Microsoft.KeyVault/vaults (docs/facts.md): Azure refuses two hyphens in a row too.
      .regex(/^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, {
        message: "must be 3-24 letters, digits and hyphens, start with a letter and not end with a hyphen",
      })
      .refine((name) => !name.includes("--"), { message: "has two hyphens in a row, which Azure refuses in a vault name" })
      .describe("Name of the vault to create: 3-24 characters, globally unique, no two hyphens in a row."),
    location: z
      .string()
      .regex(/^[a-z0-9]+$/, { message: "must be an Azure region name such as westeurope" })
      .describe("Azure region, e.g. westeurope."),
    secretReaderObjectIds: z
      .array(guid)
      .default([])
      .describe("Entra ID object ids (users, groups, service principals) granted Key Vault Secrets User to read the passwords and passes."),
  })
  .strict()
  .describe(
    "Customer Key Vault (RBAC) the account passwords and Temporary Access Passes are written to, and nowhere else: Pulumi state never holds them. Without it nobody keeps the passwords; required with signIn.temporaryAccessPass.",
  );

export type KeyVaultSection = z.infer<typeof keyVaultSection>;
