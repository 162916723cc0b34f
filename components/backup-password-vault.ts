import type * as AzureNative from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import type { KeyVaultSection } from "../infra/config/sections/key-vault";
import type { BackupService } from "../infra/config/sections/services";
import { serviceAccountWords } from "../infra/services/service-account-naming";

/** Built-in Azure role "Key Vault Secrets User": read secret values, nothing else. */
export const keyVaultSecretsUserRoleId = "4633458b-17de-408a-b874-0445c86b69e6";

/** The Key Vault secret name of a service's backup account password. */
export function passwordSecretName(service: BackupService): string {
  return `${serviceAccountWords[service]}-backup-password`;
}

export interface BackupPasswordVaultArgs {
  /** Where the vault lives and who may read it. */
  readonly config: KeyVaultSection;
  /** Entra ID tenant the vault trusts. */
  readonly tenantId: pulumi.Input<string>;
  /** The passwords to store, per service; Pulumi secrets. */
  readonly passwords: readonly { service: BackupService; password: pulumi.Input<string> }[];
}

/**
 * A customer Key Vault holding the backup account passwords, so an administrator can sign in as a
 * backup account without reading Pulumi state. RBAC authorisation only (no access policies); readers
 * get "Key Vault Secrets User". Secrets are written through Azure Resource Manager, so the deploying
 * identity needs no data-plane role.
 */
export class BackupPasswordVault extends pulumi.ComponentResource {
  public readonly vaultUri: pulumi.Output<string | undefined>;
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

    this.secretNames = args.passwords.map((p) => passwordSecretName(p.service));
    for (const p of args.passwords) {
      new azureNative.keyvault.Secret(
        `${name}-${passwordSecretName(p.service)}`,
        {
          vaultName: vault.name,
          resourceGroupName: c.resourceGroupName,
          secretName: passwordSecretName(p.service),
          properties: { value: pulumi.secret(p.password), contentType: "text/plain; backup service account password" },
        },
        { parent: this, provider: arm },
      );
    }

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

    this.vaultUri = vault.properties.apply((p) => p.vaultUri);
    this.registerOutputs({ vaultUri: this.vaultUri, secretNames: this.secretNames });
  }
}
