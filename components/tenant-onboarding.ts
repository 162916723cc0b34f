import * as pulumi from "@pulumi/pulumi";
import type { TenantConfig } from "../infra/config/schema";
import { backupTaskPlans, isEnterpriseFrom, rootUrlFor } from "../infra/backup-tasks/task-plan";
import { tenantInventory } from "../infra/discovery/inventory-source";
import { mailboxCount, TenantInventory } from "../infra/discovery/tenant-inventory";
import { BackupAccountSignIn } from "./backup-account-sign-in";
import { BackupIdentities } from "./backup-identities";
import { BackupTasks } from "./backup-tasks";
import { TenantActivation } from "./tenant-activation";

export interface TenantOnboardingArgs {
  /** The validated stack config of the tenant. */
  readonly config: TenantConfig;
  /** Calendar day (UTC) of this run; a self-service rollout advances at most one wave per day. */
  readonly today: string;
}

/**
 * The whole guide for one tenant: backup identities (stages 1-3), backup tasks (stages 3-6) and
 * discovery with the activation rollout (stages 6-7), wired in that order.
 */
export class TenantOnboarding extends pulumi.ComponentResource {
  /** Backup accounts, roles, licences and consent; `identities.accounts.<service>` is what a backup task signs in with. */
  public readonly identities: BackupIdentities;
  /** One backup task per enabled service, waiting for its OAuth sign-in until an admin opens the link. */
  public readonly backupTasks: BackupTasks;
  /** What discovery found: counts per kind, and whether the tenant is enterprise. */
  public readonly inventory: pulumi.Output<TenantInventory>;
  public readonly enterprise: pulumi.Output<boolean>;
  /** Temporary Access Passes for the first sign-in and the optional Conditional Access block afterwards. */
  public readonly signIn: BackupAccountSignIn;
  /** The activation plan, the ActivationRollout and the onboarding request. */
  public readonly activation: TenantActivation;

  constructor(name: string, args: TenantOnboardingArgs, opts?: pulumi.ComponentResourceOptions) {
    const { config } = args;
    // What the policy pack reads to judge the tasks' root URLs: the tenant and its SharePoint root.
    super(
      "m365-backup:onboarding:TenantOnboarding",
      name,
      {
        tenantId: config.tenant.id,
        initialDomainName: config.tenant.initialDomainName,
        sharePointRootUrl: rootUrlFor("sharepoint", config.tenant.initialDomainName, config.tenant.sharePointRootUrl),
      },
      opts,
    );
    this.identities = new BackupIdentities(`${name}-identities`, { config }, { parent: this });
    this.inventory = tenantInventory(config);
    // Decided once, here, and passed down: whether the tenant is enterprise and which tasks it has.
    // Over 1,000 mailboxes is enterprise: the larger of the configured and the discovered count decides.
    this.enterprise = this.inventory.apply((i) =>
      isEnterpriseFrom(config.tenant.mailboxCount, { source: i.source, mailboxes: mailboxCount(i.counts) }),
    );
    const plans = backupTaskPlans(config);
    // A task signs in as its account and needs the consent, so it waits for the identities.
    this.backupTasks = new BackupTasks(
      `${name}-tasks`,
      {
        plans,
        section: config.backupTasks,
        tenantId: config.tenant.id,
        tenantDomains: [config.tenant.primaryDomain.toLowerCase(), `${config.tenant.initialDomainName.toLowerCase()}.onmicrosoft.com`],
        enterprise: this.enterprise,
      },
      { parent: this, dependsOn: [this.identities] },
    );
    const signInAccounts = Object.fromEntries(
      Object.entries(this.identities.accounts).flatMap(([service, account]) => {
        const task = this.backupTasks.tasks[service as keyof typeof this.backupTasks.tasks];
        return account && task ? [[service, { account, task }]] : [];
      }),
    );
    const vaultUri = this.identities.passwordVault?.vaultUri;
    this.signIn = new BackupAccountSignIn(
      `${name}-sign-in`,
      { signIn: config.signIn, accounts: signInAccounts, ...(vaultUri ? { vaultUri } : {}) },
      { parent: this },
    );
    this.activation = new TenantActivation(
      `${name}-rollout`,
      {
        tenant: config.tenant,
        rollout: config.rollout,
        plans,
        tasks: this.backupTasks,
        inventory: this.inventory,
        enterprise: this.enterprise,
        today: args.today,
        ...(config.vendorApi?.accountId ? { vendorAccountId: config.vendorApi.accountId } : {}),
      },
      { parent: this, dependsOn: [this.backupTasks] },
    );
    this.registerOutputs({
      enterprise: this.enterprise,
      inventory: this.inventory,
      userPrincipalNames: this.identities.userPrincipalNames,
      taskStatuses: this.backupTasks.taskStatuses,
      temporaryAccessPasses: this.signIn.temporaryAccessPasses,
      rolloutProgress: this.activation.rollout.progress,
      onboardingRequest: this.activation.onboardingRequest,
    });
  }
}
