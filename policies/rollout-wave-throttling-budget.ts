import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { resourceTypes } from "./resource-types";

export interface RolloutWaveBudgetConfig {
  /** Share of a wave's throttling budget its estimated first-backup cost may use. */
  maxBudgetShare: number;
  /** Smallest safety factor the planner may apply to its estimates. */
  minSafetyFactor: number;
}
export const rolloutWaveBudgetDefaults: RolloutWaveBudgetConfig = { maxBudgetShare: 1, minSafetyFactor: 1 };

const configSchema: PolicyConfigSchema = {
  properties: {
    maxBudgetShare: {
      type: "number",
      exclusiveMinimum: 0,
      maximum: 1,
      default: rolloutWaveBudgetDefaults.maxBudgetShare,
      description: "Share (0-1] of a wave's daily throttling budget its estimated cost may use.",
    },
    minSafetyFactor: {
      type: "number",
      minimum: 1,
      default: rolloutWaveBudgetDefaults.minSafetyFactor,
      description: "Smallest safety factor the rollout planner may divide the Graph budget by.",
    },
  },
};

interface Wave {
  index?: number;
  service?: string;
  entityCount?: number;
  estimatedCost?: number;
  budget?: number;
}

export const rolloutWaveThrottlingBudget: ResourceValidationPolicy = {
  name: "rollout-wave-throttling-budget",
  description:
    "No activation wave's estimated first-backup cost exceeds its share of the Microsoft Graph throttling budget, and the planner keeps a safety margin. " +
    "A wave over budget gets the tenant throttled (429/503) and the vendor's app blocked, which stalls every backup, not just the new ones.",
  enforcementLevel: "mandatory",
  configSchema,
  validateResource: (args, reportViolation) => {
    if (args.type !== resourceTypes.activationRollout) return;
    const config = { ...rolloutWaveBudgetDefaults, ...args.getConfig<Partial<RolloutWaveBudgetConfig>>() };
    const safetyFactor = args.props.safetyFactor as number | undefined;
    if (typeof safetyFactor === "number" && safetyFactor < config.minSafetyFactor) {
      reportViolation(
        `Rollout ${args.name} plans with safety factor ${safetyFactor}; this organisation requires at least ${config.minSafetyFactor}.`,
      );
    }
    for (const wave of (args.props.waves ?? []) as Wave[]) {
      if (typeof wave.estimatedCost !== "number" || typeof wave.budget !== "number") continue;
      const limit = wave.budget * config.maxBudgetShare;
      if (wave.estimatedCost > limit) {
        reportViolation(
          `Rollout ${args.name}: wave ${wave.index ?? "?"} (${wave.service ?? "?"}, ${wave.entityCount ?? "?"} entities) is estimated at ${wave.estimatedCost} ` +
            `against a budget of ${limit}${config.maxBudgetShare < 1 ? ` (${config.maxBudgetShare * 100}% of ${wave.budget})` : ""}; split it into smaller waves.`,
        );
      }
    }
  },
};
