import { z } from "zod";
import { backupServices } from "../services/backup-services";

/** Response shapes of the vendor API (docs/cloudally-api.openapi.yaml); every response is parsed with these. */

export const entityKinds = ["mailbox", "sharedMailbox", "site", "oneDrive", "group", "team"] as const;

/** POST /v2/auth/partner and POST /auth/refresh. Public clients read accessToken; refreshToken, tokenType and expiresIn may come too. */
export const tokenResponse = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullish(),
  tokenType: z.string().nullish(),
  expiresIn: z.number().int().positive().nullish(),
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
  activatedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
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

/**
 * The public partner API's v1 reads (GET /v1/partners/tasks, /v1/partners/status): pages numbered from 1
 * with `page`, `totalPages`, `total` and a `nextPageToken` that is null on the last page. Only the fields
 * the module reads are parsed; the rest are ignored, so fields the vendor adds break nothing.
 */
export function partnerPageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    page: z.coerce.number().int().nonnegative().nullish(),
    totalPages: z.coerce.number().int().nonnegative().nullish(),
    total: z.coerce.number().int().nonnegative().nullish(),
    nextPageToken: z.string().nullish(),
  });
}

const idText = z.union([z.string().min(1), z.number()]).transform(String);

/** A backup task as GET /v1/partners/tasks lists it (fields as public clients read them). */
export const partnerTaskSchema = z.object({
  id: idText,
  /** The customer account at the vendor the task belongs to. */
  userId: idText,
  source: z.string().min(1),
  status: z.string().min(1),
  /** The task's name in the vendor's console. */
  alias: z.string().nullish(),
  region: z.string().nullish(),
  domain: z.string().nullish(),
  /** The Microsoft 365 account the task signed in with (an address in the real answer seen). */
  account: z.string().nullish(),
  numOfEntities: z.coerce.number().int().nonnegative().nullish(),
  numOfBilledEntities: z.coerce.number().int().nonnegative().nullish(),
  /** Per source, the last backup as a yyyyMMddHHmmss number. */
  lastBackupDates: z.record(z.string(), z.union([z.number(), z.string()]).nullable()).nullish(),
  createDate: z.string().nullish(),
});
export type PartnerTask = z.infer<typeof partnerTaskSchema>;

/** One entity's backup status as GET /v1/partners/status lists it. */
export const partnerStatusSchema = z.object({
  userId: idText.nullish(),
  taskId: idText,
  source: z.string().nullish(),
  entityName: z.string().min(1),
  lastBackupDate: z.string().nullish(),
  lastBackupAttemptDate: z.string().nullish(),
  backupStatus: z
    .array(
      z.object({
        subSource: z.string().nullish(),
        status: z.string().min(1),
        error: z.string().nullish(),
        errFAQLink: z.string().nullish(),
      }),
    )
    .nullish(),
});
export type PartnerStatus = z.infer<typeof partnerStatusSchema>;
