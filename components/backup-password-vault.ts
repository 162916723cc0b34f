import type * as AzureNative from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import type { KeyVaultSection } from "../infra/config/sections/key-vault";
import type { BackupService } from "../infra/services/backup-services";
import { serviceAccountWords } from "../infra/services/service-account-naming";

/** Built-in Azure role "Key Vault Secrets User": read secret values, nothing else. */
export const keyVaultSecretsUserRoleId = "4633458b-17de-408a-b874-0445c86b69e6";

/**
 * The Key Vault secret name of a service's backup account password, written by its BackupAccountPassword.
 * Not the `-backup-password` name earlier versions wrote through ARM: removing those Secret resources
 * must not touch what the new resource writes.
 */
export function passwordSecretName(service: BackupService): string {
  return `${serviceAccountWords[service]}-backup-account-password`;
}

/** The Key Vault secret name of a service's backup account Temporary Access Pass, written by its TemporaryAccessPass. */
export function temporaryAccessPassSecretName(service: BackupService): string {
  return `${serviceAccountWords[service]}-backup-temporary-access-pass`;
}

export interface BackupPasswordVaultArgs {
  /** Where the vault lives and who may read it. */
  readonly config: KeyVaultSection;
  /** Entra ID tenant the vault trusts. */
  readonly tenantId: pulumi.Input<string>;
  /** The services whose account passwords (and passes) the vault holds. */
  readonly services: readonly BackupService[];
}

/**
 * A customer Key Vault holding the backup account passwords and Temporary Access Passes, so an
 * administrator can sign in as a backup account without reading Pulumi state, and state never holds
 * them. RBAC authorisation only (no access policies); readers get "Key Vault Secrets User". The secrets
 * are written through the vault's data plane by BackupAccountPassword and TemporaryAccessPass, so the
 * deploying identity needs "Key Vault Secrets Officer" on the vault.
 */
export class BackupPasswordVault extends pulumi.ComponentResource {
  public readonly vaultUri: pulumi.Output<string>;
  public readonly secretNames: string[];

  constructor(name: string, args: BackupPasswordVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    const c = args.config;
    super("m365-backup:identities:BackupPasswordVault", name, { vaultName: c.vaultName, readers: c.secretReaderObjectIds.length }, opts);

    // The vault's subscription comes from config, not from whatever the default provider points at.
    // Loaded only when a vault is configured: @pulumi/azure-native takes over a second to load, paid by every run otherwise.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const azureNative = require("@pulumi/azure-native") as typeof AzureNative;
    const arm = new azureNative.Provider(`${name}-arm`, { subscriptionId: c.subscriptionId, tenantId: args.tenantId }, { parent: this });
    const vault = new azureNative.keyvault.Vault(
      `${name}-vault`,
      {
        vaultName: c.vaultName,
        resourceGroupName: c.resourceGroupName,
        location: c.location,
        properties: {
          tenantId: args.tenantId,
          sku: { family: "A", name: "standard" },
          enableRbacAuthorization: true,
          enableSoftDelete: true,
          softDeleteRetentionInDays: 90,
          // Passwords of admin accounts: a deleted vault must stay recoverable.
          enablePurgeProtection: true,
        },
      },
      { parent: this, provider: arm },
    );

    this.secretNames = args.services.map(passwordSecretName);

    c.secretReaderObjectIds.forEach((reader) => {
      new azureNative.authorization.RoleAssignment(
        `${name}-reader-${reader}`,
        {
          scope: vault.id,
          principalId: reader,
          roleDefinitionId: `/subscriptions/${c.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${keyVaultSecretsUserRoleId}`,
        },
        { parent: this, provider: arm },
      );
    });

    this.vaultUri = vault.properties.apply((p) => p.vaultUri ?? `https://${c.vaultName}.vault.azure.net/`);
    this.registerOutputs({ vaultUri: this.vaultUri, secretNames: this.secretNames });
  }
}
