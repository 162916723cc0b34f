import type { VendorEntity } from "../cloudally/backup-vendor-api";
import type { BackupService } from "../services/backup-services";
import type { ProtectionState } from "../protection/protection-state";
import type { ServiceProgress } from "./wave-progress";

/**
 * Where each service stands, as the day step and the rollout's refresh read it: what the vendor reports
 * for the service's task (a ServiceView), judged against discovery by the one definition of protected.
 * No decision is taken here; day-step.ts decides.
 */

/** An entity as the rollout sees it: the vendor's record and where it stands by the one definition of protected. */
export type ViewEntity = VendorEntity & { protection?: ProtectionState; archived?: boolean };

export interface ServiceView {
  service: BackupService;
  taskId: string;
  connected: boolean;
  /** awaiting-console: the public API waits for the task to be made in the vendor's console. */
  taskStatus: "active" | "paused" | "archived" | "gone" | "awaiting-console";
  /** Each entity once (the protection source's rows folded by entityKey); absent protection is not protected. */
  entities: readonly ViewEntity[];
  /** Rows the vendor repeated for an entity already listed (a row per sub-source, a page served twice). */
  duplicateRows?: number;
  /** Entities the vendor lists, where it states more than it names (the public reads name only those it backs up). */
  listed?: number;
  /** Yesterday's backups of the service: how many ran and how many succeeded; absent when none ran. */
  yesterday?: { runs: number; ok: number };
}

/** Entities the vendor lists for a service: those it names, or the count it states when larger. */
export const listedBy = (view: ServiceView): number => {
  // Archived entities (their source is gone from the tenant) are kept by the vendor but are no longer its to back up.
  const archived = view.entities.filter((e) => e.archived).length;
  return Math.max(view.entities.length - archived, (view.listed ?? 0) - archived);
};

const count = (entities: readonly ViewEntity[], state: ProtectionState) => entities.filter((e) => e.protection === state).length;

/** Where one service stands against discovery, with no decision taken. */
export function serviceProgress(view: ServiceView, discovered: number | undefined): ServiceProgress {
  const listed = listedBy(view);
  const active = view.entities.filter((e) => e.active).length;
  const protectedCount = count(view.entities, "protected");
  const notListed = discovered !== undefined ? Math.max(0, discovered - listed) : 0;
  const states = {
    activatedNotBackedUp: count(view.entities, "activated-not-backed-up"),
    failing: count(view.entities, "failing"),
    stale: count(view.entities, "stale"),
    notVerified: count(view.entities, "not-verified"),
  };
  return {
    listed,
    active,
    protected: protectedCount,
    ...Object.fromEntries(Object.entries(states).filter(([, n]) => n > 0)),
    ...(view.duplicateRows ? { duplicateRows: view.duplicateRows } : {}),
    ...(discovered !== undefined ? { discovered } : {}),
    ...(notListed > 0 ? { notListedByVendor: notListed } : {}),
    taskStatus:
      view.taskStatus === "gone" || view.taskStatus === "awaiting-console"
        ? view.taskStatus
        : view.connected
          ? view.taskStatus
          : "not signed in",
    ...(view.yesterday && view.yesterday.runs > 0 ? { healthyRatio: view.yesterday.ok / view.yesterday.runs } : {}),
    complete: view.connected && view.taskStatus === "active" && discovered !== undefined && protectedCount === listed && notListed === 0,
  };
}

/** Every service would be complete if discovery had counted: all the vendor lists is protected (rollout.discovery config). */
export function protectedAsListed(s: ServiceProgress): boolean {
  return s.taskStatus === "active" && s.listed > 0 && s.protected === s.listed;
}

/** What keeps each service from being protected, in words. */
export function gapsOf(services: Partial<Record<BackupService, ServiceProgress>>): string[] {
  return (Object.entries(services) as [BackupService, ServiceProgress][])
    .filter(([, s]) => !s.complete)
    .map(([service, s]) => {
      if (s.taskStatus === "awaiting-console")
        return `${service}: task not made yet in the vendor's console (stack output backupTasksAwaitingConsole has the steps)`;
      if (s.taskStatus !== "active") return `${service}: task ${s.taskStatus}`;
      const parts: string[] = [];
      if (s.notListedByVendor) parts.push(`${s.notListedByVendor} of ${s.discovered} discovered not listed by the vendor`);
      if (s.listed - s.active > 0) parts.push(`${s.listed - s.active} not active`);
      if (s.activatedNotBackedUp) parts.push(`${s.activatedNotBackedUp} active, not backed up yet`);
      if (s.failing) parts.push(`${s.failing} failing`);
      if (s.stale) parts.push(`${s.stale} stale (no successful backup within the window)`);
      if (s.notVerified) parts.push(`${s.notVerified} not verified (the vendor gives no usable date)`);
      if (s.discovered === undefined) parts.push("not verified against the directory (no Graph discovery counts)");
      if (parts.length === 0) parts.push(`${s.protected} of ${s.listed} protected`);
      return `${service}: ${parts.join(", ")}`;
    });
}

/**
 * Health of the newest wave's own entities once they have tried their first backup: protected among
 * those attempted. Undefined when the vendor gives no activation days, or nothing was activated.
 */
export function newestWaveHealth(
  view: ServiceView,
  activatedOn: string | undefined,
): { entities: number; attempted: number; ratio?: number } | undefined {
  if (!activatedOn) return undefined;
  const wave = view.entities.filter((e) => e.active && e.activatedOn === activatedOn);
  if (wave.length === 0) return undefined;
  const ok = count(wave, "protected");
  const attempted = ok + count(wave, "failing") + count(wave, "stale");
  return { entities: wave.length, attempted, ...(attempted > 0 ? { ratio: ok / attempted } : {}) };
}
