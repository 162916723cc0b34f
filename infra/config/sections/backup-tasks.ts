import { z } from "zod";
import { configNumber } from "../config-number";
import { backupServices } from "../../services/backup-services";

/** Settings of one backup task (guide stage 4). */
export const taskSettings = z
  .object({
    indexForSearch: z
      .boolean()
      .default(true)
      .describe(
        "Index all data for granular search and restore; on by default. The vendor's API cannot turn it off: false becomes a request to vendor support, reported in the task's outputs.",
      ),
    indexingOffJustification: z
      .string()
      .min(20, { message: "must be a written reason of at least 20 characters (the vendor and reviewers ask for one)" })
      .optional()
      .describe("Written reason, required when indexForSearch is false (the vendor asks for one)."),
    backupUnlicensedAccounts: z
      .boolean()
      .default(false)
      .describe("Also back up accounts with the Unlicensed status (external or shared-storage accounts)."),
    retainArchivedDays: configNumber(
      z.union([z.number().int().min(1).max(3650), z.literal("forever")], {
        error: 'must be a whole number of days from 1 to 3650, or "forever"',
      }),
    )
      .default("forever")
      .describe("Days to retain auto-archived backups (1-3650), or forever."),
    autoActivateNew: z
      .boolean()
      .default(false)
      .describe(
        "Automatically activate new mailboxes, sites and groups; held back on enterprise tenants until the rollout has activated everything.",
      ),
  })
  .strict();

export type TaskSettings = z.infer<typeof taskSettings>;

/** The settings every task starts from: what is not given takes the schema's default. */
const defaultSettings = taskSettings.partial();

/**
 * The settings one service changes. Not `taskSettings.partial()`: zod applies a field's default even
 * inside `.partial()`, so an override of one setting would silently put every other setting back to
 * the schema's default instead of the stack's `defaults`.
 */
const overrideSettings = z
  .object(
    Object.fromEntries(
      Object.entries(taskSettings.shape).map(([key, field]) => {
        const bare = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
        return [key, bare.optional().describe(field.description ?? key)];
      }),
    ) as { [K in keyof TaskSettings]-?: z.ZodOptional<z.ZodType<TaskSettings[K]>> },
  )
  .strict();

/**
 * CloudAlly's data regions: "Australia, Canada, EU (France, Germany, and Ireland), US, UK, South Africa,
 * and Japan" (its Microsoft 365 user guide, docs/facts.md). The two-letter codes are this project's.
 */
export const vendorRegions = ["us", "eu", "uk", "ca", "au", "za", "jp"] as const;

/** Days a task may wait for its console creation before the daily run escalates (backupTasks.consoleWaitDays). */
export const defaultConsoleWaitDays = 7;

export const backupTasksSection = z
  .object({
    region: z
      .enum(vendorRegions)
      .default("us")
      .describe(
        "Vendor data region the backups are stored in: us, eu, uk, ca (Canada), au (Australia), za (South Africa) or jp (Japan); a task cannot move region (changing it replaces the task).",
      ),
    namePrefix: z
      .string()
      .min(1)
      .max(40)
      .regex(/^[\w .-]+$/, { message: "may contain letters, digits, spaces, dots, hyphens and underscores only" })
      .optional()
      .describe("Prefix of the task names used in the vendor's notifications and reports; defaults to the tenant's initial domain name."),
    taskNames: z
      .partialRecord(
        z.enum(backupServices),
        z
          .string()
          .min(3)
          .max(80)
          .regex(/^[\w .()-]+$/, { message: "may contain letters, digits, spaces and . - _ ( ) only" }),
      )
      .default({})
      .describe(
        'A task\'s exact name per service where it is not "<namePrefix> <service> backup": a tenant onboarded by hand keeps its tasks as they are named (npm run coverage -- --propose prints these).',
      ),
    schedule: z
      .object({
        dailyAtUtc: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "must be HH:MM in 24-hour UTC, e.g. 02:00" })
          .default("02:00")
          .describe("Time of day (UTC, HH:MM) the daily backup starts."),
      })
      .strict()
      .prefault({})
      .describe("When the daily incremental backups run."),
    allowBackupDataDeletion: z
      .boolean()
      .default(false)
      .describe(
        "Deleting a backup task deletes its backup data only when this is true; otherwise delete pauses the task and keeps the data.",
      ),
    pausedServices: z
      .array(z.enum(backupServices))
      .default([])
      .describe(
        "Services whose tasks are held paused at the vendor (backups stop, data and settings stay). Any other task paused or archived at the vendor is resumed by the next pulumi up.",
      ),
    consoleWaitDays: z
      .number()
      .int()
      .min(1)
      .max(60)
      .default(defaultConsoleWaitDays)
      .describe(
        "With the public API (vendorApi.capabilities public): days a task may wait to be made in the vendor's console. Until then pulumi up succeeds and lists the waiting task's console steps (backupTasksAwaitingConsole); after it, up fails naming the task, so the daily pipeline turns red and someone acts. 7 (assumption: a working week and a weekend for an operator to make the tasks).",
      ),
    protect: z
      .literal(true, {
        error: () =>
          "must stay true: every backup task is protected (the mandatory policy backup-task-deletion-protection), so no destroy or removed line stops a tenant's backups. To delete one task on purpose, run pulumi state unprotect '<the task's URN>', then remove it and pulumi up; its backup data is kept unless backupTasks.allowBackupDataDeletion is true",
      })
      .default(true)
      .describe(
        "Always true: the tasks are registered with Pulumi's protect option, so no destroy or replacement removes them by accident. To delete a task on purpose: pulumi state unprotect '<urn>', then remove it.",
      ),
    defaults: defaultSettings.default({}).describe("Settings every backup task starts from (guide stage 4)."),
    overrides: z
      .object({
        exchange: overrideSettings.optional().describe("Settings of the Exchange task that differ from the defaults."),
        sharepoint: overrideSettings.optional().describe("Settings of the SharePoint task that differ from the defaults."),
        onedrive: overrideSettings.optional().describe("Settings of the OneDrive task that differ from the defaults."),
        groupsTeams: overrideSettings.optional().describe("Settings of the Groups/Teams task that differ from the defaults."),
      })
      .strict()
      .default({})
      .describe("Per-service settings that differ from the defaults."),
  })
  .strict()
  .superRefine((section, ctx) => {
    // Indexing off is a request to vendor support; it must say why wherever it is asked for.
    const scopes: [string[], Partial<TaskSettings> | undefined][] = [
      [["defaults"], section.defaults],
      ...Object.entries(section.overrides).map(([k, v]): [string[], Partial<TaskSettings> | undefined] => [
        ["overrides", k],
        { ...section.defaults, ...v },
      ]),
    ];
    for (const [path, settings] of scopes) {
      if (settings?.indexForSearch === false && !settings.indexingOffJustification) {
        ctx.addIssue({
          code: "custom",
          path: [...path, "indexingOffJustification"],
          message: "is required when indexForSearch is false: write why indexing must be off (the vendor's support acts on it)",
        });
      }
    }
  })
  .prefault({})
  .describe("The backup tasks, one per enabled service (guide stages 3-6).");

export type BackupTasksSection = z.infer<typeof backupTasksSection>;
