import type { EntityKind, VendorEntity } from "../cloudally/backup-vendor-api";
import { backupServices, BackupService } from "../services/backup-services";
import type { InventoryKind } from "../discovery/tenant-inventory";
import { activationOrder } from "../planner/activation-planner";
import { firstBackupCost, scopeOfService, ThrottlingScope } from "../planner/first-backup-cost";
import type { ActivationRolloutInputs, RolloutWaveInput } from "./rollout-inputs";
import { gapsOf, listedBy, newestWaveHealth, protectedAsListed, serviceProgress } from "./service-progress";
import type { ServiceView } from "./service-progress";
import type { LedgerDay, RolloutProgress, ServiceProgress, WaveProgress } from "./wave-progress";

/**
 * The rollout's decision for one run, as a pure function of the plan, what the rollout recorded and
 * what the vendor reports now: what to activate, what to switch on, and where the rollout stands. The
 * provider (activation-rollout-runtime.ts) only reads the vendor, calls this and carries it out.
 *
 * Rules it keeps (property-tested in tests/rollout/day-step.test.ts):
 * - only entities the vendor reports inactive are chosen, each once;
 * - what all runs of one calendar day activate stays within each scope's daily budget: a day's spend is
 *   the larger of the ledger's record and the cost of what the vendor says was activated that day, so a
 *   failed, repeated or overlapping run spends only what is left (one entity larger than a whole day may
 *   go alone, first thing on a day);
 * - a service is complete only when every entity Graph discovery found for it is listed by the vendor
 *   (counted once) and protected (a successful backup within rollout.protectionWindowHours), and its task
 *   is connected and backing up; the rollout is complete when every service is, and is checked again every
 *   day after: one that stops backing up is `not-protected`. Without Graph counts it is `unverified`;
 * - health is judged per service, and on the newest wave's own entities once they have tried their first
 *   backup, so yesterday's failed wave is not hidden by thousands of healthy older entities;
 * - a clock earlier than the last recorded run is refused.
 */

export interface DayStepInput {
  inputs: ActivationRolloutInputs;
  previous: RolloutProgress | undefined;
  views: readonly ServiceView[];
}

export interface Activation {
  service: BackupService;
  taskId: string;
  entityIds: string[];
}

export interface DayStep {
  activations: Activation[];
  /** Services whose auto-activation of new objects to switch on (every entity active). */
  release: BackupService[];
  progress: RolloutProgress;
}

/** Ledger days kept in state: a month is enough to catch a clock going back. */
const ledgerDays = 31;

const inventoryKindOf: Record<EntityKind, InventoryKind> = {
  mailbox: "userMailboxes",
  sharedMailbox: "sharedMailboxes",
  site: "sites",
  oneDrive: "oneDrives",
  group: "groups",
  team: "groups",
};

export const entityCost = (e: Pick<VendorEntity, "kind" | "sizeBytes">): number =>
  firstBackupCost({ kind: inventoryKindOf[e.kind], ...(e.sizeBytes !== undefined ? { sizeBytes: e.sizeBytes } : {}) });

export class ClockWentBackError extends Error {
  constructor(today: string, last: string, source: string) {
    super(
      `The rollout refuses to run for ${today}: ${source} already records ${last}, a later day. A clock that went back would let one real day spend two days' throttling budget. ` +
        "Fix: check the runner's clock (UTC); M365_BACKUP_TODAY is a test hook and must not be set in a pipeline.",
    );
    this.name = "ClockWentBackError";
  }
}

export function lastPlannedDay(waves: readonly RolloutWaveInput[]): number {
  return waves.reduce((n, w) => Math.max(n, w.index + (w.spansDays ?? 1) - 1), 0);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function spentOnDay(views: readonly ServiceView[], day: string): Record<ThrottlingScope, number> {
  const spent: Record<ThrottlingScope, number> = { exchange: 0, sharepoint: 0 };
  for (const v of views)
    for (const e of v.entities) if (e.active && e.activatedOn === day) spent[scopeOfService[v.service]] += entityCost(e);
  return spent;
}

export function dayStep({ inputs, previous, views }: DayStepInput): DayStep {
  const today = inputs.today;
  const planEnd = lastPlannedDay(inputs.waves);
  const ledger = previous?.ledger ?? [];
  const lastRun = ledger.at(-1)?.day ?? previous?.checkedOn;
  if (lastRun && lastRun > today) throw new ClockWentBackError(today, lastRun, "the rollout's ledger");
  const vendorLatest = views.flatMap((v) => v.entities.map((e) => e.activatedOn ?? "")).reduce((a, b) => (b > a ? b : a), "");
  if (vendorLatest > today) throw new ClockWentBackError(today, vendorLatest, "the vendor");

  const base: RolloutProgress = previous ?? {
    state: "vendor-managed",
    message: "",
    day: 0,
    daysPlanned: planEnd,
    checkedOn: today,
    activated: {},
    total: {},
    waves: [],
  };
  const services: Partial<Record<BackupService, ServiceProgress>> = {};
  for (const v of views) services[v.service] = serviceProgress(v, inputs.expected?.[v.service]);
  const allComplete = views.length > 0 && views.every((v) => services[v.service]!.complete);

  const recorded = ledger.find((d) => d.day === today);
  const fromVendor = spentOnDay(views, today);
  const spent: Record<ThrottlingScope, number> = {
    exchange: Math.max(recorded?.spent.exchange ?? 0, fromVendor.exchange),
    sharepoint: Math.max(recorded?.spent.sharepoint ?? 0, fromVendor.sharepoint),
  };
  const spentBefore = { ...spent };

  const finish = (
    progress: Omit<RolloutProgress, "checkedOn" | "daysPlanned" | "activated" | "total" | "services" | "ledger">,
    activations: Activation[] = [],
    release: BackupService[] = [],
  ): DayStep => {
    const chosen = new Set(activations.flatMap((a) => a.entityIds));
    // A run that read nothing (paused) keeps what the last one saw.
    const activated: Partial<Record<BackupService, number>> = views.length > 0 ? {} : { ...base.activated };
    const total: Partial<Record<BackupService, number>> = views.length > 0 ? {} : { ...base.total };
    for (const v of views) {
      if (!v.connected) continue;
      activated[v.service] = v.entities.filter((e) => e.active || chosen.has(e.id)).length;
      total[v.service] = listedBy(v);
      // What this run activates counts as active in what it reports.
      services[v.service]!.active = activated[v.service]!;
    }
    const spentToday: LedgerDay["spent"] = {};
    for (const scope of ["exchange", "sharepoint"] as const) if (spent[scope] > 0) spentToday[scope] = spent[scope];
    const todayEntry: LedgerDay = { day: today, runs: (recorded?.runs ?? 0) + 1, spent: spentToday };
    const { autoActivationReleased, ...rest } = progress;
    return {
      activations,
      release,
      progress: {
        ...rest,
        // Only a complete rollout has released auto-activation; a task made again starts held back.
        ...(progress.state === "complete" && autoActivationReleased ? { autoActivationReleased } : {}),
        checkedOn: today,
        daysPlanned: Math.max(planEnd, progress.day),
        activated,
        total,
        services: views.length > 0 ? services : (base.services ?? {}),
        ledger: [...ledger.filter((d) => d.day !== today), todayEntry].slice(-ledgerDays),
      },
    };
  };

  const window = inputs.protectionWindowHours;
  // States written before completedOn existed say "complete" only.
  const completedOn = base.completedOn ?? (base.state === "complete" ? base.checkedOn : undefined);
  if (allComplete) {
    // Vendor-managed, the vendor switches auto-activation on after its last wave (the onboarding request asks it to).
    const release = inputs.mode === "self-service" ? [...inputs.releaseAutoActivation] : [];
    return finish(
      {
        ...base,
        state: "complete",
        completedOn: completedOn ?? today,
        message: `Every entity discovery found is protected: listed by the vendor, with a successful backup within ${window} hours (checked ${today}).`,
      },
      [],
      release,
    );
  }
  // A self-service rollout still has work after completion when a task was made again or lost its sign-in, or
  // entities appeared inactive: it carries on with catch-up waves; otherwise the check reports what stopped.
  const workLeft =
    inputs.mode === "self-service" &&
    !inputs.paused &&
    views.some((v) => v.taskStatus === "gone" || v.taskStatus === "awaiting-console" || !v.connected || v.entities.some((e) => !e.active));
  // A run that read nothing (paused) has nothing to say about protection: it goes on to say it is paused.
  if (completedOn !== undefined && !workLeft && views.length > 0) {
    // Once complete, every later run checks it still is; a tenant that stops backing up is reported, never taken as done.
    return finish({
      ...base,
      state: "not-protected",
      completedOn,
      message: `Not protected (it was complete on ${completedOn}): ${gapsOf(services).join("; ")}. Fix the cause at the vendor (npm run coverage lists the entities); the next run re-checks.`,
    });
  }
  const everyService = views.map((v) => services[v.service]!);
  if (
    inputs.expected === undefined &&
    views.length > 0 &&
    everyService.every(protectedAsListed) &&
    (inputs.mode === "vendor-managed" || !views.some((v) => v.entities.some((e) => !e.active)))
  ) {
    return finish({
      ...base,
      state: "unverified",
      message: `The vendor backs up everything it lists, but the counts come from config (rollout.discovery: config), so nothing shows it lists the whole tenant; set rollout.discovery to graph to verify. Auto-activation stays held back.`,
    });
  }
  if (inputs.mode === "vendor-managed") {
    // Followed day by day against the plan: the vendor's day 1 is the first day anything was seen active.
    const anyActive = Object.values(services).some((s) => (s?.active ?? 0) > 0);
    const startedOn = base.vendorStartedOn ?? (anyActive ? today : undefined);
    const day = startedOn ? daysBetween(startedOn, today) + 1 : 0;
    const behind: string[] = [];
    const ahead: string[] = [];
    for (const v of views) {
      const s = services[v.service]!;
      s.plannedByToday = Math.min(
        inputs.waves.filter((w) => w.service === v.service && w.index <= day).reduce((n, w) => n + w.entityCount, 0),
        s.discovered ?? Number.POSITIVE_INFINITY,
      );
      if (s.active < s.plannedByToday) behind.push(`${v.service} ${s.active} of ${s.plannedByToday} planned`);
      // More active than the plan allows by today (someone pressed "Activate All"): the first backups of all of them
      // run at once and can exceed Microsoft's throttling limits the waves were planned within.
      else if (s.active > s.plannedByToday) ahead.push(`${v.service} ${s.active} active, the plan has ${s.plannedByToday} by day ${day}`);
    }
    const pace =
      ahead.length > 0
        ? `, AHEAD of plan: ${ahead.join(", ")}. Action: ask the vendor whether it activated these; if someone activated them in the console, expect throttled first backups, and watch npm run coverage until they back up`
        : behind.length > 0
          ? `, behind plan: ${behind.join(", ")}`
          : ", on plan";
    const where = day === 0 ? "the vendor has not activated anything yet" : `day ${day} of ${planEnd} of the vendor's rollout${pace}`;
    return finish({
      ...base,
      ...(startedOn ? { vendorStartedOn: startedOn } : {}),
      day,
      state: "vendor-managed",
      message: `The vendor activates the waves (send it the onboarding request: stack output onboardingRequestMarkdown); ${where}. Not yet protected: ${gapsOf(services).join("; ") || "nothing known yet"}.`,
    });
  }
  if (inputs.paused)
    return finish({
      ...base,
      state: "paused",
      message: `Paused at day ${base.day} of ${planEnd}; set m365-backup:rollout.paused to false to go on.`,
    });
  if (base.lastAdvancedOn === today) {
    return finish({
      ...base,
      state: "waiting-for-next-day",
      message: `Day ${base.day} was activated today (${today}); the next wave waits for tomorrow's run.`,
    });
  }

  const next = base.day + 1;
  const activations: Activation[] = [];
  const wave: WaveProgress = { index: next, activatedOn: today, activated: {}, cost: {} };
  const held: string[] = [];
  let movable = 0;
  for (const view of backupServices.flatMap((s) => views.filter((v) => v.service === s))) {
    const progress = services[view.service]!;
    const planned = inputs.waves.filter((w) => w.service === view.service);
    // After the plan (estimates were low), catch-up days activate what is left within the budget.
    const target =
      next > planEnd ? Number.POSITIVE_INFINITY : planned.filter((w) => w.index <= next).reduce((n, w) => n + w.entityCount, 0);
    const hold = (why: string) => {
      progress.held = why;
      held.push(`${view.service}: ${why}`);
    };
    // A task not signed in lists nothing yet: it holds its service as soon as the plan has something for it.
    if (view.taskStatus === "gone") {
      hold("its task is gone at the vendor (the BackupTask makes it again on the next pulumi up, after a pulumi refresh)");
      continue;
    }
    if (view.taskStatus === "awaiting-console") {
      hold("its task waits to be made in the vendor's console (stack output backupTasksAwaitingConsole has the steps)");
      continue;
    }
    if (!view.connected) {
      if (target > 0) hold("its task waits for sign-in (open the link in backupTaskSignInLinks, then pulumi refresh)");
      continue;
    }
    const inactive = view.entities.filter((e) => !e.active);
    if (inactive.length === 0 || target <= progress.active) continue;
    if (view.taskStatus !== "active") {
      hold(
        `its task is ${view.taskStatus} at the vendor (the next pulumi up of the BackupTask resumes it unless backupTasks.pausedServices holds it)`,
      );
      continue;
    }
    if (progress.active > 0) {
      const ratio = progress.healthyRatio;
      if (ratio === undefined) {
        hold("no daily backup of its active entities has reported yet");
        continue;
      }
      if (ratio < inputs.healthyThreshold) {
        hold(
          `${(ratio * 100).toFixed(1)}% of yesterday's backups succeeded, below the ${inputs.healthyThreshold * 100}% threshold (rollout.healthyThreshold)`,
        );
        continue;
      }
      // The newest wave on its own: its failures are not diluted by the healthy entities before it.
      const wave = newestWaveHealth(view, base.lastAdvancedOn);
      if (wave && wave.ratio === undefined) {
        hold(`none of the ${wave.entities} entities activated on ${base.lastAdvancedOn} has tried its first backup yet`);
        continue;
      }
      if (wave?.ratio !== undefined && wave.ratio < inputs.healthyThreshold) {
        hold(
          `${(wave.ratio * 100).toFixed(1)}% of the ${wave.attempted} entities activated on ${base.lastAdvancedOn} have backed up, below the ${inputs.healthyThreshold * 100}% threshold (rollout.healthyThreshold)`,
        );
        continue;
      }
    }
    movable += 1;
    const scope = scopeOfService[view.service];
    const ordered = activationOrder(
      inactive.map((e) => ({ ...e, key: e.address, service: view.service })),
      inputs.priority,
    );
    let need = target - progress.active;
    const chosen: string[] = [];
    let cost = 0;
    for (const e of ordered) {
      if (need <= 0) break;
      const c = entityCost(e);
      // Never past the scope's daily budget, whatever the plan estimated; an entity bigger than a day goes alone, first.
      if (spent[scope] + c > inputs.dailyBudget[scope] && !(spent[scope] === 0 && chosen.length === 0)) break;
      chosen.push(e.id);
      spent[scope] += c;
      cost += c;
      need -= 1;
    }
    if (chosen.length > 0) {
      activations.push({ service: view.service, taskId: view.taskId, entityIds: chosen });
      wave.activated[view.service] = chosen.length;
      wave.cost[scope] = (wave.cost[scope] ?? 0) + cost;
    }
  }
  const count = activations.reduce((n, a) => n + a.entityIds.length, 0);
  // What this run activates is active in what it reports (the gaps below included), not one run later.
  for (const a of activations) {
    const s = services[a.service]!;
    s.active += a.entityIds.length;
    s.activatedNotBackedUp = (s.activatedNotBackedUp ?? 0) + a.entityIds.length;
  }
  const gaps = gapsOf(services);
  const healthyRatios = Object.values(services).flatMap((s) => (s?.healthyRatio !== undefined ? [s.healthyRatio] : []));
  const healthyRatio = healthyRatios.length > 0 ? Math.min(...healthyRatios) : undefined;
  const withHealth = healthyRatio !== undefined ? { healthyRatio } : {};

  if (movable === 0 && held.length > 0) {
    const waitingFor = held.every((h) => h.includes("sign-in") || h.includes("console"))
      ? "waiting-for-authorization"
      : "waiting-for-health";
    return finish({ ...base, ...withHealth, state: waitingFor, message: `Holding day ${next}: ${held.join("; ")}.` });
  }
  if (count === 0 && next > planEnd) {
    // Nothing the vendor lists is left to activate, yet not everything discovery found is protected.
    const budgetSpent = (Object.keys(spent) as ThrottlingScope[]).some((s) => spentBefore[s] >= inputs.dailyBudget[s]);
    return finish({
      ...base,
      ...withHealth,
      state: budgetSpent ? "waiting-for-next-day" : "incomplete",
      message: budgetSpent
        ? `Today's throttling budget is spent (${today}); the rest waits for tomorrow's run. Not yet protected: ${gaps.join("; ")}.`
        : `Not complete: ${gaps.join("; ")}. Ask the vendor to rediscover the task (or check its sign-in covers the whole tenant); auto-activation stays held back.`,
    });
  }
  const everythingActive = views.every((v) => {
    const s = services[v.service]!;
    return s.active === s.listed && !s.notListedByVendor && v.connected && v.taskStatus === "active";
  });
  const progress: RolloutProgress = {
    ...base,
    ...withHealth,
    day: next,
    lastAdvancedOn: today,
    waves: [...base.waves, wave],
    state: "advanced",
    message: everythingActive
      ? `Day ${next} activated ${count} entities; every entity discovery found is now active, and the rollout is complete once each has backed up within ${window} hours. Not yet protected: ${gaps.join("; ")}.`
      : `Day ${next}${next > planEnd ? " (catch-up)" : ""} activated ${count} entities${held.length > 0 ? `; held: ${held.join("; ")}` : ""}; the next wave runs on a later day once these back up healthily. Not yet protected: ${gaps.join("; ")}.`,
  };
  return finish(progress, activations);
}
