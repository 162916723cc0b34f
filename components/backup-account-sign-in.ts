import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { SignInSection } from "../infra/config/sections/sign-in";
import type { BackupService } from "../infra/services/backup-services";
import type { BackupServiceAccount } from "./backup-service-account";
import type { BackupTask } from "./backup-task";
import { temporaryAccessPassSecretName } from "./backup-password-vault";
import { TemporaryAccessPass } from "./temporary-access-pass";

/** Where a pass is, not what it is: read it from the vault as a secret reader (az keyvault secret show --id <vaultSecretId>). */
export interface DeliveredPass {
  vaultSecretId: string;
  expiresAt: string;
  state: string;
}

/** The BackupTask state once the vendor holds a working sign-in. */
const connected = "connected";

export interface BackupAccountSignInArgs {
  /** What the stack config asks for (signIn). */
  readonly signIn: SignInSection;
  /** The backup account and the task it signs in for, per enabled service. */
  readonly accounts: Partial<Record<BackupService, { account: BackupServiceAccount; task: BackupTask }>>;
  /** The customer's Key Vault (required with temporaryAccessPass.enabled): the passes are written there only. */
  readonly vaultUri?: pulumi.Input<string>;
}

/**
 * The one interactive sign-in of each backup account: a single-use Temporary Access Pass while its
 * task waits (removed once the task is connected), and optionally a Conditional Access policy that
 * blocks the accounts' sign-in once every task is connected. No permanent MFA exclusion is created.
 */
export class BackupAccountSignIn extends pulumi.ComponentResource {
  /** Per service, where its Temporary Access Pass waits in the Key Vault while its task waits for the sign-in. */
  public readonly temporaryAccessPasses: pulumi.Output<Partial<Record<BackupService, DeliveredPass>>>;

  constructor(name: string, args: BackupAccountSignInArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      "m365-backup:identities:BackupAccountSignIn",
      name,
      { temporaryAccessPass: args.signIn.temporaryAccessPass.enabled, blockInteractiveSignIn: args.signIn.blockInteractiveSignIn },
      opts,
    );
    const entries = Object.entries(args.accounts) as [BackupService, { account: BackupServiceAccount; task: BackupTask }][];

    const passes: [BackupService, pulumi.Output<DeliveredPass>][] = [];
    if (args.signIn.temporaryAccessPass.enabled) {
      // The config refuses a pass without a vault; this is the program's own guard.
      if (args.vaultUri === undefined)
        throw new Error("signIn.temporaryAccessPass.enabled needs keyVault: a pass is written to the vault, never to state.");
      const vaultUri = args.vaultUri;
      for (const [service, { account, task }] of entries) {
        const pass = new TemporaryAccessPass(
          `${name}-${service.toLowerCase()}-tap`,
          {
            userObjectId: account.objectId,
            userPrincipalName: account.userPrincipalName,
            lifetimeMinutes: args.signIn.temporaryAccessPass.lifetimeMinutes,
            retired: task.connectionState.apply((s) => s === connected),
            vault: { vaultUri, secretName: temporaryAccessPassSecretName(service) },
          },
          { parent: this },
        );
        passes.push([
          service,
          pulumi
            .all([pass.vaultSecretId, pass.expiresAt, pass.state])
            .apply(([vaultSecretId, expiresAt, state]) => ({ vaultSecretId, expiresAt, state })),
        ]);
      }
    }
    this.temporaryAccessPasses = pulumi
      .all(passes.map(([, p]) => p))
      .apply((values) => Object.fromEntries(passes.map(([s], i) => [s, values[i]])));

    if (args.signIn.blockInteractiveSignIn !== "off") {
      const allConnected = pulumi
        .all(entries.map(([, { task }]) => task.connectionState))
        .apply((states) => states.every((s) => s === connected));
      new azuread.ConditionalAccessPolicy(
        `${name}-block-sign-in`,
        {
          displayName: "Backup service accounts: no interactive sign-in after authorisation",
          // Until every task is connected the accounts still need their one sign-in.
          state: allConnected.apply((done) =>
            !done ? "disabled" : args.signIn.blockInteractiveSignIn === "on" ? "enabled" : "enabledForReportingButNotEnforced",
          ),
          conditions: {
            users: { includedUsers: entries.map(([, { account }]) => account.objectId) },
            applications: { includedApplications: ["All"] },
            clientAppTypes: ["all"],
          },
          grantControls: { operator: "OR", builtInControls: ["block"] },
        },
        { parent: this },
      );
    }
    this.registerOutputs({ temporaryAccessPasses: this.temporaryAccessPasses });
  }
}
