import { z } from "zod";
import { backupServices } from "../services/backup-services";
import { defaultProtectionWindowHours } from "../config/sections/rollout";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date YYYY-MM-DD" });

export const rolloutWave = z
  .object({
    index: z.number().int().min(1),
    service: z.enum(backupServices),
    scope: z.enum(["exchange", "sharepoint"]),
    entityCount: z.number().int().min(1),
    estimatedCost: z.number().nonnegative(),
    budget: z.number().nonnegative(),
    spansDays: z.number().int().min(2).optional(),
  })
  .strict()
  .refine((w) => w.estimatedCost <= w.budget, { message: "estimatedCost exceeds the wave's budget" });

/** The ActivationRollout's inputs: the plan (counts only; entities are chosen at activation) and its controls. */
export const activationRolloutInputs = z
  .object({
    tenantName: z.string().min(1),
    mode: z.enum(["vendor-managed", "self-service"]),
    paused: z.boolean(),
    enterprise: z.boolean(),
    safetyFactor: z.number().min(1),
    healthyThreshold: z.number().gt(0).max(1),
    /** Hours within which a successful backup makes an entity protected (rollout.protectionWindowHours); older states lack it. */
    protectionWindowHours: z.number().int().min(24).max(168).default(defaultProtectionWindowHours),
    priority: z.array(z.string()),
    dailyBudget: z.object({ exchange: z.number().positive(), sharepoint: z.number().positive() }).strict(),
    waves: z.array(rolloutWave),
    /**
     * Services whose config asks for auto-activation of new objects. On an enterprise tenant the
     * BackupTask holds it back; a self-service rollout switches it on once every entity is active.
     */
    releaseAutoActivation: z.array(z.enum(backupServices)).default([]),
    /**
     * Entities Microsoft Graph discovery found per service. A service is complete only when the vendor
     * lists and has activated at least these many; absent when the counts come from config (estimates).
     */
    expected: z.partialRecord(z.enum(backupServices), z.number().int().nonnegative()).optional(),
    /** Backup task id per service, from the BackupTask resources. */
    tasks: z.partialRecord(z.enum(backupServices), z.string().min(1)),
    /** Services whose task the public API waits for someone to make in the vendor's console (no id yet). */
    awaitingConsole: z.array(z.enum(backupServices)).default([]),
    /** The calendar day of this run (UTC): the rollout advances at most one planned day per calendar day. */
    today: day,
  })
  .strict();

export type ActivationRolloutInputs = z.infer<typeof activationRolloutInputs>;
export type RolloutWaveInput = z.infer<typeof rolloutWave>;
