import { randomUUID } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { BackupVendorApi, PublicTask, TaskChange, VendorTask, VendorTaskSettings } from "../cloudally/backup-vendor-api";
import { VendorApiError } from "../cloudally/vendor-api-error";
import { checkAgainst } from "../dynamic/dynamic-check";
import { BackupTaskInputs, backupTaskInputs, mutableSettings, replaceOnChange } from "./backup-task-inputs";
import type { ConfigReader } from "./vendor-connection";
import { VendorSession } from "./vendor-session";
import { adoption, describeOwner, owns, sameOwner } from "./task-ownership";
import { tenantMismatch } from "./tenant-binding";
import { providerRunDay } from "../config/run-day";
import {
  ConsoleWait,
  consoleChecks,
  consoleDrift,
  consoleSteps,
  consoleWait,
  findByName,
  observedFromPublic,
  refusal,
} from "./console-assisted-task";

/**
 * The BackupTask provider's logic, loaded by the serialized provider at run time (see
 * infra/providers/runtime-loader.ts). Everything here may change between releases; the provider
 * text in state only forwards to it.
 */

export interface BackupTaskOutputs extends BackupTaskInputs {
  taskId: string;
  connectionState: VendorTask["connectionState"];
  /** The OAuth sign-in link, while the task waits for an admin to authorise it. */
  authorizationUrl?: string;
  /**
   * What the vendor reports: active, paused or archived, gone when the task no longer exists there, other for a
   * status word the module does not know; awaiting-console while the task waits to be made in the vendor's console.
   */
  status: VendorTask["status"] | "gone" | "other" | "awaiting-console";
  /** When the task's last successful backup finished (ISO time), as the vendor reports it, or "never". */
  lastSuccessfulBackupAt: string;
  discoveryState: VendorTask["discovery"]["state"];
  discoveredCounts: VendorTask["discovery"]["counts"];
  /** What the vendor reports, which differs from the inputs where a change needs vendor support; absent where the API does not show settings. */
  vendorSettings?: VendorTaskSettings;
  /** Changes the API cannot make: console steps, or requests to the vendor's support. */
  vendorActionRequired: string[];
  /** Settings the vendor's API does not show, to check once in its console (public API only). */
  consoleChecks?: string[];
  /** Public API, while the task waits to be made in the console: since when, and the first day `up` fails on it. */
  awaitingConsole?: ConsoleWait;
}

const session = new VendorSession();

/** Called from the provider's `configure` with the stack config; the client is built on first use. */
export function configure(read: ConfigReader): void {
  session.configure(read);
}

const api = (): BackupVendorApi => session.api();

/** The vendor's API only reads (vendorApi.capabilities public): tasks are made and changed in its console. */
const consoleAssisted = (): boolean => !api().offers("getTask");

/** What the vendor should hold for these inputs. Indexing is never sent as off: only support can do that. */
export function vendorSettingsFor(inputs: BackupTaskInputs): VendorTaskSettings {
  return {
    indexForSearch: true,
    backupUnlicensedAccounts: inputs.settings.backupUnlicensedAccounts,
    retainArchivedDays: inputs.settings.retainArchivedDays === "forever" ? null : inputs.settings.retainArchivedDays,
    autoActivateNew: inputs.settings.autoActivateNew,
    ...(inputs.schedule ? { dailyAtUtc: inputs.schedule.dailyAtUtc } : {}),
  };
}

/**
 * On an enterprise tenant the activation rollout owns auto-activation: the task holds it back, and once
 * the rollout has switched it on where the config asks for it, the task neither reports that as drift
 * nor switches it off again.
 */
function autoActivationReleasedAtVendor(inputs: BackupTaskInputs, actual: VendorTaskSettings): boolean {
  return inputs.enterprise === true && inputs.autoActivateNewRequested === true && actual.autoActivateNew;
}

function vendorActions(inputs: BackupTaskInputs, task: VendorTask): string[] {
  if (inputs.settings.indexForSearch || !task.settings.indexForSearch) return [];
  return [
    `Turn off "Index all data for search" for task "${task.name}" (${task.id}): only vendor support can do this. ` +
      `Send the onboarding request or write to support@constantedge.com with the justification: ${inputs.settings.indexingOffJustification ?? "(none given)"}`,
  ];
}

/** States in which the task waits for an admin to open its sign-in link. */
const needsSignIn = new Set<VendorTask["connectionState"]>(["pending-authorization", "authorization-expired", "authorization-failed"]);

/** The inputs alone, where a refresh hands the previous outputs in their place. */
const ownInputs = (inputs: BackupTaskInputs): BackupTaskInputs =>
  Object.fromEntries(
    Object.entries(inputs).filter(
      ([k]) => !["authorizationUrl", "lastSuccessfulBackupAt", "vendorSettings", "awaitingConsole"].includes(k),
    ),
  ) as BackupTaskInputs;

export function outputsFor(inputs: BackupTaskInputs, task: VendorTask): BackupTaskOutputs {
  // On refresh `inputs` are the previous outputs: a sign-in link must not outlive the pending state.
  return {
    ...ownInputs(inputs),
    taskId: task.id,
    connectionState: task.connectionState,
    ...(needsSignIn.has(task.connectionState) && task.authorizationUrl ? { authorizationUrl: task.authorizationUrl } : {}),
    status: task.status,
    lastSuccessfulBackupAt: task.lastSuccessfulBackupAt ?? "never",
    discoveryState: task.discovery.state,
    discoveredCounts: task.discovery.counts,
    vendorSettings: task.settings,
    vendorActionRequired: vendorActions(inputs, task),
  };
}

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  return checkAgainst(backupTaskInputs, news);
}

const comparable = (v: unknown) => JSON.stringify(v ?? null);

/** Fields whose change is an update in place. */
const updatable = [
  "taskName",
  "settings",
  "schedule",
  "autoActivateNewRequested",
  "enterprise",
  "allowBackupDataDeletion",
  "owner",
  "paused",
  // New with tenant binding: a stack upgraded to it updates once, which checks its adopted task backs up the tenant.
  "tenantDomains",
] as const;

/** The status the vendor should report for these inputs. */
const wantedStatus = (inputs: BackupTaskInputs): VendorTask["status"] => (inputs.paused ? "paused" : "active");

export async function diff(_id: string, olds: BackupTaskOutputs, news: BackupTaskInputs): Promise<pulumi.dynamic.DiffResult> {
  // Gone at the vendor (seen by refresh): the update makes a new task; a replacement would trip `protect`.
  // Waiting for the console: every up looks for the task again (and escalates a long wait).
  if (olds.status === "gone" || olds.status === "awaiting-console")
    return { changes: true, replaces: [], deleteBeforeReplace: false, stables: ["service"] };
  const replaces = replaceOnChange.filter((k) => comparable(olds[k]) !== comparable(news[k]) && news[k] !== undefined);
  const changed = updatable.filter((k) => comparable(olds[k]) !== comparable(news[k]));
  // Paused or archived at the vendor but not in the config (or the other way round): `up` puts it back.
  const statusDrift = olds.status !== undefined && olds.status !== wantedStatus(news);
  if (replaces.length > 0 && olds.allowBackupDataDeletion !== true) {
    throw new Error(
      `Backup task "${olds.taskName}" (${olds.taskId}) cannot change ${replaces.join(", ")} in place; that needs a new task, and the old one and its backups would be deleted. ` +
        `Nothing was changed. To go ahead, first set backupTasks.allowBackupDataDeletion to true (and unprotect the task) and run pulumi up, then make this change; otherwise keep ${replaces.join(", ")} as they are.`,
    );
  }
  return {
    changes: replaces.length > 0 || changed.length > 0 || statusDrift,
    replaces: [...replaces],
    // The new task reuses the natural key (service and name), so the old one must go first.
    deleteBeforeReplace: replaces.length > 0,
    stables: ["service"],
  };
}

/**
 * Public API: adopt the account's task of this name; while there is none, wait for it with the console
 * steps that make it (since the day the wait began), until the wait is escalated.
 */
async function adoptFromConsole(inputs: BackupTaskInputs, waitingSince?: string): Promise<BackupTaskOutputs> {
  const task = findByName(await api().accountTasks(), inputs);
  if (!task) {
    const today = providerRunDay();
    return awaitingOutputsFor(inputs, consoleWait(inputs, waitingSince ?? today, today));
  }
  const refused = refusal(inputs, task) ?? (await bindingRefusal(inputs, task));
  if (refused) throw new Error(refused);
  return publicOutputsFor(inputs, task);
}

/** A task adopted by name must back up this tenant: its domain or sign-in account, else its entities, say so. */
async function bindingRefusal(inputs: BackupTaskInputs, task: PublicTask): Promise<string | undefined> {
  const statuses = task.domain || task.signInAccount ? [] : ((await api().entityStatuses([task.id])).get(task.id) ?? []);
  return tenantMismatch(
    inputs,
    task,
    statuses.map((s) => s.entity),
  );
}

/** A task not made yet: nothing at the vendor, the console steps as the action required. */
function awaitingOutputsFor(inputs: BackupTaskInputs, wait: ConsoleWait): BackupTaskOutputs {
  return {
    ...ownInputs(inputs),
    taskId: "",
    connectionState: "pending-authorization",
    status: "awaiting-console",
    lastSuccessfulBackupAt: "never",
    discoveryState: "not-started",
    discoveredCounts: {},
    vendorActionRequired: [consoleSteps(inputs)],
    awaitingConsole: wait,
  };
}

function publicOutputsFor(inputs: BackupTaskInputs, task: PublicTask): BackupTaskOutputs {
  const own = ownInputs(inputs);
  return {
    ...own,
    ...observedFromPublic(task),
    vendorActionRequired: consoleDrift(inputs, task),
    consoleChecks: consoleChecks(inputs, task),
  };
}

export async function create(inputs: BackupTaskInputs): Promise<pulumi.dynamic.CreateResult> {
  if (consoleAssisted()) {
    const outs = await adoptFromConsole(inputs);
    // A waiting resource has no vendor id yet; once adopted, the output taskId names the task (vendorIdOf).
    return { id: outs.taskId || `awaiting-console-${inputs.service}-${randomUUID()}`, outs };
  }
  const vendorApi = api();
  const wanted = vendorSettingsFor(inputs);
  // Dynamic resources cannot be imported: an existing task with the same natural key is adopted when the
  // ownership rules allow it (task-ownership.ts), which also makes a create retried after a lost answer safe.
  let task =
    (await vendorApi.findTask(inputs.service, inputs.taskName)) ??
    (await vendorApi.createTask(
      {
        service: inputs.service,
        name: inputs.taskName,
        ...(inputs.rootUrl ? { rootUrl: inputs.rootUrl } : {}),
        region: inputs.region,
        settings: wanted,
        owner: inputs.owner,
      },
      randomUUID(),
    ));
  const verdict = adoption(task, inputs.owner);
  if (!verdict.adopt)
    throw new Error(
      `A ${inputs.service} backup task named "${inputs.taskName}" already exists (${task.id}) and cannot be adopted: ${verdict.reason} Nothing was changed.`,
    );
  if (task.region !== inputs.region || (task.rootUrl ?? undefined) !== inputs.rootUrl) {
    throw new Error(
      `A ${inputs.service} backup task named "${inputs.taskName}" already exists (${task.id}) in region ${task.region}${task.rootUrl ? ` for ${task.rootUrl}` : ""}; it cannot be adopted for region ${inputs.region}${inputs.rootUrl ? ` and ${inputs.rootUrl}` : ""}. Rename the task (backupTasks.namePrefix) or match its region.`,
    );
  }
  const change: TaskChange = {};
  const settings = settingsChange(task.settings, wanted, autoActivationReleasedAtVendor(inputs, task.settings));
  if (Object.keys(settings).length > 0) change.settings = settings;
  if (!sameOwner(task.owner, inputs.owner)) change.owner = inputs.owner;
  if (Object.keys(change).length > 0) task = await vendorApi.updateTask(task.id, change);
  task = await reconcileStatus(task, inputs);
  return { id: task.id, outs: outputsFor(inputs, task) };
}

/** Puts the task in the wanted status: resumes one paused or archived at the vendor, pauses one the config pauses. */
async function reconcileStatus(task: VendorTask, inputs: BackupTaskInputs): Promise<VendorTask> {
  if (task.status === wantedStatus(inputs)) return task;
  return inputs.paused ? api().pauseTask(task.id) : api().resumeTask(task.id);
}

function settingsChange(
  actual: VendorTaskSettings,
  wanted: VendorTaskSettings,
  autoActivationReleased: boolean,
): Partial<VendorTaskSettings> {
  const change: Partial<VendorTaskSettings> = {};
  for (const key of [...mutableSettings, "dailyAtUtc"] as const) {
    if (key === "indexForSearch") continue;
    if (key === "autoActivateNew" && autoActivationReleased) continue;
    if (wanted[key] !== undefined && comparable(actual[key]) !== comparable(wanted[key]))
      (change as Record<string, unknown>)[key] = wanted[key];
  }
  return change;
}

/**
 * The vendor's id of the task. It is the resource's id until the task is lost at the vendor and made
 * again; from then on the output taskId names it (a dynamic resource cannot change its id in place).
 */
const vendorIdOf = (id: string, props: Partial<BackupTaskOutputs>): string => props.taskId ?? id;

export async function read(id: string, props: BackupTaskOutputs): Promise<pulumi.dynamic.ReadResult> {
  // Nothing at the vendor to read yet: the next up looks for the task.
  if (props.status === "awaiting-console") return { id, props };
  if (consoleAssisted()) {
    const found = (await api().accountTasks()).find((t) => t.id === vendorIdOf(id, props));
    if (!found) return { id, props: { ...props, status: "gone" } };
    // The name and status the vendor shows become the observed inputs, so a console change shows as drift.
    return { id, props: publicOutputsFor({ ...props, taskName: found.name, paused: found.status === "paused" }, found) };
  }
  const task = await api().getTask(vendorIdOf(id, props));
  // Gone at the vendor: kept in state as gone, so the outputs say so and the next up creates a new task (diff).
  if (!task) {
    const gone: Record<string, unknown> = { ...props, status: "gone" };
    delete gone.authorizationUrl;
    return { id, props: gone };
  }
  // Another resource (a rename) now owns the task: this one reports what it last knew and never acts on it.
  if (task.owner && props.owner && !sameOwner(task.owner, props.owner)) return { id, props };
  // Rebuild the inputs from what the vendor holds, so drift made in the vendor's console shows in the next diff.
  const observed: BackupTaskInputs = {
    ...props,
    taskName: task.name,
    region: task.region as BackupTaskInputs["region"],
    ...(task.rootUrl ? { rootUrl: task.rootUrl } : {}),
    ...(task.settings.dailyAtUtc ? { schedule: { dailyAtUtc: task.settings.dailyAtUtc } } : {}),
    settings: {
      ...props.settings,
      // Indexing requested off but still on is a pending vendor action, not drift.
      indexForSearch: task.settings.indexForSearch ? props.settings.indexForSearch : false,
      backupUnlicensedAccounts: task.settings.backupUnlicensedAccounts,
      retainArchivedDays: task.settings.retainArchivedDays ?? "forever",
      autoActivateNew: autoActivationReleasedAtVendor(props, task.settings)
        ? props.settings.autoActivateNew
        : task.settings.autoActivateNew,
    },
  };
  return { id, props: outputsFor(observed, task) };
}

export async function update(id: string, olds: BackupTaskOutputs, news: BackupTaskInputs): Promise<pulumi.dynamic.UpdateResult> {
  if (consoleAssisted()) {
    if (olds.status === "gone") return { outs: await adoptFromConsole(news) };
    if (olds.status === "awaiting-console") return { outs: await adoptFromConsole(news, olds.awaitingConsole?.since) };
    const found = (await api().accountTasks()).find((t) => t.id === vendorIdOf(id, olds));
    if (!found)
      throw new Error(
        `Backup task ${vendorIdOf(id, olds)} is no longer listed by the vendor; run pulumi refresh (it then shows as gone), then pulumi up for the console steps that make it again.`,
      );
    // A task adopted before adoption was bound to the tenant is checked now (a copied stack file).
    const refused = await bindingRefusal(news, found);
    if (refused) throw new Error(refused);
    // What differs is reported as console steps (vendorActionRequired); the public API changes nothing.
    return { outs: publicOutputsFor(news, found) };
  }
  const vendorApi = api();
  const taskId = vendorIdOf(id, olds);
  // Lost at the vendor, or never made (the API could not while it was public): made (or adopted under the
  // ownership rules) under the same resource.
  if (olds.status === "gone" || olds.status === "awaiting-console") return { outs: (await create(news)).outs };
  let task = await vendorApi.getTask(taskId);
  if (!task)
    throw new Error(
      `Backup task ${taskId} no longer exists at the vendor; run pulumi refresh (it then shows as gone), then pulumi up to create it again.`,
    );
  if (!owns(task, news.owner) && !(olds.owner && owns(task, olds.owner))) {
    throw new Error(
      `Backup task "${task.name}" (${taskId}) now belongs to ${describeOwner(task.owner!)}; this resource no longer manages it and changed nothing. Remove it from this stack, or release the task at the vendor.`,
    );
  }
  const change: TaskChange = {};
  if (task.name !== news.taskName) change.name = news.taskName;
  const settings = settingsChange(task.settings, vendorSettingsFor(news), autoActivationReleasedAtVendor(news, task.settings));
  if (Object.keys(settings).length > 0) change.settings = settings;
  if (!sameOwner(task.owner, news.owner)) change.owner = news.owner;
  if (Object.keys(change).length > 0) task = await vendorApi.updateTask(taskId, change);
  task = await reconcileStatus(task, news);
  return { outs: outputsFor(news, task) };
}

/**
 * Delete: only a task this resource owns is touched. Without the explicit flag the backups stay: the
 * task is paused, its data kept. A task another resource took over (a rename) is left as it is.
 */
export async function remove(id: string, props: BackupTaskOutputs): Promise<void> {
  // The public API cannot pause or delete: the task and its backups stay as they are at the vendor.
  if (consoleAssisted() || props.status === "awaiting-console") return;
  const taskId = vendorIdOf(id, props);
  try {
    const task = await api().getTask(taskId);
    if (!task || !owns(task, props.owner)) return;
    if (props.allowBackupDataDeletion === true) await api().deleteTask(taskId, { deleteBackupData: true });
    else if (task.status === "active") await api().pauseTask(taskId);
  } catch (e) {
    if (e instanceof VendorApiError && e.status === 404) return;
    throw e;
  }
}
