import type { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceTypes } from "./resource-types";

export const backupTaskDeletionProtection: ResourceValidationPolicy = {
  name: "backup-task-deletion-protection",
  description:
    "Every backup task is registered with protect, so removing it from the program or destroying the stack fails instead of stopping the backups. " +
    "Deleting a task on purpose is an explicit two-step change (unprotect, then delete), and its backup data is deleted only with allowBackupDataDeletion.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== resourceTypes.backupTask || args.opts.protect) return;
    const dataToo = args.props.allowBackupDataDeletion === true;
    reportViolation(
      `Backup task ${args.name} is not protected: a removed line or a destroy would delete the task${dataToo ? " and, because allowBackupDataDeletion is true, its backup data" : ""}. ` +
        "Register it with protect: true (the default of BackupTasks).",
    );
  },
};
