import type { BackupVendorApi, PublicEntityStatus, VendorEntity } from "../cloudally/backup-vendor-api";
import { publicEntityKind } from "../cloudally/partner-reads";
import { backupServices } from "../config/sections/services";
import type { ActivationRolloutInputs } from "./rollout-inputs";
import type { ServiceView } from "./day-step";

/** Status words of an entity the vendor backs up: ACTIVE and FAILED (a failing backup is still activated) are seen in real answers. */
const activeWords = new Set(["ACTIVE", "FAILED"]);

/**
 * What the public partner reads say of each service's task: the account's task listing (status, entities
 * listed) and the per-entity backup statuses (which are active, and yesterday's outcome). The vendor's
 * activation day is not published, so a day's spend is not derived from it; vendor-managed rollouts spend
 * nothing of the module's budget.
 */
export async function publicTaskViews(
  api: BackupVendorApi,
  inputs: Pick<ActivationRolloutInputs, "tasks">,
  yesterday: string,
): Promise<ServiceView[]> {
  const listed = await api.accountTasks();
  const known = backupServices.flatMap((s) => (inputs.tasks[s] && listed.some((t) => t.id === inputs.tasks[s]) ? [inputs.tasks[s]!] : []));
  const statusesOf = known.length > 0 ? await api.entityStatuses(known) : new Map<string, PublicEntityStatus[]>();
  const views: ServiceView[] = [];
  for (const service of backupServices) {
    const taskId = inputs.tasks[service];
    if (!taskId) continue;
    const task = listed.find((t) => t.id === taskId);
    if (!task) {
      views.push({ service, taskId, connected: false, taskStatus: "gone", entities: [] });
      continue;
    }
    const statuses = statusesOf.get(taskId) ?? [];
    const entities: VendorEntity[] = statuses.map((s) => ({
      id: `${taskId}:${s.entity}`,
      kind: publicEntityKind[service],
      address: s.entity,
      active: s.statuses.some((w) => activeWords.has(w)),
    }));
    const ran = statuses.filter((s) => s.lastAttemptAt?.startsWith(yesterday));
    const ok = ran.filter((s) => s.lastBackupAt?.startsWith(yesterday) && !s.statuses.includes("FAILED"));
    views.push({
      service,
      taskId,
      // Assumption (docs/facts.md): the console makes no task without the Microsoft 365 sign-in.
      connected: true,
      // A status word the module does not know is taken as not backing up: it holds completion, never activates.
      taskStatus: task.status === "other" ? "paused" : task.status,
      entities,
      ...(task.entities !== undefined ? { listed: task.entities } : {}),
      ...(ran.length > 0 ? { yesterday: { runs: ran.length, ok: ok.length } } : {}),
    });
  }
  return views;
}
