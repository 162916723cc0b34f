import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { backupServices, resourceTypes } from "./resource-types";
import { known } from "./stack-view";

const parentOf = (r: PolicyResource): string | undefined => r.parent?.urn ?? r.opts.parent;
const str = (read: () => unknown): string | undefined => {
  const v = known(read);
  return typeof v === "string" ? v : undefined;
};

const names = (rs: readonly PolicyResource[]) =>
  rs
    .map((r) => r.name)
    .sort()
    .join(", ");

/** Microsoft's words, on SharePoint's throttling page (docs/facts.md); third parties read them as one app per use case or workload. */
export const microsoftsRule = "Don't create separate AppIDs where the applications essentially perform the same operations, such as backup";

/**
 * Microsoft's rule for backup apps (docs/facts.md, "one app per workload"): separate apps may not do
 * the same operations, such as backup. A vendor may use one app per workload (CloudAlly has two),
 * so the unit is the BackupAppConsent component: each names the services it backs up, holds one
 * service principal, and every grant of the stack sits under one and goes to that principal.
 */
export const oneBackupAppPerWorkload: StackValidationPolicy = {
  name: "one-backup-app-per-workload",
  description:
    "Each workload (Exchange, SharePoint, OneDrive, Groups/Teams) is backed up by one app: no service in two BackupAppConsent components, " +
    "no vendor app consented twice, one service principal per consent and every app role assignment and delegated grant given to its own " +
    "consent's principal. Microsoft asks for no separate apps that essentially perform the same operations, such as backup " +
    "(docs/facts.md), and one principal per workload keeps the consent reviewable.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const ofType = (type: string) => args.resources.filter((r) => r.type === type);
    const consents = ofType(resourceTypes.backupAppConsent);
    const consentNamed = (r: PolicyResource) => consents.find((c) => c.urn === parentOf(r));

    for (const service of backupServices) {
      const holders = consents.filter((c) => {
        const services = known(() => c.props.services);
        return Array.isArray(services) && services.includes(service);
      });
      if (holders.length > 1)
        reportViolation(
          `The ${service} workload is backed up by ${holders.length} apps (${names(holders)}). Microsoft: "${microsoftsRule}" (docs/facts.md). Give ${service} to one app only (consent.vendorApps).`,
        );
    }
    const byAppId = new Map<string, PolicyResource[]>();
    for (const c of consents) {
      const appId = str(() => c.props.appId)?.toLowerCase();
      if (appId) byAppId.set(appId, [...(byAppId.get(appId) ?? []), c]);
    }
    for (const [appId, same] of byAppId)
      if (same.length > 1) reportViolation(`The app ${appId} is consented ${same.length} times (${names(same)}); consent each app once.`);

    const principals = ofType(resourceTypes.servicePrincipal);
    const principalOf = new Map<string, PolicyResource>();
    for (const p of principals) {
      const consent = consentNamed(p);
      if (!consent) reportViolation(`The service principal ${p.name} is not the principal of a backup app consent; remove it.`);
      else if (principalOf.has(consent.urn))
        reportViolation(
          `The consent ${consent.name} holds more than one service principal (${principalOf.get(consent.urn)!.name}, ${p.name}).`,
        );
      else principalOf.set(consent.urn, p);
    }
    const customerApps = ofType(resourceTypes.application);
    if (customerApps.length > Math.max(consents.length, 1))
      reportViolation(
        `The stack declares ${customerApps.length} app registrations (${customerApps.map((a) => a.name).join(", ")}) for ${consents.length} consent(s); each app registration is a backup app with its own consent. Remove the extra registrations.`,
      );

    const grants: [PolicyResource, string][] = [
      ...ofType(resourceTypes.appRoleAssignment).map((r): [PolicyResource, string] => [r, "principalObjectId"]),
      ...ofType(resourceTypes.delegatedPermissionGrant).map((r): [PolicyResource, string] => [r, "servicePrincipalObjectId"]),
    ];
    for (const [grant, key] of grants) {
      const consent = consentNamed(grant);
      const principal = consent && principalOf.get(consent.urn);
      const grantee = str(() => grant.props[key]);
      if (!consent || !principal) {
        reportViolation(
          `The grant ${grant.name} is not part of a backup app consent with a service principal; grant permissions through a consent only.`,
        );
        continue;
      }
      const own = str(() => principal.props.objectId);
      if (grantee && own && grantee.toLowerCase() !== own.toLowerCase())
        reportViolation(
          `The grant ${grant.name} goes to the principal ${grantee}, not to its consent's app (${own}); grant a consent's permissions to its own app only.`,
        );
    }
  },
};
