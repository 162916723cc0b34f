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
