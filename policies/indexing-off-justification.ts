import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { resourceTypes } from "./resource-types";

export interface IndexingOffJustificationConfig {
  minJustificationLength: number;
}
export const indexingOffJustificationDefaults: IndexingOffJustificationConfig = { minJustificationLength: 20 };

const configSchema: PolicyConfigSchema = {
  properties: {
    minJustificationLength: {
      type: "integer",
      minimum: 1,
      default: indexingOffJustificationDefaults.minJustificationLength,
      description: "Shortest accepted written justification, in characters.",
    },
  },
};

export const indexingOffJustification: ResourceValidationPolicy = {
  name: "indexing-off-justification",
  description:
    "A backup task that turns off indexing for search carries a written justification. Indexing is what makes granular search and restore " +
    "possible; the vendor turns it off only through support, and the reason (usually a data-handling policy) must be on record in the change.",
  enforcementLevel: "mandatory",
  configSchema,
  validateResource: (args, reportViolation) => {
    if (args.type !== resourceTypes.backupTask) return;
    const { minJustificationLength } = {
      ...indexingOffJustificationDefaults,
      ...args.getConfig<Partial<IndexingOffJustificationConfig>>(),
    };
    const settings = (args.props.settings ?? {}) as { indexForSearch?: boolean; indexingOffJustification?: string };
    if (settings.indexForSearch !== false) return;
    const reason = (settings.indexingOffJustification ?? "").trim();
    if (reason.length < minJustificationLength) {
      reportViolation(
        `Backup task ${args.name} turns indexing for search off ${reason ? `with a justification of only ${reason.length} characters` : "without a justification"}; ` +
          `write why (at least ${minJustificationLength} characters) in m365-backup:backupTasks.defaults.indexingOffJustification.`,
      );
    }
  },
};
