import { z } from "zod";
import { defaultConsoleWaitDays, taskSettings, vendorRegions } from "../config/sections/backup-tasks";
import { backupServices } from "../services/backup-services";

const clouds = "(sharepoint\\.com|sharepoint\\.us|sharepoint-mil\\.us|sharepoint\\.cn)";
const rootHost = new RegExp(`^[a-z0-9][a-z0-9-]*\\.${clouds}$`);
const sharePointRoot = new RegExp(`^[a-z0-9][a-z0-9-]*(?<!-my)\\.${clouds}$`);
const oneDriveRoot = new RegExp(`^[a-z0-9][a-z0-9-]*-my\\.${clouds}$`);

/** The inputs of one BackupTask resource, as the provider's `check` validates them. */
export const backupTaskInputs = z
  .object({
    service: z.enum(backupServices),
    taskName: z
      .string()
      .min(3)
      .max(80)
      .regex(/^[\w .()-]+$/, { message: "may contain letters, digits, spaces and . - _ ( ) only" }),
    rootUrl: z
      .string()
      .regex(rootHost, {
        message:
          "must be <tenant>.sharepoint.com or <tenant>-my.sharepoint.com (or the same on .sharepoint.us, .sharepoint-mil.us, .sharepoint.cn)",
      })
      .optional(),
    region: z.enum(vendorRegions),
    schedule: z
      .object({ dailyAtUtc: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "must be HH:MM in 24-hour UTC" }) })
      .optional(),
    settings: taskSettings,
    /** The user's wish for auto-activation, which an enterprise tenant holds back until its rollout completes. */
    autoActivateNewRequested: z.boolean().default(false),
    enterprise: z.boolean(),
    allowBackupDataDeletion: z.boolean().default(false),
    /**
     * The tenant's domains the stack knows (tenant.primaryDomain, <initialDomainName>.onmicrosoft.com): with the
     * public API, a task is adopted only when what the vendor shows of it is on these (tenant-binding.ts).
     */
    tenantDomains: z.array(z.string().min(3).toLowerCase()).default([]),
    /** Recorded on the task at the vendor: only this resource adopts, changes, pauses or deletes it. */
    owner: z.object({ tenantId: z.string().min(1), stack: z.string().min(1), resource: z.string().min(1) }).strict(),
    /** Public API: days the task may wait to be made in the vendor's console before `up` fails to escalate it (backupTasks.consoleWaitDays). */
    consoleWaitDays: z.number().int().min(1).max(60).default(defaultConsoleWaitDays),
    /** The wanted status: paused keeps the task and its data but stops backups; otherwise `up` resumes a task paused at the vendor. */
    paused: z.boolean().default(false),
  })
  .superRefine((t, ctx) => {
    const expectedRoot = t.service === "sharepoint" ? sharePointRoot : t.service === "onedrive" ? oneDriveRoot : undefined;
    if (expectedRoot && !(t.rootUrl && expectedRoot.test(t.rootUrl))) {
      ctx.addIssue({
        code: "custom",
        path: ["rootUrl"],
        message:
          t.service === "sharepoint"
            ? "must be <tenant>.sharepoint.com for a SharePoint task"
            : "must be <tenant>-my.sharepoint.com for a OneDrive task",
      });
    }
    if (!expectedRoot && t.rootUrl)
      ctx.addIssue({ code: "custom", path: ["rootUrl"], message: `is only for SharePoint and OneDrive tasks, not ${t.service}` });
    if (t.settings.indexForSearch === false && !t.settings.indexingOffJustification) {
      ctx.addIssue({ code: "custom", path: ["settings", "indexingOffJustification"], message: "is required when indexForSearch is false" });
    }
    if (t.enterprise && t.settings.autoActivateNew) {
      ctx.addIssue({
        code: "custom",
        path: ["settings", "autoActivateNew"],
        message:
          "must stay false on an enterprise tenant until its activation rollout completes (the vendor activates in daily batches to avoid throttling)",
      });
    }
  });

export type BackupTaskInputs = z.infer<typeof backupTaskInputs>;

/** Fields the vendor cannot change on an existing task: changing them needs a new task. */
export const replaceOnChange = ["service", "region", "rootUrl"] as const;

/** Fields of the vendor's settings the provider sends and compares. */
export const mutableSettings = ["indexForSearch", "backupUnlicensedAccounts", "retainArchivedDays", "autoActivateNew"] as const;
