import { publicEntityKind } from "../cloudally/partner-reads";
import { addDays } from "../config/run-day";
import { backupServices } from "../services/backup-services";
import type { ProtectionSource } from "../protection/protection-source";
import type { EntityRecord } from "../protection/protection-source";
import { entityKey, judgedEntities } from "../protection/protection-state";
import type { ActivationRolloutInputs } from "./rollout-inputs";
import type { ServiceView, ViewEntity } from "./service-progress";

/**
 * The clock protection is judged by: now on a real run; 06:00 UTC of the run's day (when the scheduled
 * pipeline runs) when the day is overridden for an emulator replay (M365_BACKUP_TODAY), so the emulator's
 * dates are judged on its clock.
 */
export function judgedAt(today: string, now = new Date()): Date {
  return now.toISOString().slice(0, 10) === today ? now : new Date(`${today}T06:00:00Z`);
}

/**
 * What the protection source says of each service's task, as the day step reads it: the task's status,
 * each entity once (folded by entityKey) with where it stands by the one definition of protected, and
 * yesterday's backups (how many ran, how many succeeded).
 */
export async function taskViews(
  source: ProtectionSource,
  // States written before the public API's console wait lack awaitingConsole.
  inputs: Pick<ActivationRolloutInputs, "tasks" | "today" | "protectionWindowHours"> & { awaitingConsole?: readonly string[] },
  now = new Date(),
): Promise<ServiceView[]> {
  const listed = await source.tasks();
  const known = backupServices.flatMap((s) => (inputs.tasks[s] && listed.some((t) => t.id === inputs.tasks[s]) ? [inputs.tasks[s]!] : []));
  const rowsOf = known.length > 0 ? await source.entities(known) : new Map();
  const at = judgedAt(inputs.today, now);
  const yesterday = addDays(inputs.today, -1);
  const views: ServiceView[] = [];
  for (const service of backupServices) {
    // Not made yet in the console (public API): nothing at the vendor backs the service up.
    if (inputs.awaitingConsole?.includes(service)) {
      views.push({ service, taskId: "", connected: false, taskStatus: "awaiting-console", entities: [] });
      continue;
    }
    const taskId = inputs.tasks[service];
    if (!taskId) continue;
    const task = listed.find((t) => t.id === taskId);
    // Gone at the vendor: the service is not protected; the BackupTask makes the task again on the next up.
    if (!task) {
      views.push({ service, taskId, connected: false, taskStatus: "gone", entities: [] });
      continue;
    }
    // Assumption (docs/facts.md): the console makes no task without the Microsoft 365 sign-in, so a task the public reads list is signed in.
    const connected = task.signedIn ?? true;
    const rows: EntityRecord[] = connected ? (rowsOf.get(taskId) ?? []) : [];
    const { entities: judged, duplicateRows } = judgedEntities(rows, at, inputs.protectionWindowHours);
    const entities: ViewEntity[] = judged.map((r) => ({
      id: r.id ?? `${taskId}:${r.name}`,
      kind: r.kind ?? publicEntityKind[service],
      address: r.name,
      active: r.active,
      ...(r.archived ? { archived: true } : {}),
      ...(r.sizeBytes !== undefined ? { sizeBytes: r.sizeBytes } : {}),
      ...(r.activatedOn ? { activatedOn: r.activatedOn } : {}),
      protection: r.state,
    }));
    // Yesterday's backups per entity: it ran when any of its rows ran, and succeeded when every row that ran did.
    const yesterdayOf = new Map<string, { ok: boolean }>();
    for (const r of rows) {
      const ran = r.lastAttemptAt?.startsWith(yesterday) || r.lastBackupAt?.startsWith(yesterday);
      if (!ran) continue;
      const ok = !!r.lastBackupAt?.startsWith(yesterday) && !r.failing;
      const key = entityKey(r.name);
      yesterdayOf.set(key, { ok: (yesterdayOf.get(key)?.ok ?? true) && ok });
    }
    const ran = [...yesterdayOf.values()];
    const ok = ran.filter((r) => r.ok);
    views.push({
      service,
      taskId,
      connected,
      // A status word the module does not know is taken as not backing up: it holds completion, never activates.
      taskStatus: task.status === "other" ? "paused" : task.status,
      entities,
      ...(duplicateRows > 0 ? { duplicateRows } : {}),
      ...(task.listed !== undefined ? { listed: task.listed } : {}),
      ...(ran.length > 0 ? { yesterday: { runs: ran.length, ok: ok.length } } : {}),
    });
  }
  return views;
}
