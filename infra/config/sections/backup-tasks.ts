import { z } from "zod";

/** Settings of one backup task (guide stage 4). Owned by the backup-task work; extend here. */
export const taskSettings = z
  .object({
    /** Index all data for search. On by default; only vendor support can turn it off. */
    indexForSearch: z.boolean().default(true).describe("Index all data for granular search and restore; on by default, only vendor support can turn it off."),
    /** Written reason, required when indexForSearch is false (the vendor asks for one). */
    indexingOffJustification: z.string().min(20).optional().describe("Written reason, required when indexForSearch is false (the vendor asks for one)."),
    backupUnlicensedAccounts: z.boolean().default(false).describe("Also back up accounts with the Unlicensed status (external or shared-storage accounts)."),
    /** Days to retain auto-archived backups, or "forever". */
    retainArchivedDays: z.union([z.number().int().min(1).max(3650), z.literal("forever")]).default("forever").describe("Days to retain auto-archived backups (1-3650), or forever."),
    /** Automatically activate new mailboxes/sites/groups; held back on enterprise tenants until the rollout. */
    autoActivateNew: z.boolean().default(false).describe("Automatically activate new mailboxes, sites and groups; held back on enterprise tenants until the rollout."),
  })
  .strict();

export const backupTasksSection = z
  .object({
    region: z.enum(["us", "eu", "uk", "ca", "au"]).default("us").describe("Vendor data region the backups are stored in."),
    /** Prefix of the task names used in the vendor's notifications and reports. */
    namePrefix: z.string().min(1).max(40).optional().describe("Prefix of the task names used in the vendor's notifications and reports."),
    /** Deleting a task deletes its backup data only when this is true. */
    allowBackupDataDeletion: z.boolean().default(false).describe("Deleting a backup task deletes its backup data only when this is true."),
    defaults: taskSettings.partial().default({}).describe("Settings every backup task starts from (guide stage 4)."),
  })
  .strict()
  .default({ region: "us", allowBackupDataDeletion: false, defaults: {} })
  .describe("The backup tasks, one per enabled service (guide stages 3-6).");

export type BackupTasksSection = z.infer<typeof backupTasksSection>;
