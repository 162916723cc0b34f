import type { StackValidationPolicy } from "@pulumi/policy";
import { resourceTypes, roleTemplateIds } from "./resource-types";
import { known } from "./stack-view";

/**
 * Judged on the state, after a refresh has read PIM: the schedule's inputs say "72 hours", but what
 * counts is the assignment Entra holds now. One made permanent outside the stack reads `permanent`.
 */
export const globalAdministratorLiveEnd: StackValidationPolicy = {
  name: "global-administrator-live-end",
  description:
    "A Global Administrator schedule whose live assignment has no end fails: refresh reads PIM, and an assignment someone made permanent " +
    "outside the stack reads as permanent; in a tenant without PIM, one still held after its deadline reads as overdue. The time bound is only real " +
    "if the assignment Entra holds has it, not the one the stack asked for.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const r of args.resources.filter((x) => x.type === resourceTypes.directoryRoleAssignmentSchedule)) {
      if (known(() => r.props.roleId) !== roleTemplateIds.globalAdministrator) continue;
      const state = known(() => r.props.state);
      const end = known(() => r.props.endDateTime);
      if (state === "permanent" || (state === "active" && end === ""))
        reportViolation(
          `${r.name}: PIM holds Global Administrator for ${String(known(() => r.props.principalObjectId))} without an end (made permanent outside the stack). Fix: in the Entra admin center (Privileged Identity Management), set an end or remove the assignment, then run pulumi refresh.`,
          r.urn,
        );
      // Without PIM the deadline is the module's: an assignment still held after it was not removed.
      if (state === "overdue")
        reportViolation(
          `${r.name}: Global Administrator for ${String(known(() => r.props.principalObjectId))} is past its deadline (${String(end)}) and still held. Fix: run pulumi up, which removes it (the daily pipeline does), or remove it in the Entra admin center (Roles and administrators) and run pulumi refresh.`,
          r.urn,
        );
    }
  },
};
