import { stableGuid } from "./offline-mocks";

/**
 * What Entra ID, Azure and Graph compute for the identities' resources, for offline evaluation. The
 * resource principals publish Microsoft's real permission names (ids are real where well known,
 * stable GUIDs otherwise), so a misspelt permission in backup-app-permissions.ts fails offline too.
 */
type Simulate = (name: string, inputs: Record<string, unknown>) => Record<string, unknown>;

// A function, not a constant: offline-mocks imports this module, so stableGuid is not ready at load time.
const publishedPermissions = (): Record<string, { appRoles: Record<string, string>; scopes: Record<string, string> }> => ({
  // Microsoft Graph
  "00000003-0000-0000-c000-000000000000": {
    appRoles: {
      "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
      "Mail.Read": "810c84a8-4a9e-49e6-bf7d-12d183f40d01",
      "Mail.ReadWrite": "e2a3a72e-5f79-4c64-b1b1-878b674786c9",
      "Calendars.ReadWrite": "ef54d2bf-783f-4e0f-bca1-3210c0444d99",
      "Contacts.ReadWrite": "6918b873-d17a-4dc1-b314-35f528134491",
      "MailboxSettings.Read": stableGuid("graph:MailboxSettings.Read"),
      "Sites.ReadWrite.All": "9492366f-7969-46a4-8d15-ed1a20078fff",
      "Sites.FullControl.All": "a82116e5-55eb-4c41-a434-62fe8a61c773",
      "Files.ReadWrite.All": "75359482-378d-4052-8f01-80520e7db3cd",
      "Group.Read.All": "5b567255-7703-4780-807c-7be8301ae99b",
      "Group.ReadWrite.All": "62a82d76-70ea-41e2-9197-370581804d09",
      "ChannelMessage.Read.All": "7b2449af-6ccd-4f4d-9f78-e550c193f0d1",
      "TeamSettings.ReadWrite.All": "bdd80a03-d9bc-451d-b7c4-ce7c63fe3c8f",
    },
    scopes: {
      "User.Read": "e1fc5e2b-8f7b-4e4b-8ad6-9a8e6e8a4d2c",
      offline_access: "7427e0e9-2fba-42fe-b0c0-848c9e6a8182",
      openid: "37f7f235-527c-4136-accd-4a02d197296e",
    },
  },
  // Office 365 Exchange Online
  "00000002-0000-0ff1-ce00-000000000000": {
    appRoles: { full_access_as_app: "dc890d15-9560-4a4c-9b7f-a736ec74ec40", "Exchange.ManageAsApp": "dc50a0fb-09a3-484d-be87-e023b12c6440" },
    scopes: { "EWS.AccessAsUser.All": "3b5f3d61-589b-4a3c-a359-5dd4b5ee5bd5" },
  },
  // Office 365 SharePoint Online
  "00000003-0000-0ff1-ce00-000000000000": {
    appRoles: { "Sites.FullControl.All": "678536fe-1083-478a-9c59-b99265e6b0d3", "Sites.ReadWrite.All": "fbcd29d2-fcca-4405-aded-518d457caae4" },
    scopes: { "AllSites.FullControl": "56680e0d-d2a3-4ae1-80d8-3c4f2100e3d0" },
  },
});

export const identitySimulatedOutputs: Record<string, Simulate> = {
  "azuread:index/directoryRoleAssignment:DirectoryRoleAssignment": (name) => ({ id: stableGuid(`role-assignment:${name}`) }),
  "azuread:index/servicePrincipal:ServicePrincipal": (name) => ({ objectId: stableGuid(`sp:${name}`), id: `/servicePrincipals/${stableGuid(`sp:${name}`)}` }),
  "azuread:index/appRoleAssignment:AppRoleAssignment": (name) => ({ id: stableGuid(`app-role-assignment:${name}`) }),
  "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant": (name) => ({ id: stableGuid(`grant:${name}`) }),
  "azuread:index/application:Application": (name) => ({
    objectId: stableGuid(`app-object:${name}`),
    clientId: stableGuid(`app-client:${name}`),
    id: `/applications/${stableGuid(`app-object:${name}`)}`,
  }),
  "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential": (name) => ({ credentialId: stableGuid(`fic:${name}`) }),
  "azuread:index/applicationCertificate:ApplicationCertificate": (name) => ({ keyId: stableGuid(`cert:${name}`) }),
  "azure-native:keyvault:Vault": (name, inputs) => ({
    id: `/subscriptions/${stableGuid("subscription")}/resourceGroups/${String(inputs.resourceGroupName)}/providers/Microsoft.KeyVault/vaults/${String(inputs.vaultName ?? name)}`,
    name: inputs.vaultName ?? name,
    properties: { ...(inputs.properties as Record<string, unknown>), vaultUri: `https://${String(inputs.vaultName ?? name)}.vault.azure.net/` },
  }),
  "azure-native:keyvault:Secret": (name, inputs) => ({ id: `${String(inputs.vaultName)}/secrets/${String(inputs.secretName ?? name)}` }),
  "azure-native:authorization:RoleAssignment": (name) => ({ id: stableGuid(`arm-role-assignment:${name}`) }),
  "pulumi-nodejs:dynamic/m365-backup:LicenceAssignment": (_name, inputs) => ({
    skuIds: Object.fromEntries(((inputs.skuPartNumbers as string[] | undefined) ?? []).map((p) => [p, stableGuid(`sku:${p}`)])),
  }),
};

export const identitySimulatedCalls: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
  "azuread:index/getServicePrincipal:getServicePrincipal": (inputs) => {
    const clientId = String(inputs.clientId);
    const published = publishedPermissions()[clientId];
    if (!published) throw new Error(`offline evaluation knows no service principal with clientId ${clientId}`);
    return {
      clientId,
      objectId: stableGuid(`resource-sp:${clientId}`),
      id: `/servicePrincipals/${stableGuid(`resource-sp:${clientId}`)}`,
      appRoleIds: published.appRoles,
      oauth2PermissionScopeIds: published.scopes,
    };
  },
};
