import * as pulumi from "@pulumi/pulumi";
import { BackupTaskPlan, releasedByRollout } from "../infra/backup-tasks/task-plan";
import type { TenantConfig } from "../infra/config/schema";
import type { RolloutSection } from "../infra/config/sections/rollout";
import type { BackupService } from "../infra/services/backup-services";
import type { TenantInventory } from "../infra/discovery/tenant-inventory";
import { ActivationPlan, planActivation } from "../infra/planner/activation-planner";
import { expectedEntities } from "../infra/rollout/expected-entities";
import { OnboardingRequest, onboardingRequestFor, onboardingRequestMarkdown } from "../infra/rollout/onboarding-request";
import { ActivationRollout } from "./activation-rollout";
import type { BackupTasks } from "./backup-tasks";

export interface TenantActivationArgs {
  readonly tenant: Pick<TenantConfig["tenant"], "id" | "primaryDomain" | "initialDomainName">;
  readonly rollout: RolloutSection;
  /** The tasks' plans (`backupTaskPlans`): which services, and which of them the completed rollout releases. */
  readonly plans: readonly BackupTaskPlan[];
  readonly tasks: BackupTasks;
  /** What discovery found (or the config implies). */
  readonly inventory: pulumi.Input<TenantInventory>;
  readonly enterprise: pulumi.Input<boolean>;
  /** Calendar day (UTC) of this run. */
  readonly today: string;
  /** The customer's account at the vendor (vendorApi.accountId), for the onboarding request. */
  readonly vendorAccountId?: string;
}

/** Its type token before it was named for what it is; the alias keeps deployed stacks' resources (and its children's). */
const formerType = "m365-backup:rollout:TenantRollout";

/**
 * Guide stages 6-7 for one tenant, the activation: the plan from the discovered counts, the
 * ActivationRollout that carries it out (or, vendor-managed, follows the vendor) and the onboarding
 * request for the vendor.
 */
export class TenantActivation extends pulumi.ComponentResource {
  public readonly plan: pulumi.Output<ActivationPlan>;
  public readonly rollout: ActivationRollout;
  public readonly onboardingRequest: pulumi.Output<OnboardingRequest>;
  public readonly onboardingRequestMarkdown: pulumi.Output<string>;

  constructor(name: string, args: TenantActivationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("m365-backup:rollout:TenantActivation", name, {}, { ...opts, aliases: [...(opts?.aliases ?? []), { type: formerType }] });
    const { rollout: section, plans } = args;
    const services = plans.map((p) => p.service);
    const inventory = pulumi.output(args.inventory);
    this.plan = inventory.apply((inv) =>
      planActivation({
        counts: inv.counts,
        ...(inv.entities ? { entities: inv.entities } : {}),
        services,
        safetyFactor: section.safetyFactor,
        priority: section.priority,
        exchangeParallelMailboxes: section.exchangeParallelMailboxes,
      }),
    );
    // A task the public API still waits for has no id: the rollout holds its service (not protected) instead.
    const taskStates = pulumi.all(
      Object.entries(args.tasks.tasks).map(([service, task]) =>
        pulumi.all([task.taskId, task.status]).apply(([taskId, status]) => ({ service: service as BackupService, taskId, status })),
      ),
    );
    const released = releasedByRollout(plans);
    const backsUpUnlicensed = (service: string) => plans.find((p) => p.service === service)?.requested.backupUnlicensedAccounts ?? false;
    this.rollout = new ActivationRollout(
      `${name}-activation`,
      {
        tenantName: args.tenant.initialDomainName,
        mode: section.mode,
        paused: section.paused,
        enterprise: args.enterprise,
        safetyFactor: section.safetyFactor,
        healthyThreshold: section.healthyThreshold,
        protectionWindowHours: section.protectionWindowHours,
        priority: section.priority,
        dailyBudget: this.plan.apply((p) => p.dailyBudget),
        // Counts only: 25,000 entity keys do not belong in state; the rollout picks them at activation in the same order.
        waves: this.plan.apply((p) => p.waves.map(({ entityKeys: _keys, ...wave }) => wave)),
        releaseAutoActivation: released,
        // What Graph found: complete means every one of these is active at the vendor.
        expected: inventory.apply((inv) => expectedEntities(inv, services, backsUpUnlicensed)),
        tasks: taskStates.apply((rows) => Object.fromEntries(rows.filter((r) => r.taskId).map((r) => [r.service, r.taskId]))),
        awaitingConsole: taskStates.apply((rows) => rows.filter((r) => r.status === "awaiting-console").map((r) => r.service)),
        today: args.today,
      },
      { parent: this },
    );

    const taskRows = Object.entries(args.tasks.tasks).map(([service, task]) =>
      pulumi
        .all([task.taskName, task.taskId, task.connectionState, task.rootUrl])
        .apply(([taskName, taskId, connectionState, rootUrl]) => ({
          service: service as keyof typeof args.tasks.tasks,
          taskName,
          taskId,
          connectionState,
          ...(rootUrl ? { rootUrl } : {}),
        })),
    );
    const vendorActions = pulumi
      .all(Object.values(args.tasks.tasks).map((t) => t.vendorActionRequired))
      .apply((lists) => lists.flatMap((l) => l ?? []));
    this.onboardingRequest = pulumi
      .all([inventory, this.plan, pulumi.all(taskRows), vendorActions, pulumi.output(args.enterprise)])
      .apply(([inv, plan, tasks, actions, enterprise]) =>
        onboardingRequestFor({
          tenant: args.tenant,
          rollout: section,
          ...(args.vendorAccountId ? { vendorAccountId: args.vendorAccountId } : {}),
          enterprise,
          inventory: inv,
          plan,
          tasks,
          vendorActions: actions,
          released,
        }),
      );
    this.onboardingRequestMarkdown = this.onboardingRequest.apply(onboardingRequestMarkdown);
    this.registerOutputs({
      plan: this.plan,
      progress: this.rollout.progress,
      onboardingRequest: this.onboardingRequest,
      onboardingRequestMarkdown: this.onboardingRequestMarkdown,
    });
  }
}
