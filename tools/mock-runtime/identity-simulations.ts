import { applicationPermissionIds, delegatedPermissionIds, WellKnownPermission } from "../../policies/well-known-permissions";
import { stableGuid } from "./stable-guid";

/**
 * What Entra ID, Azure and Graph compute for the identities' resources, for offline evaluation. The
 * resource principals publish Microsoft's real permission names and ids, so a misspelt permission in
 * backup-app-permissions.ts fails offline too.
 */
type Simulate = (name: string, inputs: Record<string, unknown>) => Record<string, unknown>;

/**
 * The permissions each resource principal publishes, from the policy pack's table of Microsoft's
 * published ids: offline runs then register the same ids a real tenant would, and the pack resolves them.
 */
function publishedPermissions(): Record<string, { appRoles: Record<string, string>; scopes: Record<string, string> }> {
  const published: Record<string, { appRoles: Record<string, string>; scopes: Record<string, string> }> = {};
  const add = (table: Readonly<Record<string, WellKnownPermission>>, kind: "appRoles" | "scopes") => {
    for (const [id, p] of Object.entries(table)) {
      published[p.resourceAppId] ??= { appRoles: {}, scopes: {} };
      published[p.resourceAppId][kind][p.value] = id;
    }
  };
  add(applicationPermissionIds, "appRoles");
  add(delegatedPermissionIds, "scopes");
  return published;
}

export const identitySimulatedOutputs: Record<string, Simulate> = {
  "azuread:index/directoryRoleAssignment:DirectoryRoleAssignment": (name) => ({ id: stableGuid(`role-assignment:${name}`) }),
  "azuread:index/servicePrincipal:ServicePrincipal": (name) => ({
    objectId: stableGuid(`sp:${name}`),
    id: `/servicePrincipals/${stableGuid(`sp:${name}`)}`,
  }),
  "azuread:index/appRoleAssignment:AppRoleAssignment": (name) => ({ id: stableGuid(`app-role-assignment:${name}`) }),
  "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant": (name) => ({
    id: stableGuid(`grant:${name}`),
  }),
  "azuread:index/application:Application": (name) => ({
    objectId: stableGuid(`app-object:${name}`),
    clientId: stableGuid(`app-client:${name}`),
    id: `/applications/${stableGuid(`app-object:${name}`)}`,
  }),
  "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential": (name) => ({
    credentialId: stableGuid(`fic:${name}`),
  }),
  "azuread:index/applicationCertificate:ApplicationCertificate": (name) => ({ keyId: stableGuid(`cert:${name}`) }),
  "azure-native:keyvault:Vault": (name, inputs) => ({
    id: `/subscriptions/${stableGuid("subscription")}/resourceGroups/${String(inputs.resourceGroupName)}/providers/Microsoft.KeyVault/vaults/${String(inputs.vaultName ?? name)}`,
    name: inputs.vaultName ?? name,
    properties: {
      ...(inputs.properties as Record<string, unknown>),
      vaultUri: `https://${String(inputs.vaultName ?? name)}.vault.azure.net/`,
    },
  }),
  "pulumi-nodejs:dynamic/m365-backup:BackupAccountPassword": (_name, inputs) => {
    const vault = inputs.vault as { vaultUri?: string; secretName?: string } | undefined;
    return {
      vaultSecretId: vault
        ? `${String(vault.vaultUri).replace(/\/$/, "")}/secrets/${String(vault.secretName)}/${stableGuid(String(inputs.generation)).replace(/-/g, "")}`
        : "",
      setAt: new Date().toISOString(),
    };
  },
  "azure-native:authorization:RoleAssignment": (name) => ({ id: stableGuid(`arm-role-assignment:${name}`) }),
  "pulumi-nodejs:dynamic/m365-backup:DirectoryRoleAssignmentSchedule": (_name, inputs) => {
    const start = new Date();
    return {
      startDateTime: start.toISOString(),
      endDateTime: new Date(start.getTime() + Number(inputs.durationHours) * 3_600_000).toISOString(),
      state: "active",
    };
  },
  "pulumi-nodejs:dynamic/m365-backup:TemporaryAccessPass": (name, inputs) => {
    if (inputs.retired === true) return { methodId: "", vaultSecretId: "", expiresAt: "", state: "retired" };
    const vault = inputs.vault as { vaultUri?: string; secretName?: string };
    return {
      methodId: stableGuid(`tap:${name}`),
      // Where the pass waits, never the pass: the provider writes it to the vault only.
      vaultSecretId: `${String(vault.vaultUri).replace(/\/$/, "")}/secrets/${String(vault.secretName)}/${stableGuid(`tap-version:${name}`).replace(/-/g, "")}`,
      expiresAt: new Date(Date.now() + Number(inputs.lifetimeMinutes) * 60_000).toISOString(),
      state: "issued",
    };
  },
  "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy": (name) => ({ id: stableGuid(`ca:${name}`) }),
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
