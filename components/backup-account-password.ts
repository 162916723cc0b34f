import * as pulumi from "@pulumi/pulumi";
import { backupAccountPasswordProvider } from "../infra/providers/backup-account-password-provider";

export interface BackupAccountPasswordArgs {
  /** Object id of the backup account. */
  readonly userObjectId: pulumi.Input<string>;
  /** A new value sets a new password (accounts.passwordGeneration, the Exchange demotion). */
  readonly generation: pulumi.Input<string>;
  /** Where the password is written: the customer's Key Vault and the secret's name; absent, nobody keeps it. */
  readonly vault?: pulumi.Input<{ vaultUri: pulumi.Input<string>; secretName: string }>;
}

/**
 * The password a backup account keeps, made and set by the provider and written only to the customer's
 * Key Vault: Pulumi state holds its vault secret id, never the password. Type token
 * `pulumi-nodejs:dynamic/m365-backup:BackupAccountPassword`.
 */
export class BackupAccountPassword extends pulumi.dynamic.Resource {
  /** The Key Vault secret version that holds the password; empty without a vault. */
  declare public readonly vaultSecretId: pulumi.Output<string>;
  /** When the password was set (RFC 3339). */
  declare public readonly setAt: pulumi.Output<string>;

  constructor(name: string, args: BackupAccountPasswordArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      backupAccountPasswordProvider,
      name,
      { vaultSecretId: undefined, setAt: undefined, ...args },
      opts,
      "m365-backup",
      "BackupAccountPassword",
    );
  }
}
