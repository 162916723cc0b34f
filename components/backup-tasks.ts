import * as pulumi from "@pulumi/pulumi";
import type { BackupTasksSection } from "../infra/config/sections/backup-tasks";
import type { BackupService } from "../infra/services/backup-services";
import { BackupTaskPlan, settingsSent } from "../infra/backup-tasks/task-plan";
import { BackupTask } from "./backup-task";

export interface BackupTaskStatus {
  /** The vendor's id, empty while the task waits to be made in the console. */
  taskId: string;
  status: "active" | "paused" | "archived" | "gone" | "other" | "awaiting-console";
  connectionState: string;
  /** ISO time, or "never". */
  lastSuccessfulBackupAt: string;
  /** Console steps or support requests the API cannot do for this task, when there are any. */
  actionRequired?: string[];
  /** With the public API: settings to check once in the vendor's console. */
  consoleChecks?: string[];
  /** With the public API, while the task waits to be made in the console: since when, and the first day `up` fails on it. */
  awaitingConsole?: { since: string; escalatesOn: string };
}

/** A task the public API waits for: when the wait began, when it escalates, and the console steps that end it. */
export interface AwaitingConsoleTask {
  taskName: string;
  since: string;
  escalatesOn: string;
  steps: string;
}

export interface BackupTasksArgs {
  /** One task per enabled service (`backupTaskPlans`). */
  readonly plans: readonly BackupTaskPlan[];
  /** What the tasks share: region, schedule, pauses, protection, deletion of backup data. */
  readonly section: Pick<
    BackupTasksSection,
    "region" | "schedule" | "allowBackupDataDeletion" | "pausedServices" | "protect" | "consoleWaitDays"
  >;
  /** The tenant the tasks belong to (recorded as their owner). */
  readonly tenantId: string;
  /** The tenant's domains (primary, onmicrosoft.com): a task the public reads list is adopted only on these. */
  readonly tenantDomains: string[];
  /** Whether the tenant follows the enterprise process (`isEnterpriseFrom`): auto-activation is held back until the rollout releases it. */
  readonly enterprise: pulumi.Input<boolean>;
}

/**
 * One backup task per enabled service (guide stages 3-6), created after the backup accounts, their
 * roles and licences and the app consent exist (pass the identities component in `dependsOn`).
 */
export class BackupTasks extends pulumi.ComponentResource {
  public readonly tasks: Partial<Record<BackupService, BackupTask>>;
  public readonly enterprise: pulumi.Output<boolean>;
  /** Sign-in link per task still waiting for an admin's OAuth consent. */
  public readonly pendingAuthorizations: pulumi.Output<Partial<Record<BackupService, string>>>;
  public readonly connectionStates: pulumi.Output<Partial<Record<BackupService, string>>>;
  public readonly discoveredCounts: pulumi.Output<Partial<Record<BackupService, Record<string, number>>>>;
  /** Per task: its status at the vendor, sign-in state and last successful backup. */
  public readonly taskStatuses: pulumi.Output<Partial<Record<BackupService, BackupTaskStatus>>>;
  /** Tasks the public API waits for someone to make in the vendor's console, with the steps. */
  public readonly awaitingConsole: pulumi.Output<Partial<Record<BackupService, AwaitingConsoleTask>>>;

  constructor(name: string, args: BackupTasksArgs, opts?: pulumi.ComponentResourceOptions) {
    const enterprise = pulumi.output(args.enterprise);
    const { plans, section } = args;
    super("m365-backup:tasks:BackupTasks", name, { services: plans.map((p) => p.service), enterprise }, opts);
    this.enterprise = enterprise;

    this.tasks = {};
    for (const plan of plans) {
      this.tasks[plan.service] = new BackupTask(
        `${name}-${plan.service.toLowerCase()}`,
        {
          service: plan.service,
          taskName: plan.taskName,
          ...(plan.rootUrl ? { rootUrl: plan.rootUrl } : {}),
          region: section.region,
          schedule: section.schedule,
          // The services and names do not depend on the tenant's size; only auto-activation does.
          settings: enterprise.apply((e) => settingsSent(plan, e)),
          autoActivateNewRequested: plan.requested.autoActivateNew,
          enterprise,
          allowBackupDataDeletion: section.allowBackupDataDeletion,
          owner: { tenantId: args.tenantId, stack: pulumi.getStack(), resource: `${name}-${plan.service.toLowerCase()}` },
          tenantDomains: args.tenantDomains,
          paused: section.pausedServices.includes(plan.service),
          consoleWaitDays: section.consoleWaitDays,
        },
        // protect: no destroy or replacement removes a task (and its backups) by accident.
        { parent: this, protect: section.protect },
      );
    }

    const entries = Object.entries(this.tasks) as [BackupService, BackupTask][];
    const collect = <T>(pick: (t: BackupTask) => pulumi.Output<T>) =>
      pulumi
        .all(entries.map(([service, task]) => pick(task).apply((v) => [service, v] as const)))
        .apply((pairs) => Object.fromEntries(pairs.filter(([, v]) => v !== undefined)));
    this.pendingAuthorizations = collect((t) => t.authorizationUrl) as pulumi.Output<Partial<Record<BackupService, string>>>;
    this.connectionStates = collect((t) => t.connectionState);
    this.discoveredCounts = collect((t) => t.discoveredCounts);
    this.taskStatuses = collect((t) =>
      pulumi
        .all([t.taskId, t.status, t.connectionState, t.lastSuccessfulBackupAt, t.vendorActionRequired, t.consoleChecks, t.awaitingConsole])
        .apply(
          ([taskId, status, connectionState, last, actions, checks, awaiting]): BackupTaskStatus => ({
            taskId,
            status,
            connectionState,
            lastSuccessfulBackupAt: last,
            ...(actions && actions.length > 0 ? { actionRequired: actions } : {}),
            ...(checks && checks.length > 0 ? { consoleChecks: checks } : {}),
            ...(awaiting ? { awaitingConsole: awaiting } : {}),
          }),
        ),
    );
    this.awaitingConsole = collect((t) =>
      pulumi
        .all([t.taskName, t.awaitingConsole, t.vendorActionRequired])
        .apply(([taskName, awaiting, actions]): AwaitingConsoleTask | undefined =>
          awaiting ? { taskName, ...awaiting, steps: (actions ?? []).join("\n") } : undefined,
        ),
    ) as pulumi.Output<Partial<Record<BackupService, AwaitingConsoleTask>>>;
    this.registerOutputs({
      enterprise: this.enterprise,
      taskStatuses: this.taskStatuses,
      awaitingConsole: this.awaitingConsole,
      pendingAuthorizations: this.pendingAuthorizations,
      connectionStates: this.connectionStates,
      discoveredCounts: this.discoveredCounts,
    });
  }
}
