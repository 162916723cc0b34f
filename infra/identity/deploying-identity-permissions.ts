/**
 * What the identities that run the module need, derived from what the module does: every Microsoft
 * Graph call its runtimes make (tests/identities/deploying-identity-permissions.test.ts finds each
 * call's path in the code and fails when a row is missing or stale), every resource type the azuread
 * and azure-native providers manage for it, and Key Vault's data plane. Each row names the least
 * privileged permission the published page gives for an app-only caller, and the page.
 * docs/deploying-identity.md is generated from this table (npm run deploying-identity -- --write).
 */

/** writer: `pulumi up`, refresh and the daily pipeline; reader: `npm run coverage` (read-only). */
export type DeployingIdentity = "writer" | "reader";

/** The stack settings that decide whether a row applies; a row without one applies to every stack. */
export interface PermissionCondition {
  consent?: "vendor-app" | "customer-app";
  /** rollout.discovery: graph reads the tenant; config takes the counts from the stack file. */
  discovery?: "graph";
  /** exchange.globalAdministratorMethod as carried out: pim, or deadline (tenants without PIM). */
  globalAdministrator?: "pim" | "deadline";
  licensing?: "user" | "group";
  temporaryAccessPass?: true;
  keyVault?: true;
  blockInteractiveSignIn?: true;
  /** Reads Exchange's own mailbox types (rollout.discovery graph, lists mode). */
  mailboxTypes?: true;
}

export interface PermissionRow {
  /** A Graph call as the code makes it (`GET /users/{id}`), a provider's resource type token, or a data-plane operation. */
  what: string;
  kind: "graph" | "azuread" | "azure-native" | "key-vault";
  /** The module's resource or command that makes it. */
  usedBy: string;
  /** Least privileged application permission (Graph), or Azure role. */
  permission: string;
  /** An Entra role the identity must also hold, where the page says app permissions are not enough. */
  role?: string;
  identities: readonly DeployingIdentity[];
  when?: PermissionCondition;
  /** The page that says so. */
  source: string;
  /** Where the published pages disagree or say less than the row, said so. */
  note?: string;
}

const graphDocs = (page: string) => `https://learn.microsoft.com/graph/api/${page}`;
const azureadDocs = (resource: string) => `https://registry.terraform.io/providers/hashicorp/azuread/latest/docs/resources/${resource}`;
const writer: readonly DeployingIdentity[] = ["writer"];
const reader: readonly DeployingIdentity[] = ["reader"];
const both: readonly DeployingIdentity[] = ["writer", "reader"];
/** Updating or deleting a user who holds an administrator role needs a role above it ("Who can perform sensitive actions"). */
const sensitiveActions = "Privileged Authentication Administrator (the accounts hold administrator roles)";

export const graphCallPermissions: readonly PermissionRow[] = [
  // Discovery (the rollout's counts and lists; npm run coverage).
  {
    what: "GET /users/$count",
    kind: "graph",
    usedBy: "discovery (ActivationRollout)",
    permission: "User.Read.All",
    identities: writer,
    when: { discovery: "graph" },
    source: graphDocs("user-list"),
  },
  {
    what: "GET /users",
    kind: "graph",
    usedBy: "coverage (mailboxes and OneDrives by name)",
    permission: "User.Read.All",
    identities: reader,
    source: graphDocs("user-list"),
  },
  {
    what: "GET /users/delta",
    kind: "graph",
    usedBy: "discovery, lists mode (the daily cursor)",
    permission: "User.Read.All",
    identities: writer,
    when: { discovery: "graph" },
    source: graphDocs("user-delta"),
  },
  {
    what: "GET /users/{id}",
    kind: "graph",
    usedBy: "discovery (priority entries, changed users); LicenceAssignment (usage location, licences)",
    permission: "User.Read.All",
    identities: writer,
    source: graphDocs("user-get"),
  },
  {
    what: "GET /users/{id}/mailboxSettings/userPurpose",
    kind: "graph",
    usedBy: "discovery, lists mode (shared, room and equipment mailboxes)",
    permission: "MailboxSettings.Read",
    identities: writer,
    when: { discovery: "graph", mailboxTypes: true },
    source: graphDocs("user-get-mailboxsettings"),
  },
  {
    what: "GET /groups/$count",
    kind: "graph",
    usedBy: "discovery (Microsoft 365 groups, Teams)",
    permission: "GroupMember.Read.All",
    identities: writer,
    when: { discovery: "graph" },
    source: graphDocs("group-list"),
  },
  {
    what: "GET /groups",
    kind: "graph",
    usedBy: "discovery (priority groups), coverage (groups by name)",
    note: "one copy of the page lists Group-NestingSupport.ReadWrite.All first; Group.Read.All also works",
    permission: "GroupMember.Read.All",
    identities: both,
    source: graphDocs("group-list"),
  },
  {
    what: "GET /sites/getAllSites",
    kind: "graph",
    usedBy: "discovery (sites and OneDrives), coverage",
    permission: "Sites.Read.All",
    identities: both,
    when: { discovery: "graph" },
    source: graphDocs("site-getallsites"),
  },
  {
    what: "POST /$batch",
    kind: "graph",
    usedBy: "discovery (look-ups twenty at a time)",
    permission: "(none of its own: each request in it needs its own)",
    identities: writer,
    when: { discovery: "graph" },
    source: "https://learn.microsoft.com/graph/json-batching",
  },
  // Licences (LicenceAssignment) and the PIM check (DirectoryRoleAssignmentSchedule, auto).
  {
    what: "GET /subscribedSkus",
    kind: "graph",
    usedBy:
      "LicenceAssignment (free units); DirectoryRoleAssignmentSchedule (does the tenant have PIM?); discovery (SharePoint licences purchased)",
    note: "older copies of the page list Organization.Read.All",
    permission: "LicenseAssignment.Read.All",
    identities: writer,
    source: graphDocs("subscribedsku-list"),
  },
  {
    what: "POST /users/{id}/assignLicense",
    kind: "graph",
    usedBy: "LicenceAssignment (user mode)",
    permission: "LicenseAssignment.ReadWrite.All",
    identities: writer,
    when: { licensing: "user" },
    source: graphDocs("user-assignlicense"),
  },
  {
    what: "GET /groups/{id}",
    kind: "graph",
    usedBy: "LicenceAssignment (group mode: the group's SKUs)",
    permission: "GroupMember.Read.All",
    identities: writer,
    when: { licensing: "group" },
    source: graphDocs("group-get"),
  },
  {
    what: "GET /users/{id}/memberOf",
    kind: "graph",
    usedBy: "LicenceAssignment (group mode: membership)",
    permission: "Directory.Read.All",
    identities: writer,
    when: { licensing: "group" },
    source: graphDocs("user-list-memberof"),
  },
  {
    what: "POST /groups/{id}/members/$ref",
    kind: "graph",
    usedBy: "LicenceAssignment (group mode)",
    permission: "GroupMember.ReadWrite.All",
    identities: writer,
    when: { licensing: "group" },
    source: graphDocs("group-post-members"),
  },
  {
    what: "DELETE /groups/{id}/members/{id}/$ref",
    kind: "graph",
    usedBy: "LicenceAssignment (group mode)",
    permission: "GroupMember.ReadWrite.All",
    identities: writer,
    when: { licensing: "group" },
    source: graphDocs("group-delete-members"),
  },
  {
    what: "GET /roleManagement/directory/roleAssignments",
    kind: "graph",
    usedBy: "LicenceAssignment (group mode: the group holds no role); DirectoryRoleAssignmentSchedule (deadline)",
    permission: "RoleManagement.Read.Directory",
    identities: writer,
    source: graphDocs("rbacapplication-list-roleassignments"),
  },
  // The bootstrap Global Administrator (DirectoryRoleAssignmentSchedule).
  {
    what: "POST /roleManagement/directory/roleAssignmentScheduleRequests",
    kind: "graph",
    usedBy: "DirectoryRoleAssignmentSchedule (PIM)",
    permission: "RoleAssignmentSchedule.ReadWrite.Directory",
    identities: writer,
    when: { globalAdministrator: "pim" },
    source: graphDocs("rbacapplication-post-roleassignmentschedulerequests"),
  },
  {
    what: "GET /roleManagement/directory/roleAssignmentScheduleInstances",
    kind: "graph",
    usedBy: "DirectoryRoleAssignmentSchedule (PIM)",
    permission: "RoleAssignmentSchedule.Read.Directory",
    identities: writer,
    when: { globalAdministrator: "pim" },
    source: graphDocs("rbacapplication-list-roleassignmentscheduleinstances"),
  },
  {
    what: "POST /roleManagement/directory/roleAssignments",
    kind: "graph",
    usedBy: "DirectoryRoleAssignmentSchedule (deadline)",
    permission: "RoleManagement.ReadWrite.Directory",
    identities: writer,
    when: { globalAdministrator: "deadline" },
    source: graphDocs("rbacapplication-post-roleassignments"),
  },
  {
    what: "DELETE /roleManagement/directory/roleAssignments/{id}",
    kind: "graph",
    usedBy: "DirectoryRoleAssignmentSchedule (deadline)",
    permission: "RoleManagement.ReadWrite.Directory",
    identities: writer,
    when: { globalAdministrator: "deadline" },
    source: graphDocs("unifiedroleassignment-delete"),
  },
  // Sign-in (BackupAccountPassword, TemporaryAccessPass).
  {
    what: "PATCH /users/{id}",
    kind: "graph",
    usedBy: "BackupAccountPassword (passwordProfile)",
    permission: "User-PasswordProfile.ReadWrite.All",
    role: "at least User Administrator; Privileged Authentication Administrator for accounts that hold administrator roles, as these do",
    identities: writer,
    source: graphDocs("user-update"),
  },
  {
    what: "POST /users/{id}/authentication/temporaryAccessPassMethods",
    kind: "graph",
    usedBy: "TemporaryAccessPass",
    permission: "UserAuthMethod-TAP.ReadWrite.All",
    role: sensitiveActions,
    identities: writer,
    when: { temporaryAccessPass: true },
    source: graphDocs("authentication-post-temporaryaccesspassmethods"),
  },
  {
    what: "GET /users/{id}/authentication/temporaryAccessPassMethods/{id}",
    kind: "graph",
    usedBy: "TemporaryAccessPass (refresh)",
    permission: "UserAuthMethod-TAP.Read.All",
    identities: writer,
    when: { temporaryAccessPass: true },
    source: graphDocs("temporaryaccesspassauthenticationmethod-get"),
  },
  {
    what: "DELETE /users/{id}/authentication/temporaryAccessPassMethods/{id}",
    kind: "graph",
    usedBy: "TemporaryAccessPass (retired once the task is connected)",
    permission: "UserAuthMethod-TAP.ReadWrite.All",
    role: sensitiveActions,
    identities: writer,
    when: { temporaryAccessPass: true },
    source: graphDocs("authentication-delete-temporaryaccesspassmethods"),
  },
];

export const providerResourcePermissions: readonly PermissionRow[] = [
  {
    what: "azuread:index/user:User",
    kind: "azuread",
    usedBy: "BackupServiceAccount",
    permission: "User.ReadWrite.All",
    role: "Privileged Authentication Administrator, to update or delete an account that holds an administrator role",
    identities: writer,
    source: azureadDocs("user"),
  },
  {
    what: "azuread:index/directoryRoleAssignment:DirectoryRoleAssignment",
    kind: "azuread",
    usedBy: "BackupServiceAccount (Exchange, SharePoint, Teams Administrator)",
    permission: "RoleManagement.ReadWrite.Directory",
    role: "Privileged Role Administrator",
    identities: writer,
    source: azureadDocs("directory_role_assignment"),
  },
  {
    what: "azuread:index/servicePrincipal:ServicePrincipal",
    kind: "azuread",
    usedBy: "BackupAppConsent (the vendor's apps' principals: the deploy owns neither app nor principal, so not OwnedBy)",
    permission: "Application.ReadWrite.All",
    identities: writer,
    when: { consent: "vendor-app" },
    source: azureadDocs("service_principal"),
  },
  {
    what: "azuread:index/servicePrincipal:ServicePrincipal",
    kind: "azuread",
    usedBy: "CustomerBackupApp (its own app's principal, owned by the deploy)",
    permission: "Application.ReadWrite.OwnedBy",
    identities: writer,
    when: { consent: "customer-app" },
    source: azureadDocs("service_principal"),
  },
  {
    what: "azuread:index/application:Application",
    kind: "azuread",
    usedBy: "CustomerBackupApp",
    permission: "Application.ReadWrite.OwnedBy",
    identities: writer,
    when: { consent: "customer-app" },
    source: azureadDocs("application"),
  },
  {
    what: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
    kind: "azuread",
    usedBy: "CustomerBackupApp (federated credential)",
    permission: "Application.ReadWrite.OwnedBy",
    identities: writer,
    when: { consent: "customer-app" },
    source: azureadDocs("application_federated_identity_credential"),
  },
  {
    what: "azuread:index/applicationCertificate:ApplicationCertificate",
    kind: "azuread",
    usedBy: "CustomerBackupApp (certificate credential)",
    permission: "Application.ReadWrite.OwnedBy",
    identities: writer,
    when: { consent: "customer-app" },
    source: azureadDocs("application_certificate"),
  },
  {
    what: "azuread:index/appRoleAssignment:AppRoleAssignment",
    kind: "azuread",
    usedBy: "BackupAppConsent (application permissions)",
    permission: "AppRoleAssignment.ReadWrite.All",
    identities: writer,
    source: azureadDocs("app_role_assignment"),
  },
  {
    what: "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
    kind: "azuread",
    usedBy: "BackupAppConsent (delegated grants per account)",
    note: "the azuread page asks for Directory.ReadWrite.All; Graph's oauth2PermissionGrant create accepts DelegatedPermissionGrant.ReadWrite.All (assumption: the provider calls nothing more)",
    permission: "DelegatedPermissionGrant.ReadWrite.All",
    identities: writer,
    source: graphDocs("oauth2permissiongrant-post"),
  },
  {
    what: "azuread:index/getServicePrincipal:getServicePrincipal",
    kind: "azuread",
    usedBy: "BackupAppConsent, CustomerBackupApp (Microsoft's resource APIs' app role and scope ids)",
    permission: "Application.Read.All",
    identities: writer,
    source: "https://registry.terraform.io/providers/hashicorp/azuread/latest/docs/data-sources/service_principal",
  },
  {
    what: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy",
    kind: "azuread",
    usedBy: "BackupAccountSignIn (signIn.blockInteractiveSignIn)",
    permission: "Policy.ReadWrite.ConditionalAccess",
    identities: writer,
    when: { blockInteractiveSignIn: true },
    source: azureadDocs("conditional_access_policy"),
  },
  {
    what: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy",
    kind: "azuread",
    usedBy: "BackupAccountSignIn (signIn.blockInteractiveSignIn)",
    permission: "Policy.Read.All",
    identities: writer,
    when: { blockInteractiveSignIn: true },
    source: azureadDocs("conditional_access_policy"),
  },
  {
    what: "azure-native:keyvault:Vault",
    kind: "azure-native",
    usedBy: "BackupPasswordVault",
    permission: "Key Vault Contributor on the resource group",
    identities: writer,
    when: { keyVault: true },
    source: "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security#key-vault-contributor",
  },
  {
    what: "azure-native:authorization:RoleAssignment",
    kind: "azure-native",
    usedBy: "BackupPasswordVault (Key Vault Secrets User for secretReaderObjectIds)",
    permission: "Role Based Access Control Administrator on the vault",
    identities: writer,
    when: { keyVault: true },
    source: "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged#role-based-access-control-administrator",
  },
  {
    what: "PUT {vault}/secrets/{name}",
    kind: "key-vault",
    usedBy: "BackupAccountPassword, TemporaryAccessPass (written to the vault, never to state)",
    permission: "Key Vault Secrets Officer on the vault",
    identities: writer,
    when: { keyVault: true },
    source: "https://learn.microsoft.com/azure/key-vault/general/rbac-guide",
  },
];

export const deployingIdentityPermissions: readonly PermissionRow[] = [...graphCallPermissions, ...providerResourcePermissions];
