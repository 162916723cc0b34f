import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { BackupVendorApi, EntityKind, VendorEntity } from "../cloudally/backup-vendor-api";
import type { BackupService } from "../config/sections/services";
import { backupServices } from "../config/sections/services";
import type { ConfigReader } from "../backup-tasks/vendor-connection";
import { VendorSession } from "../backup-tasks/vendor-session";
import { checkAgainst } from "../providers/dynamic-check";
import type { InventoryKind } from "../discovery/tenant-inventory";
import { activationOrder } from "../planner/activation-planner";
import { firstBackupCost, scopeOfService, ThrottlingScope } from "../planner/first-backup-cost";
import { ActivationRolloutInputs, activationRolloutInputs, RolloutWaveInput } from "./rollout-inputs";
import type { RolloutProgress, WaveProgress } from "./wave-progress";

/**
 * The ActivationRollout provider's logic (guide stage 7). Each run with a new calendar day looks at
 * the last wave's daily status and, when healthy, activates the next planned day's entities, chosen
 * from the vendor's discovered entities in the planner's order. It activates up to a cumulative
 * target per service, so a run that failed half-way resumes with exactly the rest, and it only ever
 * names inactive entities, so nothing is activated twice.
 */

export interface ActivationRolloutOutputs extends ActivationRolloutInputs {
  progress: RolloutProgress;
}

/** Entities sent per activation request. */
export const activationChunkSize = 500;

const inventoryKindOf: Record<EntityKind, InventoryKind> = {
  mailbox: "userMailboxes",
  sharedMailbox: "sharedMailboxes",
  site: "sites",
  oneDrive: "oneDrives",
  group: "groups",
  team: "groups",
};

const session = new VendorSession();

/** Called from the provider's `configure` with the stack config; the client is built on first use. */
export function configure(read: ConfigReader): void {
  session.configure(read);
}

const api = (): BackupVendorApi => session.api();

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  // The engine's own key (the serialized provider) travels with the inputs; it is not ours to validate.
  return checkAgainst(activationRolloutInputs, news, without(news, ["__provider"]));
}

function without(o: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export async function diff(_id: string, olds: ActivationRolloutOutputs, news: ActivationRolloutInputs): Promise<pulumi.dynamic.DiffResult> {
  const { progress } = olds;
  const { today } = news;
  const oldRest = without(olds, ["today", "progress", "__provider"]);
  const newRest = without(news, ["today", "__provider"]);
  const changed = Object.keys({ ...oldRest, ...newRest }).filter((k) => !same(oldRest[k], newRest[k]));
  // A self-service rollout still under way looks again on every run of a day it has not advanced yet.
  const moving = news.mode === "self-service" && !news.paused && progress?.state !== "complete";
  const newDay = moving && progress?.lastAdvancedOn !== today;
  return { changes: changed.length > 0 || newDay, replaces: [], deleteBeforeReplace: false };
}

export async function create(inputs: ActivationRolloutInputs): Promise<pulumi.dynamic.CreateResult> {
  const outs = await evaluate(inputs, undefined);
  return { id: `rollout-${createHash("sha256").update(inputs.tenantName).digest("hex").slice(0, 16)}`, outs };
}

export async function update(_id: string, olds: ActivationRolloutOutputs, news: ActivationRolloutInputs): Promise<pulumi.dynamic.UpdateResult> {
  return { outs: await evaluate(news, olds.progress) };
}

/** Refresh: the activated counts as the vendor reports them now (activations made by hand included). */
export async function read(id: string, props: ActivationRolloutOutputs): Promise<pulumi.dynamic.ReadResult> {
  if (!props.progress) return { id, props };
  const activated: Partial<Record<BackupService, number>> = {};
  const total: Partial<Record<BackupService, number>> = {};
  for (const [service, taskId] of Object.entries(props.tasks) as [BackupService, string][]) {
    const task = await api().getTask(taskId);
    if (!task || task.connectionState !== "connected") continue;
    const entities = await api().listEntities(taskId);
    activated[service] = entities.filter((e) => e.active).length;
    total[service] = entities.length;
  }
  return { id, props: { ...props, progress: { ...props.progress, activated, total } } };
}

/** Deleting the rollout stops further waves; activated entities stay activated and keep backing up. */
export async function remove(): Promise<void> {}

function yesterday(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function lastPlannedDay(waves: readonly RolloutWaveInput[]): number {
  return waves.reduce((n, w) => Math.max(n, w.index + (w.spansDays ?? 1) - 1), 0);
}

interface TaskView {
  service: BackupService;
  taskId: string;
  connected: boolean;
  entities: VendorEntity[];
}

async function taskViews(inputs: ActivationRolloutInputs): Promise<TaskView[]> {
  const views: TaskView[] = [];
  for (const service of backupServices) {
    const taskId = inputs.tasks[service];
    if (!taskId) continue;
    const task = await api().getTask(taskId);
    if (!task) throw new Error(`Backup task ${taskId} (${service}) no longer exists at the vendor; run pulumi refresh, then pulumi up.`);
    const connected = task.connectionState === "connected";
    views.push({ service, taskId, connected, entities: connected ? await api().listEntities(taskId) : [] });
  }
  return views;
}

/** Share of the active entities whose backup of the given day succeeded; undefined before any ran. */
async function healthOf(views: readonly TaskView[], day: string): Promise<number | undefined> {
  let runs = 0;
  let ok = 0;
  for (const v of views) {
    if (!v.entities.some((e) => e.active)) continue;
    for (const s of await api().dailyStatus(v.taskId, day)) {
      if (s.outcome === "not-run") continue;
      runs += 1;
      if (s.outcome === "success") ok += 1;
    }
  }
  return runs === 0 ? undefined : ok / runs;
}

const costOf = (e: VendorEntity) => firstBackupCost({ kind: inventoryKindOf[e.kind], ...(e.sizeBytes !== undefined ? { sizeBytes: e.sizeBytes } : {}) });

/** Activates one planned day: per service, up to its cumulative target, within the scope's budget left that day. */
async function activateDay(inputs: ActivationRolloutInputs, views: readonly TaskView[], day: number): Promise<WaveProgress> {
  const planEnd = lastPlannedDay(inputs.waves);
  const spent: Record<ThrottlingScope, number> = { exchange: 0, sharepoint: 0 };
  const wave: WaveProgress = { index: day, activatedOn: inputs.today, activated: {}, cost: {} };
  for (const view of views) {
    const scope = scopeOfService[view.service];
    const planned = inputs.waves.filter((w) => w.service === view.service);
    // After the plan (estimates were low), catch-up days activate what is left within the budget.
    const target = day > planEnd ? Number.POSITIVE_INFINITY : planned.filter((w) => w.index <= day).reduce((n, w) => n + w.entityCount, 0);
    if (!planned.some((w) => w.index === day) && day <= planEnd) continue;
    const ordered = activationOrder(view.entities.map((e) => ({ ...e, key: e.address, service: view.service })), inputs.priority);
    let need = target - ordered.filter((e) => e.active).length;
    const chosen: string[] = [];
    for (const e of ordered) {
      if (need <= 0) break;
      if (e.active) continue;
      const cost = costOf(e);
      // Never past the scope's daily budget, whatever the plan estimated; an entity bigger than a day goes alone.
      if (spent[scope] + cost > inputs.dailyBudget[scope] && !(spent[scope] === 0 && chosen.length === 0)) break;
      chosen.push(e.id);
      spent[scope] += cost;
      need -= 1;
    }
    for (let i = 0; i < chosen.length; i += activationChunkSize) {
      const chunk = chosen.slice(i, i + activationChunkSize);
      // The key names exactly these entities: a retried request is a replay, a different set a new request.
      const key = createHash("sha256").update(`${view.taskId}|${chunk.join(",")}`).digest("hex").slice(0, 32);
      const result = await api().activateEntities(view.taskId, chunk, key);
      for (const id of result.activated) view.entities.find((e) => e.id === id)!.active = true;
    }
    if (chosen.length > 0) {
      wave.activated[view.service] = chosen.length;
      wave.cost[scope] = spent[scope];
    }
  }
  return wave;
}

/**
 * Once every entity is active, new mailboxes, sites and groups should be backed up from the day they
 * appear: switch on the tasks' auto-activation where the config asks for it. Idempotent: a task that
 * already auto-activates is left alone, so a retried run sends nothing twice.
 */
async function releaseAutoActivation(inputs: ActivationRolloutInputs, progress: RolloutProgress): Promise<RolloutProgress> {
  const released: BackupService[] = [];
  for (const service of inputs.releaseAutoActivation) {
    const taskId = inputs.tasks[service];
    if (!taskId) continue;
    const task = await api().getTask(taskId);
    if (!task) throw new Error(`Backup task ${taskId} (${service}) no longer exists at the vendor; run pulumi refresh, then pulumi up.`);
    if (!task.settings.autoActivateNew) await api().updateTask(taskId, { settings: { autoActivateNew: true } });
    released.push(service);
  }
  return { ...progress, autoActivationReleased: released };
}

async function evaluate(inputs: ActivationRolloutInputs, previous: RolloutProgress | undefined): Promise<ActivationRolloutOutputs> {
  const planEnd = lastPlannedDay(inputs.waves);
  const base: RolloutProgress = previous ?? { state: "vendor-managed", message: "", day: 0, daysPlanned: planEnd, checkedOn: inputs.today, activated: {}, total: {}, waves: [] };
  const done = (progress: Omit<RolloutProgress, "checkedOn" | "daysPlanned">, views?: readonly TaskView[]): ActivationRolloutOutputs => {
    const activated: Partial<Record<BackupService, number>> = { ...progress.activated };
    const total: Partial<Record<BackupService, number>> = { ...progress.total };
    for (const v of views ?? []) {
      if (!v.connected) continue;
      activated[v.service] = v.entities.filter((e) => e.active).length;
      total[v.service] = v.entities.length;
    }
    // Through JSON: the engine's wire format has no `undefined`.
    const out: RolloutProgress = { ...progress, activated, total, checkedOn: inputs.today, daysPlanned: Math.max(planEnd, progress.day) };
    return { ...inputs, progress: JSON.parse(JSON.stringify(out)) as RolloutProgress };
  };

  if (inputs.mode === "vendor-managed") {
    return done({ ...base, state: "vendor-managed", message: "The vendor activates the waves; send the onboarding request (stack output onboardingRequestMarkdown). Nothing is activated by this stack." });
  }
  if (inputs.paused) return done({ ...base, state: "paused", message: `Paused at day ${base.day} of ${planEnd}; set m365-backup:rollout.paused to false to go on.` });
  if (base.state === "complete") return done(await releaseAutoActivation(inputs, base));
  if (base.lastAdvancedOn === inputs.today) {
    return done({ ...base, state: "waiting-for-next-day", message: `Day ${base.day} was activated today (${inputs.today}); the next wave waits for tomorrow's run.` });
  }

  const views = await taskViews(inputs);
  const next = base.day + 1;
  const nextServices = new Set(inputs.waves.filter((w) => w.index === next).map((w) => w.service));
  const unauthorised = views.filter((v) => !v.connected && (next > planEnd || nextServices.has(v.service)));
  if (unauthorised.length > 0) {
    return done(
      { ...base, state: "waiting-for-authorization", message: `Day ${next} needs the ${unauthorised.map((v) => v.service).join(", ")} task(s) signed in: open the links in backupTaskSignInLinks, then pulumi refresh.` },
      views,
    );
  }

  let healthyRatio: number | undefined;
  if (base.day > 0) {
    healthyRatio = await healthOf(views, yesterday(inputs.today));
    if (healthyRatio === undefined || healthyRatio < inputs.healthyThreshold) {
      const seen = healthyRatio === undefined ? "no daily backup has reported yet" : `${(healthyRatio * 100).toFixed(1)}% of yesterday's backups succeeded`;
      return done(
        { ...base, healthyRatio, state: "waiting-for-health", message: `Holding day ${next}: ${seen}, below the ${inputs.healthyThreshold * 100}% threshold (rollout.healthyThreshold). Check the vendor's daily status report.` },
        views,
      );
    }
  }

  const remaining = views.some((v) => v.entities.some((e) => !e.active));
  if (next > planEnd && !remaining) {
    return done(await releaseAutoActivation(inputs, { ...base, healthyRatio, state: "complete", message: `Every discovered entity is active (${base.day} days).` }), views);
  }
  const wave = await activateDay(inputs, views, next);
  const left = views.some((v) => v.entities.some((e) => !e.active));
  const complete = next >= planEnd && !left;
  const count = Object.values(wave.activated).reduce((n, c) => n + (c ?? 0), 0);
  const progress: RolloutProgress = {
    ...base,
    healthyRatio,
    day: next,
    lastAdvancedOn: inputs.today,
    waves: [...base.waves, wave],
    state: complete ? "complete" : "advanced",
    message: complete
      ? `Day ${next} activated ${count} entities; every discovered entity is active.`
      : `Day ${next}${next > planEnd ? " (catch-up)" : ""} activated ${count} entities; the next wave runs on a later day once these back up healthily.`,
  };
  return done(complete ? await releaseAutoActivation(inputs, progress) : progress, views);
}
