import type { TenantConfig } from "../config/schema";
import type { RolloutSection } from "../config/sections/rollout";
import { BackupService, byService } from "../services/backup-services";
import type { EntityCounts, TenantInventory } from "../discovery/tenant-inventory";
import type { ActivationPlan } from "../planner/activation-planner";

/** The request of guide stage 7 ("notify the vendor"): everything the vendor needs to run the enterprise activation. */
export interface OnboardingRequest {
  tenant: { id: string; primaryDomain: string; initialDomainName: string; enterprise: boolean };
  mode: "vendor-managed" | "self-service";
  tasks: { service: BackupService; taskName: string; taskId: string; connectionState: string; rootUrl?: string }[];
  counts: EntityCounts;
  countsSource: TenantInventory["source"];
  /** Counts that are estimates even from Graph (shared mailboxes). */
  estimatedCounts?: string[];
  priority: string[];
  plan: {
    safetyFactor: number;
    dailyBudget: ActivationPlan["dailyBudget"];
    daysToFullProtection: number;
    floorDays: number;
    waves: { day: number; service: BackupService; entityCount: number; estimatedCost: number; budget: number; spansDays?: number }[];
  };
  /** Settings the vendor's API cannot make, such as indexing off, with their justification. */
  vendorActions: string[];
  /** Tasks whose auto-activation of new objects is to be switched on once every entity is active. */
  autoActivateAfterRollout: BackupService[];
  /** Who asks, for which account at the vendor, from when: what the vendor needs to plan the call. */
  requester: { vendorAccountId?: string; contact?: string; proposedStartDate?: string };
}

export interface OnboardingRequestFacts {
  tenant: Pick<TenantConfig["tenant"], "id" | "primaryDomain" | "initialDomainName">;
  rollout: Pick<RolloutSection, "mode" | "priority" | "operatorContact" | "proposedStartDate">;
  /** The customer's account at the vendor (vendorApi.accountId), when the stack names it. */
  vendorAccountId?: string;
  enterprise: boolean;
  inventory: TenantInventory;
  plan: ActivationPlan;
  tasks: OnboardingRequest["tasks"];
  vendorActions: string[];
  /** The services whose auto-activation the completed rollout releases (`releasedByRollout`). */
  released: BackupService[];
}

/** The request as the vendor receives it, from what this run knows: a pure function of its facts. */
export function onboardingRequestFor(f: OnboardingRequestFacts): OnboardingRequest {
  return {
    tenant: {
      id: f.tenant.id,
      primaryDomain: f.tenant.primaryDomain,
      initialDomainName: f.tenant.initialDomainName,
      enterprise: f.enterprise,
    },
    mode: f.rollout.mode,
    tasks: f.tasks,
    counts: f.inventory.counts,
    countsSource: f.inventory.source,
    ...(f.inventory.estimated ? { estimatedCounts: f.inventory.estimated } : {}),
    priority: f.rollout.priority,
    plan: {
      safetyFactor: f.plan.safetyFactor,
      dailyBudget: f.plan.dailyBudget,
      daysToFullProtection: f.plan.daysToFullProtection,
      floorDays: f.plan.floorDays,
      waves: f.plan.waves.map((w) => ({
        day: w.index,
        service: w.service,
        entityCount: w.entityCount,
        estimatedCost: w.estimatedCost,
        budget: w.budget,
        ...(w.spansDays ? { spansDays: w.spansDays } : {}),
      })),
    },
    vendorActions: f.vendorActions,
    autoActivateAfterRollout: f.enterprise ? f.released : [],
    requester: {
      ...(f.vendorAccountId ? { vendorAccountId: f.vendorAccountId } : {}),
      ...(f.rollout.operatorContact ? { contact: f.rollout.operatorContact } : {}),
      ...(f.rollout.proposedStartDate ? { proposedStartDate: f.rollout.proposedStartDate } : {}),
    },
  };
}

const serviceTitle = byService("displayName");

/** Where the vendor's enterprise onboarding guide (stage 7) sends the request, for an onboarding call. */
export const onboardingContact = "support@constantedge.com";
const n = (v: number) => v.toLocaleString("en-US");
/** Day N's date from a proposed start: day 1 is the start. */
const dated = (start: string | undefined, day: number) =>
  start ? ` (${new Date(Date.parse(`${start}T00:00:00Z`) + (day - 1) * 86_400_000).toISOString().slice(0, 10)})` : "";

/** The request as markdown, ready to paste into a ticket or an e-mail to the vendor's onboarding team. */
export function onboardingRequestMarkdown(r: OnboardingRequest): string {
  const lines = [
    `# Backup onboarding request: ${r.tenant.primaryDomain}`,
    "",
    ...(r.tenant.enterprise && r.mode === "vendor-managed"
      ? [
          // The guide's stage 7: the request goes with the call it asks for.
          `To: ${onboardingContact} (the enterprise onboarding guide, stage 7): please schedule an onboarding call to enable these backups.`,
          "",
        ]
      : []),
    `- Tenant: ${r.tenant.initialDomainName}.onmicrosoft.com (${r.tenant.id})`,
    `- Vendor account: ${r.requester.vendorAccountId ?? "not named in the stack (vendorApi.accountId)"}`,
    `- Contact: ${r.requester.contact ?? "not named in the stack (rollout.operatorContact)"}`,
    `- Proposed start: ${r.requester.proposedStartDate ? `${r.requester.proposedStartDate} (day 1 of the waves below)` : "to be agreed on the onboarding call (rollout.proposedStartDate)"}`,
    `- Size: ${n(r.counts.userMailboxes + r.counts.sharedMailboxes)} mailboxes, ${r.tenant.enterprise ? "enterprise onboarding (over 1,000): nothing has been activated" : "standard onboarding"}`,
    `- Activation: ${r.mode === "vendor-managed" ? "please activate in the daily waves below" : "self-service, one wave per day from our pipeline (for your information)"}`,
    "",
    "## Backup tasks",
    "",
    "| Service | Task | Task id | Connection | Root URL |",
    "|---|---|---|---|---|",
    ...r.tasks.map(
      (t) =>
        `| ${serviceTitle[t.service]} | ${t.taskName} | ${t.taskId || "not made yet in the console"} | ${t.connectionState} | ${t.rootUrl ?? ""} |`,
    ),
    "",
    `## Discovered entities (${r.countsSource === "graph" ? "counted through Microsoft Graph" : "estimated from the stack config"})`,
    "",
    "| User mailboxes | of them unlicensed | Shared mailboxes | Sites | OneDrives | Groups | of them Teams |",
    "|---|---|---|---|---|---|---|",
    `| ${n(r.counts.userMailboxes)} | ${n(r.counts.unlicensedUserMailboxes)} | ${n(r.counts.sharedMailboxes)}${r.estimatedCounts?.includes("sharedMailboxes") ? " (estimate)" : ""} | ${n(r.counts.sites)} | ${n(r.counts.oneDrives)} | ${n(r.counts.groups)} | ${n(r.counts.teams)} |`,
    ...(r.estimatedCounts?.includes("sharedMailboxes")
      ? [
          "",
          "Shared mailboxes are estimated: members with a mailbox and a disabled account, which also counts room and equipment mailboxes and disabled leavers whose mailbox remains. Guests are not counted.",
        ]
      : []),
    "",
    `## Proposed daily waves (${r.plan.daysToFullProtection} days to full protection; throttling floor ${r.plan.floorDays} days)`,
    "",
    `Each day's first backups stay within 1/${r.plan.safetyFactor} of the daily budget (a ${Math.round((1 - 1 / r.plan.safetyFactor) * 100)}% margin): ${n(r.plan.dailyBudget.sharepoint)} SharePoint resource units, against Microsoft's published 24-hour limit for one app in this tenant, and ${n(r.plan.dailyBudget.exchange)} Exchange requests, Microsoft's per-mailbox limit times the number of mailboxes we assumed you back up at once (our assumption, not a Microsoft figure: please tell us yours).`,
    "",
    "| Day | Service | Entities | Estimated cost | Budget left |",
    "|---|---|---|---|---|",
    ...r.plan.waves.map(
      (w) =>
        `| ${w.day}${w.spansDays ? `-${w.day + w.spansDays - 1}` : ""}${dated(r.requester.proposedStartDate, w.day)} | ${serviceTitle[w.service]} | ${n(w.entityCount)} | ${n(w.estimatedCost)} | ${n(w.budget)} |`,
    ),
  ];
  if (r.priority.length) lines.push("", "## Activate first", "", ...r.priority.map((p) => `- ${p}`));
  if (r.autoActivateAfterRollout.length) {
    lines.push(
      "",
      "## After the last wave",
      "",
      `Switch on "Automatically activate new mailboxes" (new objects) for: ${r.autoActivateAfterRollout.map((s) => serviceTitle[s]).join(", ")}.` +
        (r.mode === "self-service" ? " Our pipeline does this itself when the rollout completes." : ""),
    );
  }
  lines.push("", "## Settings that need the vendor", "", ...(r.vendorActions.length ? r.vendorActions.map((a) => `- ${a}`) : ["- None."]));
  return `${lines.join("\n")}\n`;
}
