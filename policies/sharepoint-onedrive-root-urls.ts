import type { StackValidationPolicy } from "@pulumi/policy";
import { resourceTypes } from "./resource-types";
import { known } from "./stack-view";

/** SharePoint's domains: the commercial cloud and the national clouds (GCC High, DoD, 21Vianet). */
const clouds = "sharepoint\\.com|sharepoint\\.us|sharepoint-mil\\.us|sharepoint\\.cn";

/**
 * `<name>.<cloud>` (SharePoint) or `<name>-my.<cloud>` (OneDrive), as the guide enters them, optionally
 * with `https://`; nothing after the host. Returns the name and the cloud's domain.
 */
export function rootUrlTenant(service: "sharepoint" | "onedrive", url: string): string | undefined {
  return rootOf(service, url)?.name;
}

function rootOf(service: "sharepoint" | "onedrive", url: string): { name: string; domain: string } | undefined {
  const host = service === "sharepoint" ? `([a-z0-9][a-z0-9-]*?)(?<!-my)` : `([a-z0-9][a-z0-9-]*?)-my`;
  const m = new RegExp(`^(?:https://)?${host}\\.(${clouds})/?$`, "i").exec(url);
  return m ? { name: m[1].toLowerCase(), domain: m[2].toLowerCase() } : undefined;
}

export const sharePointOneDriveRootUrls: StackValidationPolicy = {
  name: "sharepoint-onedrive-root-urls",
  description:
    "The SharePoint task's root URL is <name>.sharepoint.com and the OneDrive task's <name>-my.sharepoint.com (https:// optional; .sharepoint.us, .sharepoint-mil.us or .sharepoint.cn in a national cloud), " +
    "where <name> is this stack's tenant: its initial domain name, or the SharePoint root it configures (tenant.sharePointRootUrl). A wrong root URL backs up nothing, or another tenant's sites the account happens to reach.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const onboarding = args.resources.find((r) => r.type === "m365-backup:onboarding:TenantOnboarding");
    for (const task of args.resources.filter((r) => r.type === resourceTypes.backupTask)) {
      const service = known(() => task.props.service);
      if (service !== "sharepoint" && service !== "onedrive") continue;
      const url = known(() => task.props.rootUrl);
      // The stack's own SharePoint root (the override, or <initialDomainName>.sharepoint.com) decides name and cloud.
      const configuredRoot = known(() => onboarding?.props.sharePointRootUrl) as string | undefined;
      const expected = configuredRoot ? rootOf("sharepoint", configuredRoot) : undefined;
      // Without the onboarding component (tasks declared on their own) only the URL's shape and cloud are judged.
      const expectedTenant = expected?.name;
      const example = service === "sharepoint" ? "<tenant>.sharepoint.com" : "<tenant>-my.sharepoint.com";
      if (typeof url !== "string") {
        // Present but unknown (preview) is judged on the next run; absent is a violation now.
        if (!("rootUrl" in task.props))
          reportViolation(`Backup task ${task.name} (${service}) has no root URL; it must be ${example}.`, task.urn);
        continue;
      }
      const root = rootOf(service, url);
      if (!root) {
        reportViolation(`Backup task ${task.name} (${service}) has root URL ${url}; it must be ${example}.`, task.urn);
      } else if (expectedTenant && root.name !== expectedTenant.toLowerCase()) {
        reportViolation(
          `Backup task ${task.name} (${service}) points at tenant ${root.name} (${url}), but this stack onboards ${expectedTenant}; check m365-backup:tenant.initialDomainName (or tenant.sharePointRootUrl).`,
          task.urn,
        );
      } else if (root.domain !== (expected?.domain ?? "sharepoint.com")) {
        reportViolation(
          `Backup task ${task.name} (${service}) is on ${root.domain}, but this stack's SharePoint root is on ${expected?.domain ?? "sharepoint.com"}; set m365-backup:tenant.sharePointRootUrl for a national cloud.`,
          task.urn,
        );
      }
    }
  },
};
