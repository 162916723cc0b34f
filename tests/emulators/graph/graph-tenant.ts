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
}

export interface GraphGroup {
  id: string;
  displayName: string;
  /** SKUs assigned to the group (group-based licensing). */
  assignedLicenses: { skuId: string; disabledPlans: string[] }[];
  members: string[];
}

export interface GraphSubscribedSku {
  skuId: string;
  skuPartNumber: string;
  prepaidUnits: { enabled: number; suspended: number; warning: number };
  consumedUnits: number;
  capabilityStatus: "Enabled" | "Suspended" | "Warning";
}

export interface GraphTenant {
  tenantId: string;
  users: Map<string, GraphUser>;
  groups: Map<string, GraphGroup>;
  subscribedSkus: GraphSubscribedSku[];
}

export function emptyTenant(tenantId: string): GraphTenant {
  return { tenantId, users: new Map(), groups: new Map(), subscribedSkus: [] };
}
