import type { TenantConfig } from "../../infra/config/schema";
import type { ThrottlingScope } from "../../infra/planner/first-backup-cost";
import type { RecordedResource } from "../mock-runtime/recording-monitor";

/**
 * The rollout a stack would run, as the gate reports it: read from the ActivationRollout's inputs (the
 * waves, each under the day it runs, and the daily budgets) and the onboarding request (days to full
 * protection and the floor), with each day's use of each throttling scope in its unit.
 */

const rolloutType = "pulumi-nodejs:dynamic/m365-backup:ActivationRollout";

/** The unit each scope's budget is counted in (docs/activation-planner.md). */
export const scopeUnits: Record<ThrottlingScope, string> = { exchange: "requests/day", sharepoint: "resource units/day" };

export interface RolloutWavePlan {
  /** The day the wave runs (the planner's index). */
  day: number;
  service: string;
  scope: ThrottlingScope;
  entityCount: number;
  estimatedCost: number;
  /** One entity too large for a day, backed up over this many days. */
  spansDays?: number;
}

export interface ScopeUse {
  spent: number;
  budget: number;
  unit: string;
  percent: number;
}

export interface RolloutDayPlan {
  day: number;
  waves: RolloutWavePlan[];
  use: Partial<Record<ThrottlingScope, ScopeUse>>;
}

export interface RolloutPlan {
  mode: string;
  paused: boolean;
  /** config: estimates from tenant.mailboxCount / rollout.expectedCounts; graph: Graph discovery decides at run time. */
  countsFrom: "config" | "graph-at-run-time";
  /** No counts in config: offline there is nothing to plan; discovery decides at run time. */
  decidedAtRunTime: boolean;
  safetyFactor?: number;
  daysToFullProtection: number;
  /** The fewest days the throttling budget allows at all (the plan cannot beat it). */
  floorDays?: number;
  dailyBudget: Partial<Record<ThrottlingScope, number>>;
  days: RolloutDayPlan[];
  totals: Record<string, { entities: number; cost: number }>;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

export function rolloutPlanOf(
  resources: readonly RecordedResource[],
  config: TenantConfig,
  onboardingRequest: unknown,
): RolloutPlan | undefined {
  const rollout = resources.find((r) => r.type === rolloutType);
  if (!rollout) return undefined;
  const inputs = rollout.inputs as {
    mode?: string;
    paused?: boolean;
    safetyFactor?: number;
    dailyBudget?: Record<string, number>;
    waves?: Record<string, unknown>[];
  };
  const request = (onboardingRequest ?? {}) as { plan?: { daysToFullProtection?: number; floorDays?: number } };
  const waves: RolloutWavePlan[] = (inputs.waves ?? []).map((w) => ({
    day: num(w.index),
    service: String(w.service ?? "?"),
    scope: w.scope === "sharepoint" ? "sharepoint" : "exchange",
    entityCount: num(w.entityCount),
    estimatedCost: num(w.estimatedCost),
    ...(typeof w.spansDays === "number" ? { spansDays: w.spansDays } : {}),
  }));
  const dailyBudget = { ...(inputs.dailyBudget ?? {}) } as Partial<Record<ThrottlingScope, number>>;
  const last = waves.reduce((d, w) => Math.max(d, w.day + (w.spansDays ?? 1) - 1), 0);
  const days: RolloutDayPlan[] = [];
  for (let day = 1; day <= last; day++) {
    const running = waves.filter((w) => w.day === day || (w.spansDays && w.day < day && day < w.day + w.spansDays));
    const use: RolloutDayPlan["use"] = {};
    for (const scope of ["exchange", "sharepoint"] as const) {
      const budget = dailyBudget[scope];
      const spent = running.filter((w) => w.scope === scope).reduce((n, w) => n + w.estimatedCost, 0);
      if (budget && spent > 0) use[scope] = { spent, budget, unit: scopeUnits[scope], percent: Math.round((spent / budget) * 1000) / 10 };
    }
    days.push({ day, waves: waves.filter((w) => w.day === day), use });
  }
  const totals: RolloutPlan["totals"] = {};
  for (const w of waves) {
    const t = (totals[w.service] ??= { entities: 0, cost: 0 });
    t.entities += w.entityCount;
    t.cost += w.estimatedCost * (w.spansDays ?? 1);
  }
  const countsInConfig = config.tenant.mailboxCount !== undefined || Object.keys(config.rollout.expectedCounts).length > 0;
  return {
    mode: String(inputs.mode ?? "?"),
    paused: inputs.paused === true,
    countsFrom: config.rollout.discovery === "graph" ? "graph-at-run-time" : "config",
    decidedAtRunTime: config.rollout.discovery === "graph" && !countsInConfig,
    ...(typeof inputs.safetyFactor === "number" ? { safetyFactor: inputs.safetyFactor } : {}),
    daysToFullProtection: request.plan?.daysToFullProtection ?? last,
    ...(typeof request.plan?.floorDays === "number" ? { floorDays: request.plan.floorDays } : {}),
    dailyBudget,
    days,
    totals,
  };
}

const n = (v: number) => v.toLocaleString("en-US");

/** The plan as the text report's lines: a row per day with every service's wave and each scope's use. */
export function formatRolloutPlan(r: RolloutPlan): string[] {
  const head = `  Rollout plan: ${r.mode}${r.paused ? " (paused)" : ""}`;
  if (r.decidedAtRunTime) {
    return [
      `${head}: decided by discovery at run time (Graph counts the tenant on pulumi up; no tenant.mailboxCount or rollout.expectedCounts in config to plan with offline)`,
    ];
  }
  const floor =
    r.floorDays !== undefined
      ? ` (the throttling floor is ${r.floorDays} day(s)${r.safetyFactor !== undefined ? ` at safety factor ${r.safetyFactor}` : ""})`
      : "";
  const lines = [`${head}, ${r.daysToFullProtection} day(s) to full protection${floor}`];
  if (r.countsFrom === "graph-at-run-time")
    lines.push("    Counts: estimates from config offline; Graph discovery decides them at run time.");
  for (const d of r.days) {
    const waves =
      d.waves.map((w) => `${w.service} ${n(w.entityCount)}${w.spansDays ? ` (one entity over ${w.spansDays} days)` : ""}`).join(", ") ||
      "(continues)";
    const use = (Object.entries(d.use) as [ThrottlingScope, ScopeUse][])
      .map(([scope, u]) => `${scope} ${n(u.spent)} of ${n(u.budget)} ${u.unit} (${u.percent}%)`)
      .join("; ");
    lines.push(`    day ${d.day}: ${waves} | ${use}`);
  }
  const totals = Object.entries(r.totals).map(([service, t]) => `${service} ${n(t.entities)} entities`);
  if (totals.length) lines.push(`    Totals: ${totals.join(", ")}`);
  return lines;
}
