import { z } from "zod";
import { backupServices } from "../config/sections/services";

/** Response shapes of the vendor API (docs/cloudally-api.openapi.yaml); every response is parsed with these. */

export const entityKinds = ["mailbox", "sharedMailbox", "site", "oneDrive", "group", "team"] as const;

export const tokenResponse = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  expiresIn: z.number().int().positive(),
});

export const taskSettingsSchema = z.object({
  indexForSearch: z.boolean(),
  backupUnlicensedAccounts: z.boolean(),
  retainArchivedDays: z.number().int().min(1).nullable(),
  autoActivateNew: z.boolean(),
  dailyAtUtc: z.string().optional(),
});

export const taskSchema = z.object({
  id: z.string().min(1),
  service: z.enum(backupServices),
  name: z.string(),
  rootUrl: z.string().optional(),
  region: z.string(),
  settings: taskSettingsSchema,
  connectionState: z.enum(["pending-authorization", "connected", "authorization-failed", "authorization-expired"]),
  authorizationUrl: z.string().url().optional(),
  status: z.enum(["active", "paused", "archived"]),
  discovery: z.object({
    state: z.enum(["not-started", "running", "complete"]),
    counts: z.partialRecord(z.enum(entityKinds), z.number().int().nonnegative()),
  }),
  owner: z.object({ tenantId: z.string().min(1), stack: z.string().min(1), resource: z.string().min(1) }).optional(),
  tenantId: z.string().min(1).optional(),
  lastSuccessfulBackupAt: z.string().datetime({ offset: true }).optional(),
});

export const entitySchema = z.object({
  id: z.string().min(1),
  kind: z.enum(entityKinds),
  address: z.string(),
  active: z.boolean(),
  sizeBytes: z.number().int().nonnegative().optional(),
  activatedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});

export const entityDailyStatusSchema = z.object({
  entityId: z.string().min(1),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  outcome: z.enum(["success", "partial", "failed", "not-run"]),
});

export const activationResult = z.object({
  activated: z.array(z.string()),
  alreadyActive: z.array(z.string()),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextPageToken: z.string().min(1).optional(), total: z.number().int().nonnegative().optional() });
}

export const errorEnvelope = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
