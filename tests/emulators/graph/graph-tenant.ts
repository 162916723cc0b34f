/** The directory the Graph emulator serves. Route modules read and change it; seeds build it. */
export interface GraphUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  usageLocation?: string;
  accountEnabled: boolean;
  assignedLicenses: { skuId: string; disabledPlans: string[] }[];
  /** Ids of groups the user is a direct member of. */
  memberOf: string[];
  /** Primary SMTP address; members with one have a mailbox (a guest's is its external address). */
  mail?: string;
  /** Member (default) or Guest (B2B). */
  userType?: "Member" | "Guest";
  /** Exchange's mailbox type (mailboxSettings/userPurpose); user when absent. */
  mailboxPurpose?: "user" | "shared" | "room" | "equipment";
  /** The password set through passwordProfile (PATCH /users/{id}); the test reads it as the live credential. */
  password?: string;
  /** Directory change counter of the last change (delta queries). */
  version?: number;
  /** The properties the last change set, when it was an update (delta may return only these). */
  changedFields?: (keyof GraphUser)[];
}

export interface GraphGroup {
  id: string;
  displayName: string;
  /** SKUs assigned to the group (group-based licensing). */
  assignedLicenses: { skuId: string; disabledPlans: string[] }[];
  members: string[];
  /** Role-assignable (isAssignableToRole), and the role definition ids assigned to the group. */
  isAssignableToRole?: boolean;
  roles?: string[];
  mailNickname?: string;
  /** The group's address (Microsoft 365 groups have one). */
  mail?: string;
  groupTypes?: string[];
  resourceProvisioningOptions?: string[];
  version?: number;
}

export interface GraphSite {
  id: string;
  webUrl: string;
  /** OneDrive sites are personal sites. */
  isPersonalSite: boolean;
}

export interface GraphServicePlan {
  servicePlanId: string;
  servicePlanName: string;
  provisioningStatus: "Success" | "Disabled" | "PendingActivation" | "PendingInput";
  appliesTo: "User" | "Company";
}

export interface GraphSubscribedSku {
  skuId: string;
  skuPartNumber: string;
  prepaidUnits: { enabled: number; suspended: number; warning: number };
  consumedUnits: number;
  capabilityStatus: "Enabled" | "Suspended" | "Warning" | "LockedOut";
  /** User (licences for users) or Company. */
  appliesTo?: "User" | "Company";
  servicePlans?: GraphServicePlan[];
}

/**
 * Service plans as Microsoft's "Product names and service plan identifiers for licensing" lists them:
 * the ones the module reads (PIM's licence, SharePoint's plans).
 */
export const servicePlans = {
  entraIdP1: { servicePlanId: "41781fb2-bc02-4b7c-bd55-b576c07bb09d", servicePlanName: "AAD_PREMIUM" },
  entraIdP2: { servicePlanId: "eec0eb4f-6444-4f95-aba0-50c24d67f998", servicePlanName: "AAD_PREMIUM_P2" },
  entraIdGovernance: { servicePlanId: "e866a266-3cff-43a3-acca-0c90a7e00c8b", servicePlanName: "Entra_Identity_Governance" },
  sharePointPlan1: { servicePlanId: "c7699d2e-19aa-44de-8edf-1736da088ca1", servicePlanName: "SHAREPOINTSTANDARD" },
  sharePointPlan2: { servicePlanId: "5dbe027f-2339-4123-9542-606e4d348a72", servicePlanName: "SHAREPOINTENTERPRISE" },
  exchangePlan1: { servicePlanId: "9aaf7827-d63c-4b61-89c3-182f06f82e5c", servicePlanName: "EXCHANGE_S_STANDARD" },
} as const;

/** A subscription of `units` licences carrying the given plans. */
export function subscription(
  skuId: string,
  skuPartNumber: string,
  units: number,
  plans: readonly (keyof typeof servicePlans)[],
  capabilityStatus: GraphSubscribedSku["capabilityStatus"] = "Enabled",
): GraphSubscribedSku {
  return {
    skuId,
    skuPartNumber,
    prepaidUnits: {
      enabled: capabilityStatus === "Enabled" ? units : 0,
      suspended: 0,
      warning: capabilityStatus === "Warning" ? units : 0,
    },
    consumedUnits: 0,
    capabilityStatus,
    appliesTo: "User",
    servicePlans: plans.map((p) => ({ ...servicePlans[p], provisioningStatus: "Success", appliesTo: "User" })),
  };
}

/** PIM is served to tenants with Microsoft Entra ID P2 or ID Governance (PIM licensing page). */
export function tenantHasPim(tenant: GraphTenant): boolean {
  const pim: string[] = [servicePlans.entraIdP2.servicePlanId, servicePlans.entraIdGovernance.servicePlanId];
  return tenant.subscribedSkus.some(
    (s) =>
      (s.capabilityStatus === "Enabled" || s.capabilityStatus === "Warning") &&
      (s.servicePlans ?? []).some((p) => pim.includes(p.servicePlanId)),
  );
}

export interface GraphTenant {
  tenantId: string;
  users: Map<string, GraphUser>;
  groups: Map<string, GraphGroup>;
  subscribedSkus: GraphSubscribedSku[];
  sites?: GraphSite[];
  /** Directory change counter: every change to a user or group takes the next value. */
  version?: number;
  /** Deleted users and groups with the version of their deletion, for delta queries. */
  removed?: { id: string; kind: "user" | "group"; version: number }[];
}

export function emptyTenant(tenantId: string): GraphTenant {
  return { tenantId, users: new Map(), groups: new Map(), subscribedSkus: [] };
}

/** A user by object id or user principal name (case-insensitive), as GET /users/{id | userPrincipalName} finds it. */
export function findUser(tenant: GraphTenant, key: string): GraphUser | undefined {
  const byId = tenant.users.get(key);
  if (byId) return byId;
  const upn = key.toLowerCase();
  for (const u of tenant.users.values()) if (u.userPrincipalName.toLowerCase() === upn) return u;
  return undefined;
}
