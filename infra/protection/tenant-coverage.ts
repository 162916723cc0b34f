import type { TaskSettings } from "../config/sections/backup-tasks";
import type { DirectoryEntity } from "../discovery/directory-entities";
import type { BackupService } from "../services/backup-services";
import { tenantMismatch } from "../backup-tasks/tenant-binding";
import type { ServiceCoverage, TenantCoverage } from "./coverage-report";
import type { EntityRecord, ProtectedTask } from "./protection-source";
import { entityKey, judgedEntities, ProtectionState } from "./protection-state";

/**
 * One tenant's coverage: the entities Microsoft Graph lists joined with what the protection source says,
 * each judged by the one definition of protected (protection-state.ts). Pure: the command reads, this decides.
 */

/** What the stack expects of one service's task. */
export interface ExpectedTask {
  service: BackupService;
  taskName: string;
  rootUrl?: string;
  settings: TaskSettings;
  /** Held paused by backupTasks.pausedServices. */
  paused: boolean;
}

export interface TenantCoverageInput {
  stack: string;
  tenantId: string;
  tenantDomains: string[];
  backend: string;
  expected: readonly ExpectedTask[];
  /** The account's tasks, as the protection source lists them. */
  tasks: readonly ProtectedTask[];
  /** Rows per task id, for the tasks found. */
  rows: ReadonlyMap<string, readonly EntityRecord[]>;
  /** What Graph lists per service; undefined when the directory was not read. */
  directory?: Partial<Record<BackupService, DirectoryEntity[]>>;
  now: Date;
  windowHours: number;
  graceHours: number;
  /** Entities named per list. */
  listLimit: number;
  problems?: string[];
  /** False when the task listing could not be read: no task is then reported missing on top of the failed read. */
  tasksRead?: boolean;
}

/**
 * The key an entity is joined by. OneDrives are named by their owner's address at the vendor (the
 * emulator does; an assumption for CloudAlly) and by their personal site URL in Graph: both become the
 * personal site's path, where SharePoint writes the owner's address with `_` for `@` and `.`.
 */
export function coverageKey(service: BackupService, name: string): string {
  if (service !== "onedrive") return entityKey(name);
  const key = entityKey(name);
  if (key.includes("@") && !key.includes("/")) return `personal/${key.replace(/[@.]/g, "_")}`;
  const personal = /\/(personal\/[^/]+)/.exec(key);
  return personal ? personal[1] : key;
}

const within = (at: string | undefined, now: Date, hours: number) =>
  at !== undefined && now.getTime() - Date.parse(at) <= hours * 3_600_000;

function taskFor(input: TenantCoverageInput, e: ExpectedTask): { task?: ProtectedTask; drift: string[]; problems: string[] } {
  const ofService = input.tasks.filter((t) => t.service === e.service);
  const task = ofService.find((t) => t.name === e.taskName);
  const drift: string[] = [];
  const problems: string[] = [];
  const bindingInputs = {
    service: e.service,
    taskName: e.taskName,
    ...(e.rootUrl ? { rootUrl: e.rootUrl } : {}),
    tenantDomains: input.tenantDomains,
    owner: { tenantId: input.tenantId, stack: input.stack, resource: "" },
  };
  const names = (t: ProtectedTask) => (input.rows.get(t.id) ?? []).map((r) => r.name);
  if (task) {
    const mismatch = tenantMismatch(bindingInputs, task, names(task));
    if (mismatch) return { drift, problems: [mismatch] };
    return { task, drift, problems };
  }
  // Renamed at the vendor (or named by hand): the one task of the service that backs up this tenant.
  const bound = ofService.filter((t) => tenantMismatch(bindingInputs, t, names(t)) === undefined);
  if (bound.length === 1) {
    drift.push(`${e.service}: the task is named "${bound[0].name}" at the vendor, not "${e.taskName}" (renamed, or made by hand).`);
    return { task: bound[0], drift, problems };
  }
  problems.push(
    `${e.service}: no task named "${e.taskName}" backs up this tenant in the vendor account${bound.length > 1 ? ` (${bound.length} tasks of the service do: ${bound.map((t) => `"${t.name}"`).join(", ")})` : ""}.`,
  );
  return { drift, problems };
}

function settingsDrift(e: ExpectedTask, task: ProtectedTask): string[] {
  if (!task.settings) return [];
  const s = task.settings;
  const out: string[] = [];
  const where = `${e.service}: task "${task.name}"`;
  if (s.autoActivateNew === false && e.settings.autoActivateNew)
    out.push(
      `${where} does not auto-activate new objects, which the config asks for (on an enterprise tenant it is held back until the rollout completes).`,
    );
  if (s.indexForSearch !== undefined && s.indexForSearch !== e.settings.indexForSearch)
    out.push(`${where} has "Index all data for search" ${s.indexForSearch ? "on" : "off"}.`);
  if (s.backupUnlicensedAccounts !== undefined && s.backupUnlicensedAccounts !== e.settings.backupUnlicensedAccounts)
    out.push(`${where} has "Back up unlicensed accounts" ${s.backupUnlicensedAccounts ? "on" : "off"}, not as configured.`);
  const wantedRetention = e.settings.retainArchivedDays === "forever" ? null : e.settings.retainArchivedDays;
  if (s.retainArchivedDays !== undefined && s.retainArchivedDays !== wantedRetention)
    out.push(
      `${where} keeps archived items ${s.retainArchivedDays === null ? "forever" : `${s.retainArchivedDays} days`}, not as configured.`,
    );
  return out;
}

export function tenantCoverage(input: TenantCoverageInput): TenantCoverage {
  const drift: string[] = [];
  const problems: string[] = [...(input.problems ?? [])];
  const services: ServiceCoverage[] = [];
  for (const e of input.expected) {
    const found = input.tasksRead === false ? { drift: [], problems: [] } : taskFor(input, e);
    drift.push(...found.drift);
    problems.push(...found.problems);
    const task = found.task;
    if (task && task.status !== "active" && !(e.paused && task.status === "paused"))
      drift.push(`${e.service}: task "${task.name}" is ${task.vendorStatus} at the vendor: it backs nothing up.`);
    if (task) drift.push(...settingsDrift(e, task));
    services.push(serviceCoverage(input, e, task));
  }
  const breaches = services.reduce((n, s) => n + s.breaches, 0);
  return {
    stack: input.stack,
    tenantId: input.tenantId,
    backend: input.backend,
    verdict: problems.length > 0 ? "error" : input.directory === undefined ? "unverified" : breaches > 0 ? "not-protected" : "protected",
    services,
    drift,
    problems,
  };
}

function serviceCoverage(input: TenantCoverageInput, e: ExpectedTask, task: ProtectedTask | undefined): ServiceCoverage {
  const { entities: records, duplicateRows } = judgedEntities(task ? (input.rows.get(task.id) ?? []) : [], input.now, input.windowHours);
  const judged = new Map<string, { name: string; state: ProtectionState; activatedOn?: string; archived?: boolean }>();
  for (const r of records)
    judged.set(coverageKey(e.service, r.name), {
      name: r.name,
      state: r.state,
      ...(r.activatedOn ? { activatedOn: r.activatedOn } : {}),
      ...(r.archived ? { archived: true } : {}),
    });
  const backsUpUnlicensed = e.settings.backupUnlicensedAccounts;
  const directory = input.directory?.[e.service]?.filter((d) => e.service !== "exchange" || backsUpUnlicensed || !d.unlicensed);
  const lists = {
    unprotected: [] as string[],
    failing: [] as string[],
    stale: [] as string[],
    activatedNotBackedUp: [] as string[],
    notVerified: [] as string[],
    orphaned: [] as string[],
  };
  const counts = { protected: 0, activatedNotBackedUp: 0, failing: 0, stale: 0, notVerified: 0, unprotected: 0, orphaned: 0, breaches: 0 };
  const note = (list: keyof typeof lists, name: string) => {
    counts[list] += 1;
    if (lists[list].length < input.listLimit) lists[list].push(name);
  };
  // New within the grace window: created (Graph) or activated (the vendor) that recently; only these may wait.
  const judge = (name: string, state: ProtectionState | undefined, createdAt: string | undefined, activatedOn: string | undefined) => {
    const fresh =
      within(createdAt, input.now, input.graceHours) ||
      within(activatedOn ? `${activatedOn}T00:00:00Z` : undefined, input.now, input.graceHours);
    if (state === "protected") counts.protected += 1;
    else if (state === "activated-not-backed-up") {
      note("activatedNotBackedUp", name);
      if (!fresh) counts.breaches += 1;
    } else {
      if (state === "failing") note("failing", name);
      else if (state === "stale") note("stale", name);
      else if (state === "not-verified") note("notVerified", name);
      else note("unprotected", name);
      if (!fresh) counts.breaches += 1;
    }
  };
  if (directory) {
    const seen = new Set<string>();
    for (const d of directory) {
      const key = coverageKey(e.service, d.name);
      if (seen.has(key)) continue;
      seen.add(key);
      const j = judged.get(key);
      judge(d.name, j?.state, d.createdAt, j?.activatedOn);
    }
    // Archived at the vendor and gone from the directory is how an entity ends, not an orphan.
    for (const [key, j] of judged) if (!seen.has(key) && !j.archived) note("orphaned", j.name);
  } else {
    for (const j of judged.values()) if (!j.archived) judge(j.name, j.state, undefined, j.activatedOn);
  }
  const listed = Math.max(records.length, task?.listed ?? 0);
  return {
    service: e.service,
    ...(task ? { taskId: task.id } : {}),
    taskName: task?.name ?? e.taskName,
    taskStatus: task ? task.status : "missing",
    ...(directory ? { discovered: new Set(directory.map((d) => coverageKey(e.service, d.name))).size } : {}),
    listed,
    ...counts,
    duplicateRows,
    entities: lists,
  };
}
