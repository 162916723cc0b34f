import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { maxGlobalAdministratorHours, roleTemplateIds } from "./resource-types";
import { isRoleGrant, roleGrantOf } from "./stack-view";

export interface GlobalAdministratorTimeBoundConfig {
  /** The longest Global Administrator assignment accepted, in hours. */
  maxHours: number;
}

const configSchema: PolicyConfigSchema = {
  properties: {
    maxHours: {
      type: "number",
      minimum: 1,
      maximum: maxGlobalAdministratorHours,
      default: maxGlobalAdministratorHours,
      description: "The longest Global Administrator assignment accepted, in hours (at most 7 days).",
    },
  },
};

/**
 * Judged per resource, so `pulumi up` refuses the resource before it is created rather than reporting
 * it once the stack is done: a permanent Global Administrator is never acceptable, whoever holds it.
 */
export const globalAdministratorTimeBound: ResourceValidationPolicy = {
  name: "global-administrator-time-bound",
  description:
    "Every Global Administrator grant in the stack has an end: a time-bound assignment schedule of at most maxHours (default 7 days, " +
    "the module's default is 72 hours), never a permanent assignment or a PIM eligibility without end. A forgotten permanent Global " +
    "Administrator on an unattended account is how a backup onboarding becomes a tenant takeover.",
  enforcementLevel: "mandatory",
  configSchema,
  validateResource: (args, reportViolation) => {
    if (!isRoleGrant(args)) return;
    const grant = roleGrantOf(args);
    if (grant.roleId !== roleTemplateIds.globalAdministrator) return;
    const maxHours = args.getConfig<Partial<GlobalAdministratorTimeBoundConfig>>().maxHours ?? maxGlobalAdministratorHours;
    if (grant.hours === undefined) {
      reportViolation(
        `${args.name} gives Global Administrator without an end. Use the module's time-bound assignment (exchange.rolePhase bootstrap, exchange.globalAdministratorHours) instead.`,
      );
    } else if (grant.hours > maxHours) {
      reportViolation(
        `${args.name} gives Global Administrator for ${grant.hours} hours; at most ${maxHours} are accepted. Lower exchange.globalAdministratorHours.`,
      );
    }
  },
};
