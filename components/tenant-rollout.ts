import * as pulumi from "@pulumi/pulumi";
import { backupTaskPlans } from "../infra/backup-tasks/task-plan";
import type { TenantConfig } from "../infra/config/schema";
import { enabledServices } from "../infra/config/sections/services";
import type { TenantInventory } from "../infra/discovery/tenant-inventory";
import { ActivationPlan, planActivation } from "../infra/planner/activation-planner";
import { expectedEntities } from "../infra/rollout/expected-entities";
import { OnboardingRequest, onboardingRequestMarkdown } from "../infra/rollout/onboarding-request";
import { ActivationRollout } from "./activation-rollout";
import type { BackupTasks } from "./backup-tasks";

export interface TenantRolloutArgs {
  readonly config: TenantConfig;
  readonly tasks: BackupTasks;
  /** What discovery found (or the config implies). */
  readonly inventory: pulumi.Input<TenantInventory>;
  readonly enterprise: pulumi.Input<boolean>;
  /** Calendar day (UTC) of this run. */
  readonly today: string;
}

/**
 * Guide stages 6-7 for one tenant: the activation plan from the discovered counts, the
 * ActivationRollout that carries it out (or, vendor-managed, only records it) and the onboarding
 * request for the vendor.
 */
export class TenantRollout extends pulumi.ComponentResource {
  public readonly plan: pulumi.Output<ActivationPlan>;
  public readonly rollout: ActivationRollout;
  public readonly onboardingRequest: pulumi.Output<OnboardingRequest>;
  public readonly onboardingRequestMarkdown: pulumi.Output<string>;

  constructor(name: string, args: TenantRolloutArgs, opts?: pulumi.ComponentResourceOptions) {
    super("m365-backup:rollout:TenantRollout", name, {}, opts);
    const { config } = args;
    const section = config.rollout;
    const services = enabledServices(config.services);
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
    const taskIds = Object.fromEntries(Object.entries(args.tasks.tasks).map(([service, task]) => [service, task.taskId]));

    // Held back on enterprise tenants while the rollout runs; switched on once everything is active.
    const taskPlans = backupTaskPlans(config, true);
    const autoActivateAfterRollout = taskPlans.filter((p) => p.autoActivateNewRequested).map((p) => p.service);
    const backsUpUnlicensed = (service: string) => taskPlans.find((p) => p.service === service)?.settings.backupUnlicensedAccounts ?? false;
    this.rollout = new ActivationRollout(
      `${name}-activation`,
      {
        tenantName: config.tenant.initialDomainName,
        mode: section.mode,
        paused: section.paused,
        enterprise: args.enterprise,
        safetyFactor: section.safetyFactor,
        healthyThreshold: section.healthyThreshold,
        priority: section.priority,
        dailyBudget: this.plan.apply((p) => p.dailyBudget),
        // Counts only: 25,000 entity keys do not belong in state; the rollout picks them at activation in the same order.
        waves: this.plan.apply((p) => p.waves.map(({ entityKeys: _keys, ...wave }) => wave)),
        releaseAutoActivation: autoActivateAfterRollout,
        // What Graph found: complete means every one of these is active at the vendor.
        expected: inventory.apply((inv) => expectedEntities(inv, services, backsUpUnlicensed)),
        tasks: taskIds,
        today: args.today,
      },
      { parent: this },
    );

    const taskRows = Object.entries(args.tasks.tasks).map(([service, task]) =>
      pulumi.all([task.taskName, task.taskId, task.connectionState, task.rootUrl]).apply(([taskName, taskId, connectionState, rootUrl]) => ({
        service: service as keyof typeof args.tasks.tasks,
        taskName,
        taskId,
        connectionState,
        ...(rootUrl ? { rootUrl } : {}),
      })),
    );
    const vendorActions = pulumi.all(Object.values(args.tasks.tasks).map((t) => t.vendorActionRequired)).apply((lists) => lists.flatMap((l) => l ?? []));
    this.onboardingRequest = pulumi.all([inventory, this.plan, pulumi.all(taskRows), vendorActions, pulumi.output(args.enterprise)]).apply(
      ([inv, plan, tasks, actions, enterprise]): OnboardingRequest => ({
        tenant: { id: config.tenant.id, primaryDomain: config.tenant.primaryDomain, initialDomainName: config.tenant.initialDomainName, enterprise },
        mode: section.mode,
        tasks,
        counts: inv.counts,
        countsSource: inv.source,
        ...(inv.estimated ? { estimatedCounts: inv.estimated } : {}),
        priority: section.priority,
        plan: {
          safetyFactor: plan.safetyFactor,
          dailyBudget: plan.dailyBudget,
          daysToFullProtection: plan.daysToFullProtection,
          floorDays: plan.floorDays,
          waves: plan.waves.map((w) => ({ day: w.index, service: w.service, entityCount: w.entityCount, estimatedCost: w.estimatedCost, budget: w.budget, ...(w.spansDays ? { spansDays: w.spansDays } : {}) })),
        },
        vendorActions: actions,
        autoActivateAfterRollout: enterprise ? autoActivateAfterRollout : [],
      }),
    );
    this.onboardingRequestMarkdown = this.onboardingRequest.apply(onboardingRequestMarkdown);
    this.registerOutputs({ progress: this.rollout.progress, onboardingRequest: this.onboardingRequest });
  }
}
