import { z } from "zod";

/** Settings of one backup task (guide stage 4). Owned by the backup-task work; extend here. */
export const taskSettings = z
  .object({
    /** Index all data for search. On by default; only vendor support can turn it off. */
    indexForSearch: z.boolean().default(true),
    /** Written reason, required when indexForSearch is false (the vendor asks for one). */
    indexingOffJustification: z.string().min(20).optional(),
    backupUnlicensedAccounts: z.boolean().default(false),
    /** Days to retain auto-archived backups, or "forever". */
    retainArchivedDays: z.union([z.number().int().min(1).max(3650), z.literal("forever")]).default("forever"),
    /** Automatically activate new mailboxes/sites/groups; held back on enterprise tenants until the rollout. */
    autoActivateNew: z.boolean().default(false),
  })
  .strict();

export const backupTasksSection = z
  .object({
    region: z.enum(["us", "eu", "uk", "ca", "au"]).default("us"),
    /** Prefix of the task names used in the vendor's notifications and reports. */
    namePrefix: z.string().min(1).max(40).optional(),
    /** Deleting a task deletes its backup data only when this is true. */
    allowBackupDataDeletion: z.boolean().default(false),
    defaults: taskSettings.partial().default({}),
  })
  .strict()
  .default({ region: "us", allowBackupDataDeletion: false, defaults: {} });

export type BackupTasksSection = z.infer<typeof backupTasksSection>;
