import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { resourceTypes } from "./resource-types";
import { known, typeOfUrn } from "./stack-view";
import { runtimeOfDynamicType, untrustedProviderReason } from "./trusted-dynamic-providers";

/** Built-in Azure role "Key Vault Secrets User" (read secret values, nothing else). */
const keyVaultSecretsUserRoleId = "4633458b-17de-408a-b874-0445c86b69e6";
/** Provider settings a stack may give a provider: the tenant, the cloud, the vault's subscription, the plugin version. */
const providerInputs = new Set(["version", "tenantId", "environment", "subscriptionId"]);

type Args = Pick<ResourceValidationArgs, "type" | "props" | "name" | "opts">;
/** Undefined when the resource of this (listed) type keeps the type's invariant, else what breaks it. */
type Invariant = (r: Args) => string | undefined;

const always: Invariant = () => undefined;

/** Whether a property is set: an unknown value in a preview will be. */
function isSet(read: () => unknown): boolean {
  try {
    const v = read();
    return v !== undefined && v !== null && v !== "";
  } catch (e) {
    if (e instanceof Error && / can't be known during preview$/.test(e.message)) return true;
    throw e;
  }
}

const underComponent =
  (component: string): Invariant =>
  (r) =>
    typeOfUrn(r.opts.parent) === component ? undefined : `it is not part of a ${component.split(":").pop()} component`;

const dynamic: Invariant = (r) =>
  untrustedProviderReason(
    r.type,
    known(() => r.props.__provider),
  );

/**
 * Every resource type the module declares, and what each must keep. A type not here fails, whatever its
 * name suggests: a program change that adds a directory role, a group membership, a credential, a
 * custom role or an Azure role assignment has to change this list, in front of the security reviewers.
 */
export const allowedResourceTypes: Readonly<Record<string, Invariant>> = {
  "pulumi:pulumi:Stack": always,
  "m365-backup:onboarding:TenantOnboarding": always,
  "m365-backup:identities:BackupIdentities": always,
  "m365-backup:identities:BackupServiceAccount": always,
  "m365-backup:identities:BackupAppConsent": always,
  "m365-backup:identities:CustomerBackupApp": always,
  "m365-backup:identities:BackupAccountSignIn": always,
  "m365-backup:identities:BackupPasswordVault": always,
  "m365-backup:tasks:BackupTasks": always,
  "m365-backup:rollout:TenantActivation": always,
  ...Object.fromEntries(Object.keys(runtimeOfDynamicType).map((t) => [t, dynamic])),
  // Who may hold a role, and for how long, is judged by the role policies of the pack.
  [resourceTypes.user]: always,
  [resourceTypes.directoryRoleAssignment]: always,
  [resourceTypes.servicePrincipal]: always,
  [resourceTypes.appRoleAssignment]: always,
  [resourceTypes.application]: underComponent("m365-backup:identities:CustomerBackupApp"),
  // The customer-owned backup app's own credential; no other app or principal gets one.
  "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential": underComponent(
    "m365-backup:identities:CustomerBackupApp",
  ),
  "azuread:index/applicationCertificate:ApplicationCertificate": underComponent("m365-backup:identities:CustomerBackupApp"),
  // Per user only: a grant without a user is consent for every user of the tenant (AllPrincipals).
  [resourceTypes.delegatedPermissionGrant]: (r) =>
    isSet(() => r.props.userObjectId) ? undefined : "it grants for all principals (no userObjectId): consent is per backup account only",
  [resourceTypes.conditionalAccessPolicy]: underComponent("m365-backup:identities:BackupAccountSignIn"),
  "azure-native:keyvault:Vault": underComponent("m365-backup:identities:BackupPasswordVault"),
  // Readers of the password vault, nothing else: an Owner or Contributor assignment fails.
  "azure-native:authorization:RoleAssignment": (r) => {
    const role = known(() => r.props.roleDefinitionId);
    if (typeof role === "string" && !role.toLowerCase().endsWith(`/${keyVaultSecretsUserRoleId}`))
      return `it assigns ${role}; only Key Vault Secrets User (${keyVaultSecretsUserRoleId}) on the password vault is allowed`;
    return underComponent("m365-backup:identities:BackupPasswordVault")(r);
  },
  ...Object.fromEntries(
    ["azuread", "azure-native", "pulumi-nodejs"].map((pkg) => [
      `pulumi:providers:${pkg}`,
      (r: Args) => {
        const extra = Object.keys(r.props).filter((k) => !providerInputs.has(k) && !k.startsWith("__"));
        return extra.length > 0 ? `it sets ${extra.join(", ")}: a provider here may set only ${[...providerInputs].join(", ")}` : undefined;
      },
    ]),
  ),
};

/** The allow-list's verdict on one resource, or undefined when it passes. */
export function resourceTypeViolation(r: Args): string | undefined {
  const invariant = allowedResourceTypes[r.type];
  if (invariant === undefined)
    return `${r.name} is a ${r.type}, which is not a resource type this module declares; remove it, or add the type with its invariant to policies/resource-types-allow-list.ts in a reviewed change.`;
  const broken = invariant(r);
  return broken === undefined ? undefined : `${r.name} (${r.type}) is refused: ${broken}.`;
}

export const resourceTypesAllowList: ResourceValidationPolicy = {
  name: "resource-types-allow-list",
  description:
    "Every resource in the stack is of a type the module declares, and keeps that type's invariant: dynamic resources run only the " +
    "module's reviewed providers, Azure roles go only to the password vault's readers, delegated grants are per user, credentials only " +
    "on the customer-owned backup app. A list of forbidden types is never complete; a list of allowed ones is.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const violation = resourceTypeViolation(args);
    if (violation) reportViolation(violation);
  },
};
