import { defaultProtectionWindowHours } from "../config/sections/rollout";
import type { EntityRecord } from "./protection-source";

/**
 * The one definition of "protected" that the rollout, the coverage command and every report use.
 *
 * An entity is protected when the backup service lists it (counted once, by `entityKey`) and its last
 * backup that succeeded finished within the protection window. Everything else is named for what it is:
 *
 * - `activated-not-backed-up`: backed up from now on, no backup attempted yet (the day it was activated);
 * - `failing`: the last backup attempt failed, or attempts run and none succeeded within the window;
 * - `stale`: the last successful backup is older than the window and nothing newer was attempted;
 * - `not-active`: listed by the service but not backed up (inactive, archived, a status word not known);
 * - `not-verified`: the service publishes no usable date for it (none at all, or one in the future), so
 *   nothing says whether it is backed up. Never counted as protected.
 */
export const protectionStates = ["protected", "activated-not-backed-up", "failing", "stale", "not-active", "not-verified"] as const;
export type ProtectionState = (typeof protectionStates)[number];

/** A backup date more than this far ahead of the checker's clock is not evidence (a skewed or lying clock). */
const futureToleranceMs = 60 * 60 * 1000;

/**
 * The stable key an entity is counted by: a mailbox or group address, or a site URL, lower-cased, with
 * `https://` and a trailing slash dropped. Two rows with one key (one per sub-source, or a page served
 * twice) are one entity.
 */
export function entityKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/+$/, "");
}

/** An entity once, with where it stands: the worst of what its rows say. */
export type JudgedEntity = EntityRecord & { state: ProtectionState };

/** Worst first: one part of an entity that is not backed up makes the entity not protected. */
const severity: readonly ProtectionState[] = ["not-active", "failing", "stale", "not-verified", "activated-not-backed-up", "protected"];
const worse = (a: ProtectionState, b: ProtectionState) => (severity.indexOf(a) <= severity.indexOf(b) ? a : b);

/**
 * The backend's rows folded to one per entity (by entityKey), each row judged on its own and the
 * entity given the worst state: a group whose mail part backed up today but whose site part has failed
 * for ten days is not protected. Active if any row is (never activated twice), archived only if every
 * row is. Returns the entities and how many rows were repeats (a row per sub-source, a page served twice).
 */
export function judgedEntities(
  rows: readonly EntityRecord[],
  now: Date,
  windowHours = defaultProtectionWindowHours,
): { entities: JudgedEntity[]; duplicateRows: number } {
  const byKey = new Map<string, JudgedEntity>();
  for (const row of rows) {
    const key = entityKey(row.name);
    const state = protectionOf(row, now, windowHours);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...row, state });
      continue;
    }
    byKey.set(key, {
      ...seen,
      active: seen.active || row.active,
      archived: (seen.archived ?? false) && (row.archived ?? false),
      state: worse(seen.state, state),
      ...(seen.id === undefined && row.id !== undefined ? { id: row.id } : {}),
    });
  }
  return { entities: [...byKey.values()], duplicateRows: rows.length - byKey.size };
}

/** Where one entity stands at `now`, by the definition above. */
export function protectionOf(record: EntityRecord, now: Date, windowHours = defaultProtectionWindowHours): ProtectionState {
  if (!record.active) return "not-active";
  if (!record.dated) return "not-verified";
  const at = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));
  const last = at(record.lastBackupAt);
  const attempt = at(record.lastAttemptAt);
  const clock = now.getTime();
  if ((last !== undefined && (Number.isNaN(last) || last > clock + futureToleranceMs)) || (attempt !== undefined && Number.isNaN(attempt)))
    return "not-verified";
  if (last !== undefined && clock - last <= windowHours * 3_600_000) return "protected";
  if (record.failing || (attempt !== undefined && (last === undefined || attempt > last))) return "failing";
  if (last !== undefined || record.missedLastBackup) return "stale";
  return "activated-not-backed-up";
}

export type ProtectionCounts = Record<ProtectionState, number>;

export function emptyProtectionCounts(): ProtectionCounts {
  return Object.fromEntries(protectionStates.map((s) => [s, 0])) as ProtectionCounts;
}
