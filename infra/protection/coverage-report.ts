import { z } from "zod";
import { backupServices } from "../services/backup-services";

/**
 * The coverage report: per tenant and for the whole fleet, what discovery found joined with what the
 * backup service protects. The JSON `npm run coverage -- --format json` prints, documented as
 * docs/coverage.schema.json (generated from this schema and checked by a test).
 */

const count = z.number().int().nonnegative();
const keys = z.array(z.string()).describe("The first entities of this kind (--list caps them), by address or site URL.");

export const serviceCoverageSchema = z
  .object({
    service: z.enum(backupServices),
    taskId: z.string().optional().describe("The vendor's task, when one was found for the service."),
    taskName: z.string().describe("The task name the stack expects (or the one found, for a brownfield tenant)."),
    taskStatus: z.string().describe("active, paused, archived, other, or missing (no such task at the vendor)."),
    discovered: count.optional().describe("Entities Microsoft Graph lists for the service (absent without Graph)."),
    listed: count.describe("Entities the vendor lists for the task, each once."),
    protected: count.describe("Listed, with a successful backup within the protection window."),
    activatedNotBackedUp: count.describe("Active at the vendor, no backup attempted yet."),
    failing: count.describe("The last attempt failed, or attempts run and none succeeded within the window."),
    stale: count.describe("The last successful backup is older than the window, and nothing newer was attempted."),
    notVerified: count.describe("The vendor gives no usable date (none, or one in the future)."),
    unprotected: count.describe("Discovered, but not listed by the vendor or listed and not backed up (inactive)."),
    orphaned: count.describe("At the vendor, gone from the directory."),
    duplicateRows: count.describe("Rows the vendor repeated for entities already counted."),
    breaches: count.describe("Entities not protected beyond the grace window: what fails the exit code."),
    entities: z
      .object({
        unprotected: keys,
        failing: keys,
        stale: keys,
        activatedNotBackedUp: keys,
        notVerified: keys,
        orphaned: keys,
      })
      .strict(),
  })
  .strict();

export const tenantCoverageSchema = z
  .object({
    stack: z.string(),
    tenantId: z.string(),
    backend: z.string().describe("The protection source that answered (cloudally-public, cloudally-contract)."),
    verdict: z
      .enum(["protected", "not-protected", "unverified", "error"])
      .describe("protected: nothing beyond the grace window; unverified: no Graph listing to check against; error: a read failed."),
    services: z.array(serviceCoverageSchema),
    drift: z.array(z.string()).describe("What differs at the vendor from the stack: a paused or renamed task, settings, auto-activation."),
    problems: z.array(z.string()).describe("Why the report is incomplete (a failed read, a task of another tenant)."),
    proposal: z
      .object({ config: z.record(z.string(), z.unknown()), commands: z.array(z.string()), notes: z.array(z.string()) })
      .strict()
      .optional()
      .describe("A tenant onboarded by hand: the stack-file values that adopt its tasks as they are."),
  })
  .strict();

export const historyPointSchema = z
  .object({
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    stack: z.string(),
    service: z.enum(backupServices),
    protected: count,
    discovered: count.optional(),
    listed: count,
  })
  .strict();

export const coverageReportSchema = z
  .object({
    version: z.literal(1),
    generatedAt: z.string().describe("ISO time the report was made."),
    protectionWindowHours: z.number().int().positive(),
    graceHours: z.number().int().nonnegative(),
    tenants: z.array(tenantCoverageSchema),
    totals: z
      .array(
        z
          .object({
            service: z.enum(backupServices),
            discovered: count,
            protected: count,
            breaches: count,
            orphaned: count,
          })
          .strict(),
      )
      .describe("The fleet, per service."),
    history: z.array(historyPointSchema).describe("Per day, stack and service: protected against discovered (the last 90 days)."),
  })
  .strict();

export type ServiceCoverage = z.infer<typeof serviceCoverageSchema>;
export type TenantCoverage = z.infer<typeof tenantCoverageSchema>;
export type CoverageReport = z.infer<typeof coverageReportSchema>;
export type HistoryPoint = z.infer<typeof historyPointSchema>;
