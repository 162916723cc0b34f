import { resourceAppIds } from "./resource-types";

/**
 * Microsoft's published permission ids, so the pack can read the grants themselves: an
 * AppRoleAssignment carries only an app role id, an app registration's requiredResourceAccess only
 * ids. Ids are the same in every tenant.
 *
 * Source: Microsoft Graph permissions reference, "All permissions and IDs"
 * (https://learn.microsoft.com/graph/permissions-reference#all-permissions-and-ids), checked
 * 2026-11-25 and cross-checked against the ids Graph's service principal publishes. SharePoint
 * Online's Sites.FullControl.All: https://learn.microsoft.com/sharepoint/dev/embedded/development/auth.
 * Exchange Online's EWS.AccessAsUser.All: https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-authenticate-an-ews-application-by-using-oauth.
 * RoleAssignmentSchedule.ReadWrite.Directory (application) is read off Graph's service principal
 * (not yet in the stored copy of the reference table). docs/facts.md lists each with its date.
 */
export interface WellKnownPermission {
  resourceAppId: string;
  kind: "application" | "delegated";
  value: string;
}

const graph = resourceAppIds.microsoftGraph;

/** A table keyed by permission id, from rows of [resource app id, permission value, id]. */
function byId(
  kind: WellKnownPermission["kind"],
  rows: readonly (readonly [string, string, string])[],
): Readonly<Record<string, WellKnownPermission>> {
  return Object.fromEntries(rows.map(([resourceAppId, value, id]) => [id, { resourceAppId, kind, value }]));
}

/** App role ids (application permissions), keyed by id. */
export const applicationPermissionIds = byId("application", [
  [graph, "User.Read.All", "df021288-bdef-4463-88db-98f22de89214"],
  [graph, "User.ReadWrite.All", "741f803b-c850-494e-b5df-cde7c675a1ca"],
  [graph, "Mail.ReadWrite", "e2a3a72e-5f79-4c64-b1b1-878b674786c9"],
  [graph, "Calendars.ReadWrite", "ef54d2bf-783f-4e0f-bca1-3210c0444d99"],
  [graph, "Contacts.ReadWrite", "6918b873-d17a-4dc1-b314-35f528134491"],
  [graph, "MailboxSettings.Read", "40f97065-369a-49f4-947c-6a255697ae91"],
  [graph, "Sites.Read.All", "332a536c-c7ef-4017-ab91-336970924f0d"],
  [graph, "Sites.ReadWrite.All", "9492366f-7969-46a4-8d15-ed1a20078fff"],
  [graph, "Sites.FullControl.All", "a82116e5-55eb-4c41-a434-62fe8a61c773"],
  [graph, "Files.ReadWrite.All", "75359482-378d-4052-8f01-80520e7db3cd"],
  [graph, "Group.Read.All", "5b567255-7703-4780-807c-7be8301ae99b"],
  [graph, "Group.ReadWrite.All", "62a82d76-70ea-41e2-9197-370581804d09"],
  [graph, "GroupMember.ReadWrite.All", "dbaae8cf-10b5-4b86-a4a1-f871c94c6695"],
  [graph, "ChannelMessage.Read.All", "7b2449af-6ccd-4f4d-9f78-e550c193f0d1"],
  [graph, "TeamSettings.ReadWrite.All", "bdd80a03-d9bc-451d-b7c4-ce7c63fe3c8f"],
  [graph, "Organization.Read.All", "498476ce-e0fe-48b0-b801-37ba7e2685c6"],
  [graph, "Directory.Read.All", "7ab1d382-f21e-4acd-a863-ba3e13f7da61"],
  [graph, "Directory.ReadWrite.All", "19dbc75e-c2e2-444c-a770-ec69d8559fc7"],
  [graph, "RoleManagement.ReadWrite.Directory", "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8"],
  [graph, "RoleAssignmentSchedule.ReadWrite.Directory", "dd199f4a-f148-40a4-a2ec-f0069cc799ec"],
  [graph, "AppRoleAssignment.ReadWrite.All", "06b708a9-e830-4db3-a914-8e69da51d44f"],
  [graph, "Application.Read.All", "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30"],
  [graph, "Application.ReadWrite.All", "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"],
  [graph, "UserAuthenticationMethod.ReadWrite.All", "50483e42-d915-4231-9639-7fdb7fd190e5"],
  [graph, "Policy.Read.All", "246dd0d5-5bd0-4def-940b-0421030a5b68"],
  [graph, "Policy.ReadWrite.ConditionalAccess", "01c0a623-fc9b-48e9-b794-0756f8e8f067"],
  [resourceAppIds.sharePointOnline, "Sites.FullControl.All", "678536fe-1083-478a-9c59-b99265e6b0d3"],
]);

/** OAuth2 scope ids (delegated permissions), keyed by id. */
export const delegatedPermissionIds = byId("delegated", [
  [graph, "User.Read", "e1fe6dd8-ba31-4d61-89e7-88639da4683d"],
  [graph, "offline_access", "7427e0e9-2fba-42fe-b0c0-848c9e6a8182"],
  [graph, "openid", "37f7f235-527c-4136-accd-4a02d197296e"],
  [graph, "profile", "14dad69e-099b-42c9-810b-d002981feec1"],
  [graph, "RoleAssignmentSchedule.ReadWrite.Directory", "8c026be3-8e26-4774-9372-8d5d6f21daff"],
  [resourceAppIds.exchangeOnline, "EWS.AccessAsUser.All", "3b5f3d61-589b-4a3c-a359-5dd4b5ee5bd5"],
]);

/**
 * Permissions that let their holder give itself or anyone any other power in the tenant (assign
 * directory roles, grant app roles, add credentials to apps, rewrite the directory). No backup needs
 * them, so the pack refuses them wherever they are declared, whatever the allow-list says.
 */
export const privilegedPermissionPatterns: readonly RegExp[] = [
  /^RoleManagement\./,
  /^RoleAssignmentSchedule\.ReadWrite\./,
  /^RoleEligibilitySchedule\.ReadWrite\./,
  /^AppRoleAssignment\.ReadWrite\.All$/,
  /^Application\.ReadWrite\.All$/,
  /^Directory\.ReadWrite\.All$/,
  /^Directory\.AccessAsUser\.All$/,
  /^DelegatedPermissionGrant\.ReadWrite\.All$/,
  /^Policy\.ReadWrite\./,
  /^UserAuthenticationMethod\.ReadWrite\.All$/,
];

export function isPrivilegedPermission(value: string): boolean {
  return privilegedPermissionPatterns.some((p) => p.test(value));
}

/** A permission id as a message shows it: its name when Microsoft publishes it, else the bare id. */
export function describePermissionId(id: string, kind: "application" | "delegated"): string {
  const known = (kind === "application" ? applicationPermissionIds : delegatedPermissionIds)[id];
  return known ? `${known.value} (${id})` : `unknown ${kind} permission id ${id}`;
}
