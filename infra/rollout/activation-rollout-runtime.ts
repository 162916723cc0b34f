import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { BackupVendorApi } from "../cloudally/backup-vendor-api";
import { activationChunkSize } from "../cloudally/cloudally-client";
import type { BackupService } from "../services/backup-services";
import type { ConfigReader } from "../backup-tasks/vendor-connection";
import { VendorSession } from "../backup-tasks/vendor-session";
import { checkAgainst } from "../dynamic/dynamic-check";
import { cloudAllyProtection } from "../protection/cloudally-protection";
import { defaultProtectionWindowHours } from "../config/sections/rollout";
import { dayStep } from "./day-step";
import { gapsOf, serviceProgress, ServiceView } from "./service-progress";
import { providerRunDay } from "../config/run-day";
import { taskViews } from "./task-views";
import { ActivationRolloutInputs, activationRolloutInputs } from "./rollout-inputs";
import type { RolloutProgress, ServiceProgress } from "./wave-progress";

/**
 * The ActivationRollout provider (guide stage 7): a thin shell around the pure day step (day-step.ts).
 * Each run reads what the vendor reports (tasks, entities, yesterday's backups), lets the day step decide,
 * then activates what it chose and switches on auto-activation once everything is active. The vendor's
 * report, never the rollout's memory, says what is active, so a task made again at the vendor or a
 * run that failed half-way is picked up where the vendor stands.
 */

export interface ActivationRolloutOutputs extends ActivationRolloutInputs {
  progress: RolloutProgress;
}

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
  // Every rollout looks again each day, a complete one included (it checks backups still succeed): a
  // self-service one on every run of a day it has not advanced yet, any other once a day.
  const advancing = news.mode === "self-service" && !news.paused && progress?.state !== "complete" && progress?.state !== "not-protected";
  const newDay = advancing ? progress?.lastAdvancedOn !== today : progress?.checkedOn !== today;
  return { changes: changed.length > 0 || newDay, replaces: [], deleteBeforeReplace: false };
}

export async function create(inputs: ActivationRolloutInputs): Promise<pulumi.dynamic.CreateResult> {
  const outs = await evaluate(inputs, undefined);
  return { id: `rollout-${createHash("sha256").update(inputs.tenantName).digest("hex").slice(0, 16)}`, outs };
}

export async function update(
  _id: string,
  olds: ActivationRolloutOutputs,
  news: ActivationRolloutInputs,
): Promise<pulumi.dynamic.UpdateResult> {
  return { outs: await evaluate(news, olds.progress) };
}

/**
 * Refresh: where every service stands as the vendor reports it now (activations made by hand included).
 * A rollout that was complete and no longer is (a task made again, entities the vendor dropped) says so,
 * and the next `up` carries on.
 */
export async function read(id: string, props: ActivationRolloutOutputs): Promise<pulumi.dynamic.ReadResult> {
  if (!props.progress) return { id, props };
  // Judged on the day of the refresh, not the last up's: last night's backups are not in the future.
  const today = providerRunDay();
  const read = await views({ ...props, today, protectionWindowHours: props.protectionWindowHours ?? defaultProtectionWindowHours });
  const services: Partial<Record<BackupService, ServiceProgress>> = {};
  const activated: Partial<Record<BackupService, number>> = {};
  const total: Partial<Record<BackupService, number>> = {};
  for (const v of read) {
    const s = serviceProgress(v, props.expected?.[v.service]);
    services[v.service] = s;
    if (!v.connected) continue;
    activated[v.service] = s.active;
    total[v.service] = s.listed;
  }
  let progress: RolloutProgress = { ...props.progress, activated, total, services };
  const complete = read.length > 0 && Object.values(services).every((s) => s?.complete);
  const gaps = gapsOf(services).join("; ");
  if ((props.progress.state === "complete" || props.progress.state === "not-protected") && !complete) {
    delete progress.autoActivationReleased;
    progress = {
      ...progress,
      state: "not-protected",
      completedOn: props.progress.completedOn ?? props.progress.checkedOn,
      message: `Not protected, as the vendor reports it now: ${gaps}. The next pulumi up re-checks.`,
    };
  } else {
    // The message says what the vendor reports now, not what the last up saw.
    progress = {
      ...progress,
      message: complete
        ? `Every entity discovery found is protected, as the vendor reports it now; the next pulumi up records it.`
        : `As the vendor reports it now (refresh): ${protectedSummary(services)}. Not yet protected: ${gaps || "nothing known yet"}. The next pulumi up decides what follows.`,
    };
  }
  return { id, props: { ...props, progress: JSON.parse(JSON.stringify(progress)) as RolloutProgress } };
}

function protectedSummary(services: Partial<Record<BackupService, ServiceProgress>>): string {
  return Object.entries(services)
    .map(([service, s]) => `${service} ${s!.protected} of ${s!.discovered ?? s!.listed} protected`)
    .join(", ");
}

/** Deleting the rollout stops further waves; activated entities stay activated and keep backing up. */
export async function remove(): Promise<void> {}

/** What the vendor reports for each task, through the one protection read. */
function views(
  inputs: Pick<ActivationRolloutInputs, "tasks" | "today" | "protectionWindowHours"> & { awaitingConsole?: readonly string[] },
): Promise<ServiceView[]> {
  return taskViews(cloudAllyProtection(api(), { today: inputs.today }), inputs);
}

async function evaluate(inputs: ActivationRolloutInputs, previous: RolloutProgress | undefined): Promise<ActivationRolloutOutputs> {
  const paused = inputs.mode === "self-service" && inputs.paused;
  const read = paused ? [] : await views(inputs);
  // Defence in depth: the config refuses self-service with a read-only vendor API; nothing would be activated anyway.
  if (inputs.mode === "self-service" && !api().offers("activateEntities")) {
    throw new Error(
      "rollout.mode is self-service but the vendor API offers no activation (vendorApi.capabilities public); set rollout.mode to vendor-managed. Nothing was activated.",
    );
  }
  const step = dayStep({ inputs, previous, views: read });
  for (const activation of step.activations) {
    for (let i = 0; i < activation.entityIds.length; i += activationChunkSize) {
      const chunk = activation.entityIds.slice(i, i + activationChunkSize);
      // The key names exactly these entities: a retried request is a replay, a different set a new request.
      const key = createHash("sha256")
        .update(`${activation.taskId}|${chunk.join(",")}`)
        .digest("hex")
        .slice(0, 32);
      await api().activateEntities(activation.taskId, chunk, key);
    }
  }
  let progress = step.progress;
  if (step.release.length > 0) progress = { ...progress, autoActivationReleased: await releaseAutoActivation(inputs, step.release) };
  // Through JSON: the engine's wire format has no `undefined`.
  return { ...inputs, progress: JSON.parse(JSON.stringify(progress)) as RolloutProgress };
}

/**
 * Once every entity is active, new mailboxes, sites and groups should be backed up from the day they
 * appear: switch on the tasks' auto-activation where the config asks for it. Idempotent: a task that
 * already auto-activates is left alone, so a retried run sends nothing twice.
 */
async function releaseAutoActivation(inputs: ActivationRolloutInputs, services: readonly BackupService[]): Promise<BackupService[]> {
  const released: BackupService[] = [];
  for (const service of services) {
    const taskId = inputs.tasks[service];
    if (!taskId) continue;
    const task = await api().getTask(taskId);
    if (!task) throw new Error(`Backup task ${taskId} (${service}) no longer exists at the vendor; run pulumi refresh, then pulumi up.`);
    if (!task.settings.autoActivateNew) await api().updateTask(taskId, { settings: { autoActivateNew: true } });
    released.push(service);
  }
  return released;
}
