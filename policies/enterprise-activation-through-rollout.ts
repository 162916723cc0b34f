import type { StackValidationPolicy } from "@pulumi/policy";
import { resourceTypes } from "./resource-types";
import { known } from "./stack-view";

export const enterpriseActivationThroughRollout: StackValidationPolicy = {
  name: "enterprise-activation-through-rollout",
  description:
    "On an enterprise tenant (over 1,000 mailboxes) backup tasks never activate entities themselves: no auto-activation of new entities and an " +
    "ActivationRollout in the stack that activates them in waves. The guide's 'DO NOT ACTIVATE': a first full backup of everything at once is " +
    "what Microsoft Graph throttles, and throttled apps get blocked.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const tasks = args.resources.filter((r) => r.type === resourceTypes.backupTask && known(() => r.props.enterprise) === true);
    if (tasks.length === 0) return;
    const rollouts = args.resources.filter((r) => r.type === resourceTypes.activationRollout);
    if (rollouts.length === 0) {
      reportViolation(
        `The tenant is enterprise and has ${tasks.length} backup task(s) (${tasks.map((t) => t.name).join(", ")}) but no ActivationRollout; ` +
          "activation must go through the rollout (m365-backup:rollout).",
      );
    }
    for (const task of tasks) {
      const settings = (known(() => task.props.settings) ?? {}) as { autoActivateNew?: unknown };
      if (known(() => settings.autoActivateNew) === true) {
        reportViolation(
          `Backup task ${task.name} auto-activates new entities on an enterprise tenant; set m365-backup:backupTasks.defaults.autoActivateNew to false ` +
            "and let the rollout activate them in waves.",
          task.urn,
        );
      }
    }
  },
};
