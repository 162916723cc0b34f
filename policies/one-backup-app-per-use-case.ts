import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { resourceTypes } from "./resource-types";
import { known } from "./stack-view";

function distinctKnown(resources: readonly PolicyResource[], key: string): string[] {
  return [...new Set(resources.map((r) => known(() => r.props[key])).filter((v): v is string => typeof v === "string"))];
}

export const oneBackupAppPerUseCase: StackValidationPolicy = {
  name: "one-backup-app-per-use-case",
  description:
    "A tenant stack consents to exactly one backup app: at most one app registration, one service principal, and every app role " +
    "assignment and delegated grant given to that principal. Microsoft enforces one app per backup use case since March 2026, " +
    "and one principal keeps the consent reviewable in one place.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const ofType = (type: string) => args.resources.filter((r) => r.type === type);
    const apps = ofType(resourceTypes.application);
    if (apps.length > 1) {
      reportViolation(
        `The stack declares ${apps.length} app registrations (${apps.map((a) => a.name).join(", ")}); a backup use case gets one app. Remove the extra registrations.`,
      );
    }
    const principals = ofType(resourceTypes.servicePrincipal);
    if (principals.length > 1) {
      reportViolation(
        `The stack declares ${principals.length} service principals (${principals.map((p) => p.name).join(", ")}); consent goes to the one backup app's principal.`,
      );
    }
    const grantees = [
      ...distinctKnown(ofType(resourceTypes.appRoleAssignment), "principalObjectId"),
      ...distinctKnown(ofType(resourceTypes.delegatedPermissionGrant), "servicePrincipalObjectId"),
    ];
    const distinct = [...new Set(grantees)];
    if (distinct.length > 1) {
      reportViolation(
        `Permissions are granted to ${distinct.length} different principals (${distinct.join(", ")}); grant them to the one backup app only.`,
      );
    }
  },
};
