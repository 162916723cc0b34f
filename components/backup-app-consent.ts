import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { BackupService } from "../infra/services/backup-services";
import { configNamespace } from "../infra/config/errors";
import { GrantedPermission, ResourceApi, resourceApiSlugs, resourceAppIds } from "../infra/identity/backup-app-permissions";
import { serviceAccountWords } from "../infra/services/service-account-naming";

/** A backup account that signs in to the app, and the delegated scopes it signs in with per resource API. */
export interface DelegatedGrantee {
  readonly service: BackupService;
  readonly userObjectId: pulumi.Input<string>;
  readonly scopes: ReadonlyMap<ResourceApi, readonly string[]>;
}

export interface BackupAppConsentArgs {
  /** vendor-app: the vendor's multi-tenant app; customer-app: an app registration the customer owns. */
  readonly mode: "vendor-app" | "customer-app";
  /** Application (client) id of the backup app. */
  readonly appId: pulumi.Input<string>;
  /** The services the consent covers. */
  readonly services: readonly BackupService[];
  /** Every permission the app holds, application and delegated (from backup-app-permissions). */
  readonly permissions: readonly GrantedPermission[];
  /** Delegated grants, scoped to the backup accounts rather than to every user of the tenant. */
  readonly grantees: readonly DelegatedGrantee[];
}

/** Lower-case, dot-free permission words for logical names (Mail.ReadWrite -> mail-readwrite). */
export function permissionSlug(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

function requireId(ids: Record<string, string>, value: string, kind: string, resource: ResourceApi, configKey?: string): string {
  const id = ids[value];
  if (!id) {
    const known = `known: ${Object.keys(ids).slice(0, 12).join(", ")}...`;
    // A name from the stack file is the stack file's mistake; one from the module's own table is the module's.
    throw new Error(
      configKey
        ? `${configNamespace}:${configKey}.value = ${JSON.stringify(value)}: ${resource} publishes no ${kind} of that name (${known}). Fix: pulumi config set --path '${configKey}.value' <the vendor's published name>.`
        : `${resource} publishes no ${kind} named ${value}; fix infra/identity/backup-app-permissions.ts (${known}).`,
    );
  }
  return id;
}

/**
 * Admin consent as code (guide stages 2-3): the backup app's service principal in the tenant, one app
 * role assignment per application permission and one delegated grant per backup account and resource
 * API. One consent per backup app, never one per account: the vendor's app (a vendor may have one
 * app per workload; each is consented to its own services only) or a customer-owned one (`mode`).
 */
export class BackupAppConsent extends pulumi.ComponentResource {
  public readonly servicePrincipal: azuread.ServicePrincipal;
  public readonly servicePrincipalObjectId: pulumi.Output<string>;
  public readonly appRoleAssignments: azuread.AppRoleAssignment[];
  public readonly delegatedGrants: azuread.ServicePrincipalDelegatedPermissionGrant[];

  constructor(name: string, args: BackupAppConsentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      "m365-backup:identities:BackupAppConsent",
      name,
      {
        mode: args.mode,
        appId: args.appId,
        services: [...args.services],
        permissions: args.permissions.map((p) => ({ resourceAppId: p.resourceAppId, kind: p.kind, value: p.value })),
      },
      // Registered as VendorAppConsent before it served customer-owned apps too: the alias keeps deployed stacks' resources.
      { ...opts, aliases: [...(opts?.aliases ?? []), { type: "m365-backup:identities:VendorAppConsent" }] },
    );

    // useExisting adopts the principal the vendor's first sign-in may already have created. The vendor's
    // principal may serve other tasks in the tenant, so destroying the stack revokes this consent (the
    // grants below) but leaves the principal; a customer-owned app's principal goes with its app.
    this.servicePrincipal = new azuread.ServicePrincipal(
      `${name}-sp`,
      { clientId: args.appId, useExisting: true },
      { parent: this, retainOnDelete: args.mode === "vendor-app" },
    );
    const principalId = this.servicePrincipal.objectId;

    const resources = [...new Set(args.permissions.map((p) => p.resource))];
    const configKeyOf = (resource: ResourceApi, value: string) =>
      args.permissions.find((p) => p.resource === resource && p.kind === "delegated" && p.value === value)?.configKey;
    // Microsoft's own resource principals are read, never managed: destroying the stack must not touch them.
    const resourceSps = new Map(
      resources.map((r) => [r, azuread.getServicePrincipalOutput({ clientId: resourceAppIds[r] }, { parent: this })] as const),
    );

    this.appRoleAssignments = args.permissions
      .filter((p) => p.kind === "application")
      .map((p) => {
        const sp = resourceSps.get(p.resource)!;
        return new azuread.AppRoleAssignment(
          `${name}-${resourceApiSlugs[p.resource]}-${permissionSlug(p.value)}`,
          {
            appRoleId: sp.appRoleIds.apply((ids) => requireId(ids, p.value, "app role", p.resource, p.configKey)),
            principalObjectId: principalId,
            resourceObjectId: sp.objectId,
          },
          { parent: this },
        );
      });

    this.delegatedGrants = args.grantees.flatMap((g) =>
      [...g.scopes.entries()].map(([resource, scopes]) => {
        const sp = resourceSps.get(resource);
        if (!sp)
          throw new Error(
            `delegated scopes for ${resource} are not among the consent's permissions; add them to backup-app-permissions.ts`,
          );
        return new azuread.ServicePrincipalDelegatedPermissionGrant(
          `${name}-${resourceApiSlugs[resource]}-grant-${serviceAccountWords[g.service]}`,
          {
            servicePrincipalObjectId: principalId,
            resourceServicePrincipalObjectId: sp.objectId,
            claimValues: sp.oauth2PermissionScopeIds.apply((ids) =>
              scopes.map((s) => (requireId(ids, s, "delegated scope", resource, configKeyOf(resource, s)), s)),
            ),
            userObjectId: g.userObjectId,
          },
          { parent: this },
        );
      }),
    );

    this.servicePrincipalObjectId = principalId;
    // The engine keeps a component's registered outputs as its state: the pack's one-app-per-workload check reads the services there.
    this.registerOutputs({ servicePrincipalObjectId: principalId, appId: args.appId, services: [...args.services] });
  }
}
