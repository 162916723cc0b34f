import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { ConsentSection } from "../infra/config/sections/consent";
import type { BackupService } from "../infra/services/backup-services";
import { GrantedPermission, ResourceApi, resourceAppIds } from "../infra/identity/backup-app-permissions";
import { DelegatedGrantee, BackupAppConsent } from "./backup-app-consent";

type CustomerAppConfig = Extract<ConsentSection, { mode: "customer-app" }>;

export interface CustomerBackupAppArgs {
  /** The customer-app consent config: display name and credential. */
  readonly config: CustomerAppConfig;
  /** The services the app backs up. */
  readonly services: readonly BackupService[];
  /** Every permission the app holds. */
  readonly permissions: readonly GrantedPermission[];
  /** Delegated grants per backup account. */
  readonly grantees: readonly DelegatedGrantee[];
}

/**
 * A backup app registration the customer owns, for vendors that support it: single-tenant app,
 * service principal, the same consent as the vendor-app mode, and a credential the vendor presents
 * that holds no shared secret: a federated identity or a public certificate, never a client secret.
 */
export class CustomerBackupApp extends pulumi.ComponentResource {
  public readonly application: azuread.Application;
  public readonly clientId: pulumi.Output<string>;
  public readonly consent: BackupAppConsent;

  constructor(name: string, args: CustomerBackupAppArgs, opts?: pulumi.ComponentResourceOptions) {
    const credential = args.config.credential;
    super(
      "m365-backup:identities:CustomerBackupApp",
      name,
      { displayName: args.config.displayName, credentialKind: credential.kind, services: [...args.services] },
      opts,
    );

    // Declared on the app too, so its API permissions blade lists what the grants below consent to.
    const resources = [...new Set(args.permissions.map((p) => p.resource))];
    const requiredResourceAccesses = resources.map((resource: ResourceApi) => {
      const sp = azuread.getServicePrincipalOutput({ clientId: resourceAppIds[resource] }, { parent: this });
      const wanted = args.permissions.filter((p) => p.resource === resource);
      return {
        resourceAppId: resourceAppIds[resource],
        resourceAccesses: pulumi.all([sp.appRoleIds, sp.oauth2PermissionScopeIds]).apply(([roles, scopes]) =>
          wanted.flatMap((p) => {
            const id = p.kind === "application" ? roles[p.value] : scopes[p.value];
            return id ? [{ id, type: p.kind === "application" ? "Role" : "Scope" }] : [];
          }),
        ),
      };
    });

    this.application = new azuread.Application(
      `${name}-app`,
      { displayName: args.config.displayName, signInAudience: "AzureADMyOrg", preventDuplicateNames: true, requiredResourceAccesses },
      { parent: this },
    );

    if (credential.kind === "federated") {
      new azuread.ApplicationFederatedIdentityCredential(
        `${name}-federated`,
        {
          applicationId: this.application.id,
          displayName: "backup-vendor",
          description: "The backup vendor's workload identity; no shared secret exists.",
          issuer: credential.issuer,
          subject: credential.subject,
          audiences: credential.audiences,
        },
        { parent: this },
      );
    } else {
      new azuread.ApplicationCertificate(
        `${name}-certificate`,
        {
          applicationId: this.application.id,
          type: "AsymmetricX509Cert",
          encoding: "pem",
          value: credential.certificatePem,
          ...(credential.endDate ? { endDate: credential.endDate } : {}),
        },
        { parent: this },
      );
    }

    this.consent = new BackupAppConsent(
      `${name}-consent`,
      {
        mode: "customer-app",
        appId: this.application.clientId,
        services: args.services,
        permissions: args.permissions,
        grantees: args.grantees,
      },
      { parent: this },
    );
    this.clientId = this.application.clientId;
    this.registerOutputs({ clientId: this.clientId, servicePrincipalObjectId: this.consent.servicePrincipalObjectId });
  }
}
