import * as pulumi from "@pulumi/pulumi";
import type { TenantConfig } from "../infra/config/schema";
import { BackupIdentities } from "./backup-identities";

export interface TenantOnboardingArgs {
  /** The validated stack config of the tenant. */
  readonly config: TenantConfig;
}

/**
 * The whole guide for one tenant: backup identities (stages 1-3), backup tasks (stages 3-6) and the
 * activation rollout (stages 6-7), wired in that order.
 */
export class TenantOnboarding extends pulumi.ComponentResource {
  /** Backup accounts, roles, licences and consent; `identities.accounts.<service>` is what a backup task signs in with. */
  public readonly identities: BackupIdentities;
  constructor(name: string, args: TenantOnboardingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("m365-backup:onboarding:TenantOnboarding", name, {}, opts);
    void args;
    // IDENTITIES: the BackupIdentities component (stage 1-3) goes here.
    this.identities = new BackupIdentities(`${name}-identities`, { config: args.config }, { parent: this });
    // BACKUP TASKS: the BackupTasks component (stages 3-6) goes here, depending on the identities.
    // ROLLOUT: discovery and the ActivationRollout (stages 6-7) go here, depending on the tasks.
    this.registerOutputs({});
  }
}
