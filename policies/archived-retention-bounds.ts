import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { resourceTypes } from "./resource-types";

export interface ArchivedRetentionConfig {
  minDays: number;
  maxDays: number;
  allowForever: boolean;
}
export const archivedRetentionDefaults: ArchivedRetentionConfig = { minDays: 30, maxDays: 3650, allowForever: true };

const configSchema: PolicyConfigSchema = {
  properties: {
    minDays: {
      type: "integer",
      minimum: 1,
      default: archivedRetentionDefaults.minDays,
      description: "Fewest days auto-archived backups are kept.",
    },
    maxDays: {
      type: "integer",
      minimum: 1,
      default: archivedRetentionDefaults.maxDays,
      description: "Most days auto-archived backups are kept.",
    },
    allowForever: {
      type: "boolean",
      default: archivedRetentionDefaults.allowForever,
      description: "Whether keeping auto-archived backups forever is allowed.",
    },
  },
};

export const archivedRetentionBounds: ResourceValidationPolicy = {
  name: "archived-retention-bounds",
  description:
    "Backups auto-archived after a deletion are retained within the organisation's bounds (minDays to maxDays, forever only if allowed). " +
    "Too short loses data someone deleted by mistake; too long or forever may breach the retention schedule.",
  enforcementLevel: "mandatory",
  configSchema,
  validateResource: (args, reportViolation) => {
    if (args.type !== resourceTypes.backupTask) return;
    const bounds = { ...archivedRetentionDefaults, ...args.getConfig<Partial<ArchivedRetentionConfig>>() };
    const days = ((args.props.settings ?? {}) as { retainArchivedDays?: number | "forever" }).retainArchivedDays;
    const fix = "Fix m365-backup:backupTasks.defaults.retainArchivedDays.";
    if (days === "forever") {
      if (!bounds.allowForever)
        reportViolation(
          `Backup task ${args.name} retains auto-archived backups forever; this organisation allows at most ${bounds.maxDays} days. ${fix}`,
        );
    } else if (typeof days === "number" && (days < bounds.minDays || days > bounds.maxDays)) {
      reportViolation(
        `Backup task ${args.name} retains auto-archived backups ${days} days; this organisation requires ${bounds.minDays} to ${bounds.maxDays} days. ${fix}`,
      );
    }
  },
};
