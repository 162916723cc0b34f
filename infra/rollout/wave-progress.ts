import type { BackupService } from "../config/sections/services";

/** Where a rollout stands, readable at a glance in `pulumi stack output`. */
export type RolloutState =
  | "vendor-managed"
  | "paused"
  | "waiting-for-authorization"
  | "waiting-for-health"
  | "waiting-for-next-day"
  | "advanced"
  | "complete";

export interface WaveProgress {
  /** Planned day of the rollout. */
  index: number;
  /** Calendar day it was activated. */
  activatedOn: string;
  /** Entities activated per service that day. */
  activated: Partial<Record<BackupService, number>>;
  /** First-backup cost of what was activated, per scope, from the vendor's sizes. */
  cost: Partial<Record<"exchange" | "sharepoint", number>>;
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
  activated: Partial<Record<BackupService, number>>;
  total: Partial<Record<BackupService, number>>;
  /** Share of the previous waves' entities whose last daily backup succeeded. */
  healthyRatio?: number;
  waves: WaveProgress[];
  /** Tasks whose auto-activation of new objects the completed rollout switched on (rollout.releaseAutoActivation). */
  autoActivationReleased?: BackupService[];
}
