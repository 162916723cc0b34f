/**
 * Type tokens and well-known ids the policies match on. The pack is self-contained (it is published
 * and run on its own), so it restates the guide's facts instead of importing the program's tables:
 * a change that widens a role or a permission in the program must also pass a review of the policy.
 */
export const resourceTypes = {
  user: "azuread:index/user:User",
  directoryRoleAssignment: "azuread:index/directoryRoleAssignment:DirectoryRoleAssignment",
  directoryRoleEligibilityScheduleRequest: "azuread:index/directoryRoleEligibilityScheduleRequest:DirectoryRoleEligibilityScheduleRequest",
  directoryRoleAssignmentSchedule: "pulumi-nodejs:dynamic/m365-backup:DirectoryRoleAssignmentSchedule",
  temporaryAccessPass: "pulumi-nodejs:dynamic/m365-backup:TemporaryAccessPass",
  conditionalAccessPolicy: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy",
  application: "azuread:index/application:Application",
  servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
  appRoleAssignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
  delegatedPermissionGrant: "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
  licenceAssignment: "pulumi-nodejs:dynamic/m365-backup:LicenceAssignment",
  backupTask: "pulumi-nodejs:dynamic/m365-backup:BackupTask",
  activationRollout: "pulumi-nodejs:dynamic/m365-backup:ActivationRollout",
  backupServiceAccount: "m365-backup:identities:BackupServiceAccount",
  backupAppConsent: "m365-backup:identities:BackupAppConsent",
} as const;

/** Built-in Entra ID directory role template ids (identical in every tenant). */
export const roleTemplateIds = {
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
  exchangeAdministrator: "29232cdf-9323-42fd-ade2-1d097af3e4de",
  sharePointAdministrator: "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
  teamsAdministrator: "69091246-20e8-4a56-aa4d-066075b2a7a8",
} as const;

export const roleNames: Readonly<Record<string, string>> = {
  [roleTemplateIds.globalAdministrator]: "Global Administrator",
  [roleTemplateIds.exchangeAdministrator]: "Exchange Administrator",
  [roleTemplateIds.sharePointAdministrator]: "SharePoint Administrator",
  [roleTemplateIds.teamsAdministrator]: "Teams Administrator",
};

/** The longest Global Administrator assignment the pack accepts (the config caps it too). */
export const maxGlobalAdministratorHours = 168;

/** A role template id with its name when known, for messages. */
export function describeRole(id: string): string {
  return roleNames[id] ? `${roleNames[id]} (${id})` : id;
}

/** Resource application ids of the APIs a backup app is consented to. */
export const resourceAppIds = {
  microsoftGraph: "00000003-0000-0000-c000-000000000000",
  exchangeOnline: "00000002-0000-0ff1-ce00-000000000000",
  sharePointOnline: "00000003-0000-0ff1-ce00-000000000000",
} as const;

export const backupServices = ["exchange", "sharepoint", "onedrive", "groupsTeams"] as const;
export type BackupService = (typeof backupServices)[number];

/** The Exchange delegated scope that exists only when Public Folders are backed up (EWS). */
export const publicFoldersScope = "EWS.AccessAsUser.All";
