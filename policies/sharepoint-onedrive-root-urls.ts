import type { StackValidationPolicy } from "@pulumi/policy";
import { resourceTypes } from "./resource-types";
import { known } from "./stack-view";

/**
 * `<tenant>.sharepoint.com` (SharePoint) or `<tenant>-my.sharepoint.com` (OneDrive), as the guide
 * enters them, optionally with `https://`; nothing after the host.
 */
export function rootUrlTenant(service: "sharepoint" | "onedrive", url: string): string | undefined {
  const m = service === "sharepoint" ? /^(?:https:\/\/)?([a-z0-9]+)\.sharepoint\.com\/?$/i.exec(url) : /^(?:https:\/\/)?([a-z0-9]+)-my\.sharepoint\.com\/?$/i.exec(url);
  return m?.[1].toLowerCase();
}

export const sharePointOneDriveRootUrls: StackValidationPolicy = {
  name: "sharepoint-onedrive-root-urls",
  description:
    "The SharePoint task's root URL is <tenant>.sharepoint.com and the OneDrive task's <tenant>-my.sharepoint.com (https:// optional), for this stack's tenant. " +
    "A wrong root URL backs up nothing, or another tenant's sites the account happens to reach.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const onboarding = args.resources.find((r) => r.type === "m365-backup:onboarding:TenantOnboarding");
    for (const task of args.resources.filter((r) => r.type === resourceTypes.backupTask)) {
      const service = known(() => task.props.service);
      if (service !== "sharepoint" && service !== "onedrive") continue;
      const url = known(() => task.props.rootUrl);
      const expectedTenant = (known(() => task.props.tenantName) as string | undefined) ?? onboarding?.name;
      const example = service === "sharepoint" ? "<tenant>.sharepoint.com" : "<tenant>-my.sharepoint.com";
      if (typeof url !== "string") {
        // Present but unknown (preview) is judged on the next run; absent is a violation now.
        if (!("rootUrl" in task.props)) reportViolation(`Backup task ${task.name} (${service}) has no root URL; it must be ${example}.`, task.urn);
        continue;
      }
      const tenant = rootUrlTenant(service, url);
      if (!tenant) {
        reportViolation(`Backup task ${task.name} (${service}) has root URL ${url}; it must be ${example}.`, task.urn);
      } else if (expectedTenant && tenant !== expectedTenant.toLowerCase()) {
        reportViolation(
          `Backup task ${task.name} (${service}) points at tenant ${tenant} (${url}), but this stack onboards ${expectedTenant}; check m365-backup:tenant.initialDomainName.`,
          task.urn,
        );
      }
    }
  },
};
