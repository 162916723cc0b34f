import type { Client } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { graphRequest } from "../graph/graph-request";

/**
 * What the tenant has bought, read from its subscriptions (`GET /subscribedSkus`, least privileged
 * application permission LicenseAssignment.Read.All): whether Privileged Identity Management is
 * licensed, and how many SharePoint licences were purchased (SharePoint's throttling band). Service
 * plan ids from Microsoft's "Product names and service plan identifiers for licensing" (docs/facts.md).
 */
export const servicePlanIds = {
  /** AAD_PREMIUM_P2: Microsoft Entra ID P2. */
  entraIdP2: "eec0eb4f-6444-4f95-aba0-50c24d67f998",
  /** Entra_Identity_Governance: Microsoft Entra ID Governance. */
  entraIdGovernance: "e866a266-3cff-43a3-acca-0c90a7e00c8b",
  /** SHAREPOINTENTERPRISE: SharePoint (Plan 2). */
  sharePointPlan2: "5dbe027f-2339-4123-9542-606e4d348a72",
  /** SHAREPOINTSTANDARD: SharePoint (Plan 1). */
  sharePointPlan1: "c7699d2e-19aa-44de-8edf-1736da088ca1",
} as const;

/** PIM needs Microsoft Entra ID P2 or Microsoft Entra ID Governance (PIM licensing, docs/facts.md). */
const pimPlans = new Set<string>([servicePlanIds.entraIdP2, servicePlanIds.entraIdGovernance]);
const sharePointPlans = new Set<string>([servicePlanIds.sharePointPlan1, servicePlanIds.sharePointPlan2]);

const servicePlan = z.object({
  servicePlanId: z.string().min(1),
  servicePlanName: z.string().nullish(),
  provisioningStatus: z.string().nullish(),
});
export const subscribedSkuWithPlans = z.object({
  skuId: z.string().min(1),
  skuPartNumber: z.string().nullish(),
  /** Enabled, Warning (grace), Suspended, Deleted or LockedOut (the customer cancelled). */
  capabilityStatus: z.string().nullish(),
  appliesTo: z.string().nullish(),
  /** Licences bought: enabled, and in warning (the grace period after a subscription lapses, still served). */
  prepaidUnits: z.object({ enabled: z.number().int().nonnegative(), warning: z.number().int().nonnegative().default(0) }).passthrough(),
  servicePlans: z.array(servicePlan).default([]),
});
export type SubscribedSkuWithPlans = z.infer<typeof subscribedSkuWithPlans>;
const skuPage = z.object({ value: z.array(subscribedSkuWithPlans), "@odata.nextLink": z.string().optional() });

/** A subscription that serves its plans now: Enabled, or Warning (the grace period after it lapses). */
const serving = (s: SubscribedSkuWithPlans) => s.capabilityStatus === "Enabled" || s.capabilityStatus === "Warning";
const hasPlan = (s: SubscribedSkuWithPlans, plans: Set<string>) =>
  s.servicePlans.some((p) => plans.has(p.servicePlanId.toLowerCase()) && (p.provisioningStatus ?? "Success") !== "Disabled");

/** Whether the tenant can make time-bound (PIM) role assignments. */
export function hasPrivilegedIdentityManagement(skus: readonly SubscribedSkuWithPlans[]): boolean {
  return skus.some((s) => serving(s) && s.prepaidUnits.enabled + s.prepaidUnits.warning > 0 && hasPlan(s, pimPlans));
}

/** Licences with a SharePoint plan the tenant purchased: Microsoft bands SharePoint's per-app limits by these. */
export function purchasedSharePointLicences(skus: readonly SubscribedSkuWithPlans[]): number {
  return skus
    .filter((s) => serving(s) && (s.appliesTo ?? "User") === "User" && hasPlan(s, sharePointPlans))
    .reduce((n, s) => n + s.prepaidUnits.enabled + s.prepaidUnits.warning, 0);
}

export const servicePlansPermissionFix =
  "grant the identity that runs pulumi LicenseAssignment.Read.All (application), which lists the tenant's subscriptions.";

/**
 * The tenant's subscriptions with their service plans, in one request: Graph documents no paging for
 * subscribedSkus (a tenant has tens of SKUs). A second page would be a partial answer, so it is refused
 * rather than counted short (**assumption** that none comes).
 */
export async function readSubscribedSkus(graph: Client, operation = "GET /subscribedSkus"): Promise<SubscribedSkuWithPlans[]> {
  const answer = await graphRequest(operation, () => graph.api("/subscribedSkus").get(), skuPage, {
    permissionFix: servicePlansPermissionFix,
  });
  if (answer!["@odata.nextLink"])
    throw new Error(`${operation} answered with a next page; the tenant's subscriptions cannot be judged from part of them.`);
  return answer!.value;
}
