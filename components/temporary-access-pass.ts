import * as pulumi from "@pulumi/pulumi";
import { temporaryAccessPassProvider } from "../infra/providers/temporary-access-pass-provider";

export interface TemporaryAccessPassArgs {
  /** Object id of the backup account. */
  readonly userObjectId: pulumi.Input<string>;
  /** UPN of the backup account, for messages. */
  readonly userPrincipalName: pulumi.Input<string>;
  /** Minutes the pass is valid (60-480). */
  readonly lifetimeMinutes: pulumi.Input<number>;
  /** True once the account's backup task is connected: the pass is removed and never issued again. */
  readonly retired: pulumi.Input<boolean>;
  /** The customer's Key Vault and the secret the pass is written to: the only place the pass goes. */
  readonly vault: pulumi.Input<{ vaultUri: pulumi.Input<string>; secretName: string }>;
}

/**
 * A single-use Temporary Access Pass for a backup account's one interactive sign-in, so the OAuth
 * authorisation of its task does not stall on MFA registration. Type token
 * `pulumi-nodejs:dynamic/m365-backup:TemporaryAccessPass`; the pass goes to the Key Vault, never to state.
 */
export class TemporaryAccessPass extends pulumi.dynamic.Resource {
  /** The Key Vault secret version that holds the pass; empty once retired. */
  declare public readonly vaultSecretId: pulumi.Output<string>;
  /** issued, retired (the task is connected) or gone (used, expired or removed). */
  declare public readonly state: pulumi.Output<string>;
  /** When the pass stops working (RFC 3339). */
  declare public readonly expiresAt: pulumi.Output<string>;

  constructor(name: string, args: TemporaryAccessPassArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      temporaryAccessPassProvider,
      name,
      { methodId: undefined, vaultSecretId: undefined, expiresAt: undefined, state: undefined, ...args },
      opts,
      "m365-backup",
      "TemporaryAccessPass",
    );
  }
}
