import * as pulumi from "@pulumi/pulumi";
import type { BackupService } from "../infra/services/backup-services";
import type { TaskSettings } from "../infra/config/sections/backup-tasks";
import type { TaskOwner } from "../infra/cloudally/backup-vendor-api";
import { backupTaskProvider } from "../infra/providers/backup-task-provider";

export interface BackupTaskArgs {
  /** The Microsoft 365 service the task backs up. */
  readonly service: pulumi.Input<BackupService>;
  /** Task name, used in the vendor's notifications and reports; unique per service. */
  readonly taskName: pulumi.Input<string>;
  /** <tenant>.sharepoint.com for SharePoint, <tenant>-my.sharepoint.com for OneDrive. */
  readonly rootUrl?: pulumi.Input<string>;
  /** Vendor data region; changing it needs a new task. */
  readonly region: pulumi.Input<string>;
  /** When the daily backup starts. */
  readonly schedule?: pulumi.Input<{ dailyAtUtc: string }>;
  /** The task's settings (guide stage 4), as sent to the vendor. */
  readonly settings: pulumi.Input<TaskSettings>;
  /** The user's wish for auto-activation of new objects, held back on enterprise tenants. */
  readonly autoActivateNewRequested?: pulumi.Input<boolean>;
  /** Tenant over 1,000 mailboxes: nothing is activated directly. */
  readonly enterprise: pulumi.Input<boolean>;
  /** Deleting the task deletes its backup data only when true; otherwise it is paused. */
  readonly allowBackupDataDeletion?: pulumi.Input<boolean>;
  /**
   * Recorded on the task at the vendor (tenant, stack, resource): only the owner adopts, changes, pauses or
   * deletes it, so a second stack with the same task names never takes this one's task.
   */
  readonly owner: pulumi.Input<TaskOwner>;
  /** The tenant's domains: with the public API a task is adopted only when the vendor shows it on these. */
  readonly tenantDomains?: pulumi.Input<string[]>;
  /** Held paused at the vendor; otherwise `up` resumes a task paused or archived there. */
  readonly paused?: pulumi.Input<boolean>;
  /** With the public API: days the task may wait to be made in the vendor's console before `up` fails on it. */
  readonly consoleWaitDays?: pulumi.Input<number>;
}

/**
 * One backup task at the vendor (guide stages 3-6). It is created waiting for the OAuth sign-in:
 * `authorizationUrl` is the link an admin opens once (as the service's backup account); `pulumi
 * refresh` then shows it connected and its discovered counts.
 */
export class BackupTask extends pulumi.dynamic.Resource {
  declare public readonly taskId: pulumi.Output<string>;
  declare public readonly taskName: pulumi.Output<string>;
  declare public readonly rootUrl: pulumi.Output<string | undefined>;
  declare public readonly connectionState: pulumi.Output<
    "pending-authorization" | "connected" | "authorization-failed" | "authorization-expired"
  >;
  declare public readonly authorizationUrl: pulumi.Output<string | undefined>;
  /**
   * As the vendor reports it; gone when the task was deleted there (the next `up` makes it again); other for a
   * status word the module does not know; awaiting-console while the public API waits for the task to be made
   * in the vendor's console (its steps are in vendorActionRequired).
   */
  declare public readonly status: pulumi.Output<"active" | "paused" | "archived" | "gone" | "other" | "awaiting-console">;
  /** ISO time of the last successful backup, or "never". */
  declare public readonly lastSuccessfulBackupAt: pulumi.Output<string>;
  declare public readonly discoveryState: pulumi.Output<"not-started" | "running" | "complete">;
  declare public readonly discoveredCounts: pulumi.Output<Record<string, number>>;
  /** What the API cannot do: console steps or requests to the vendor's support. */
  declare public readonly vendorActionRequired: pulumi.Output<string[]>;
  /** With the public API: settings it does not show, to check once in the vendor's console. */
  declare public readonly consoleChecks: pulumi.Output<string[] | undefined>;
  /** With the public API, while the task waits to be made in the console: since when, and the first day `up` fails on it. */
  declare public readonly awaitingConsole: pulumi.Output<{ since: string; escalatesOn: string } | undefined>;

  constructor(name: string, args: BackupTaskArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      backupTaskProvider,
      name,
      {
        ...args,
        taskId: undefined,
        connectionState: undefined,
        authorizationUrl: undefined,
        status: undefined,
        lastSuccessfulBackupAt: undefined,
        discoveryState: undefined,
        discoveredCounts: undefined,
        vendorActionRequired: undefined,
        consoleChecks: undefined,
        awaitingConsole: undefined,
      },
      opts,
      "m365-backup",
      "BackupTask",
    );
  }
}
