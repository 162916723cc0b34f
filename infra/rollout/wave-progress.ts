import type { BackupService } from "../services/backup-services";
import type { ThrottlingScope } from "../planner/first-backup-cost";

/** Where a rollout stands, readable at a glance in `pulumi stack output`. */
export type RolloutState =
  | "vendor-managed"
  | "paused"
  | "waiting-for-authorization"
  | "waiting-for-health"
  | "waiting-for-next-day"
  | "advanced"
  | "incomplete"
  | "unverified"
  | "not-protected"
  | "complete";

export interface WaveProgress {
  /** Planned day of the rollout. */
  index: number;
  /** Calendar day it was activated. */
  activatedOn: string;
  /** Entities activated per service that day. */
  activated: Partial<Record<BackupService, number>>;
  /** First-backup cost of what was activated, per scope, from the vendor's sizes. */
  cost: Partial<Record<ThrottlingScope, number>>;
}

/** One calendar day the rollout ran: how often, and what its activations cost per scope (all runs of the day). */
export interface LedgerDay {
  day: string;
  runs: number;
  spent: Partial<Record<ThrottlingScope, number>>;
}

/** Where one service stands against what Microsoft Graph discovery found. */
export interface ServiceProgress {
  /** Entities the vendor lists for the service's task (each once), how many are active and how many protected. */
  listed: number;
  active: number;
  /** Listed, with a successful backup within rollout.protectionWindowHours: the only count that means backed up. */
  protected: number;
  /** Active entities that are not protected, by why (absent when none). */
  activatedNotBackedUp?: number;
  failing?: number;
  stale?: number;
  notVerified?: number;
  /** Rows the vendor repeated for entities already counted. */
  duplicateRows?: number;
  /** Entities Graph discovery found for the service; absent when the counts come from config. */
  discovered?: number;
  /** Found by discovery but not listed by the vendor: never activated, so they block completion. */
  notListedByVendor?: number;
  /** The task's status at the vendor (a paused task backs nothing up). */
  taskStatus: string;
  /** Share of yesterday's backups of the service that succeeded, when any ran. */
  healthyRatio?: number;
  /** Vendor-managed: how many the plan has active by today's day of the vendor's rollout. */
  plannedByToday?: number;
  /** Why the service's next wave is held, when it is. */
  held?: string;
  /** Every discovered entity of the service is listed and protected at the vendor, and its task backs up. */
  complete: boolean;
}

export interface RolloutProgress {
  state: RolloutState;
  /** One sentence: what happened on this run and what happens next. */
  message: string;
  /** Last planned day activated (0 = none). */
  day: number;
  /** Planned days, catch-up days after them included once known. */
  daysPlanned: number;
  /** Calendar day of the last evaluation; the next wave waits for a later one. */
  checkedOn: string;
  /** Calendar day the last wave was activated. */
  lastAdvancedOn?: string;
  /** The first day the rollout was complete: every later run checks it still is (`not-protected` when not). */
  completedOn?: string;
  /** Vendor-managed: the first day the vendor was seen to have activated anything (its rollout's day 1). */
  vendorStartedOn?: string;
  activated: Partial<Record<BackupService, number>>;
  total: Partial<Record<BackupService, number>>;
  /** Per service: listed, active, discovered, gaps, health and completion, as of this run. */
  services?: Partial<Record<BackupService, ServiceProgress>>;
  /** Lowest per-service share of yesterday's backups that succeeded. */
  healthyRatio?: number;
  waves: WaveProgress[];
  /** The calendar days the rollout ran, newest last (the last 31 kept): a second run of a day spends only what is left. */
  ledger?: LedgerDay[];
  /** Tasks whose auto-activation of new objects the completed rollout switched on (rollout.releaseAutoActivation). */
  autoActivationReleased?: BackupService[];
}
