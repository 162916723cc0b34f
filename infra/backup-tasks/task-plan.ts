import type { TenantConfig } from "../config/schema";
import type { TaskSettings } from "../config/sections/backup-tasks";
import { taskSettings } from "../config/sections/backup-tasks";
import { enabledServices } from "../config/sections/services";
import { BackupService, byService } from "../services/backup-services";

/** A tenant with more than this many mailboxes follows the vendor's enterprise onboarding. */
export const enterpriseMailboxThreshold = 1000;

const serviceWords = byService("taskWord");

export interface BackupTaskPlan {
  service: BackupService;
  taskName: string;
  rootUrl?: string;
  /** The settings the config asks for (defaults, then the service's override). */
  requested: TaskSettings;
}

/**
 * Whether the guide's enterprise process applies. Unknown size counts as enterprise: holding
 * activation back is the safe mistake, activating 25,000 mailboxes at once is not.
 */
export function isEnterpriseTenant(mailboxCount: number | undefined): boolean {
  return mailboxCount === undefined || mailboxCount > enterpriseMailboxThreshold;
}

/**
 * Whether the enterprise process applies, from the configured mailbox count and what discovery found:
 * the larger decides, so config can raise the count (hold activation back on a tenant that is growing)
 * but never lower a count Microsoft Graph reported. Counts that come from config are only estimates.
 */
export function isEnterpriseFrom(configured: number | undefined, discovered: { source: "graph" | "config"; mailboxes: number }): boolean {
  if (discovered.source !== "graph") return isEnterpriseTenant(configured);
  return Math.max(configured ?? 0, discovered.mailboxes) > enterpriseMailboxThreshold;
}

export function taskNameFor(service: BackupService, prefix: string): string {
  return `${prefix} ${serviceWords[service]} backup`;
}

/**
 * SharePoint and OneDrive tasks need the tenant's root URLs; the others have none. The SharePoint root
 * is `<initialDomainName>.sharepoint.com` unless tenant.sharePointRootUrl names another (a renamed
 * domain, a national cloud); OneDrive's is `<name>-my` on the same domain.
 */
export function rootUrlFor(service: BackupService, initialDomainName: string, sharePointRootUrl?: string): string | undefined {
  const root = (sharePointRootUrl ?? `${initialDomainName}.sharepoint.com`).toLowerCase();
  const dot = root.indexOf(".");
  if (service === "sharepoint") return root;
  if (service === "onedrive") return `${root.slice(0, dot)}-my${root.slice(dot)}`;
  return undefined;
}

/** One task per enabled service with the settings the config asks for (defaults, then the service's override). */
export function backupTaskPlans(config: Pick<TenantConfig, "tenant" | "services" | "backupTasks">): BackupTaskPlan[] {
  const section = config.backupTasks;
  const prefix = section.namePrefix ?? config.tenant.initialDomainName;
  return enabledServices(config.services).map((service) => {
    const requested = taskSettings.parse({ ...section.defaults, ...section.overrides[service] });
    const rootUrl = rootUrlFor(service, config.tenant.initialDomainName, config.tenant.sharePointRootUrl);
    return {
      service,
      taskName: section.taskNames[service] ?? taskNameFor(service, prefix),
      ...(rootUrl ? { rootUrl } : {}),
      requested,
    };
  });
}

/**
 * The auto-activation release, the one rule about new objects: on an enterprise tenant a task's
 * "activate new objects" is held back (sent off) until the completed rollout releases it; elsewhere
 * it is what the config asks.
 */
export function settingsSent(plan: BackupTaskPlan, enterprise: boolean): TaskSettings {
  return { ...plan.requested, autoActivateNew: plan.requested.autoActivateNew && !enterprise };
}

/** The services whose auto-activation the completed rollout releases. */
export function releasedByRollout(plans: readonly BackupTaskPlan[]): BackupService[] {
  return plans.filter((p) => p.requested.autoActivateNew).map((p) => p.service);
}
