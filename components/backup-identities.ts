import * as pulumi from "@pulumi/pulumi";
import type { TenantConfig } from "../infra/config/schema";
import { BackupService } from "../infra/services/backup-services";
import { enabledServices } from "../infra/config/sections/services";
import { delegatedScopesFor, permissionsFor, VendorPermission } from "../infra/identity/backup-app-permissions";
import { vendorBackupApps } from "../infra/identity/backup-apps";
import { directoryRolesFor } from "../infra/identity/directory-roles";
import { backupAccountUpn, serviceAccountResourceName } from "../infra/services/service-account-naming";
import { BackupPasswordVault, passwordSecretName } from "./backup-password-vault";
import { BackupServiceAccount } from "./backup-service-account";
import { CustomerBackupApp } from "./customer-backup-app";
import { BackupAppConsent } from "./backup-app-consent";

export interface BackupIdentitiesArgs {
  /** The config sections the identities are made from. */
  readonly config: Pick<TenantConfig, "tenant" | "services" | "accounts" | "exchange" | "consent" | "keyVault">;
}

/** Services the guide says should be licensed (Exchange only needs it for Public Folders). */
const licenceRecommended: readonly BackupService[] = ["sharepoint", "onedrive", "groupsTeams"];

/**
 * Everything the backup vendor signs in with (guide stages 1-3): one service account per enabled
 * service with its role and licences, the admin consent of the backup app (one per workload at most), and optionally a Key
 * Vault holding the passwords.
 */
export class BackupIdentities extends pulumi.ComponentResource {
  /** The backup account of each enabled service; backup tasks depend on these. */
  public readonly accounts: Partial<Record<BackupService, BackupServiceAccount>>;
  /** The consent of each backup app (one per workload at most), vendorAppId's or the customer-owned app first. */
  public readonly consents: BackupAppConsent[];
  /** The consent of vendorAppId's app, or of the customer-owned app. */
  public readonly consent: BackupAppConsent;
  /** Object id of that app's service principal in the tenant. */
  public readonly consentPrincipalObjectId: pulumi.Output<string>;
  public readonly passwordVault?: BackupPasswordVault;
  /** UPN per enabled service. */
  public readonly userPrincipalNames: pulumi.Output<Partial<Record<BackupService, string>>>;
  /** Entra ID object id per enabled service. */
  public readonly objectIds: pulumi.Output<Partial<Record<BackupService, string>>>;

  constructor(name: string, args: BackupIdentitiesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("m365-backup:identities:BackupIdentities", name, {}, opts);
    const c = args.config;
    const services = enabledServices(c.services);
    const licensing = c.accounts.licensing;

    // First, so that each account's password is written into it and nowhere else.
    if (c.keyVault) {
      this.passwordVault = new BackupPasswordVault(
        `${name}-passwords`,
        { config: c.keyVault, tenantId: c.tenant.id, services },
        { parent: this },
      );
    }
    const vault = this.passwordVault;

    this.accounts = {};
    for (const service of services) {
      const skus = licensing.skus[service];
      if (licensing.mode === "user" && skus.length === 0 && licenceRecommended.includes(service)) {
        pulumi.log.warn(
          `The ${service} backup account is unlicensed; the vendor's guide asks for a licence. Set accounts.licensing.skus.${service}.`,
          this,
        );
      }
      this.accounts[service] = new BackupServiceAccount(
        serviceAccountResourceName(name, service),
        {
          service,
          userPrincipalName: backupAccountUpn(c.accounts.namingPattern, service, c.tenant.primaryDomain),
          usageLocation: c.accounts.usageLocation,
          roles: directoryRolesFor(service, c.exchange.rolePhase),
          ...(service === "exchange"
            ? { rolePhase: c.exchange.rolePhase, rotatePasswordOnDemotion: c.exchange.rotatePasswordOnDemotion }
            : {}),
          skuPartNumbers: skus,
          licensingMode: licensing.mode,
          ...(licensing.groupObjectId ? { licensingGroupObjectId: licensing.groupObjectId } : {}),
          passwordGeneration: c.accounts.passwordGeneration,
          ...(vault ? { passwordVault: { vaultUri: vault.vaultUri, secretName: passwordSecretName(service) } } : {}),
          ...(service === "exchange"
            ? {
                globalAdministrator: {
                  hours: c.exchange.globalAdministratorHours,
                  grant: c.exchange.globalAdministratorGrant,
                  method: c.exchange.globalAdministratorMethod,
                },
              }
            : {}),
        },
        { parent: this },
      );
    }

    if (c.exchange.backupPublicFolders && c.services.exchange) {
      pulumi.log.warn(
        "exchange.backupPublicFolders is deprecated: Public Folders backup goes through EWS, which Exchange Online blocks by default from 1 October 2026 (the app must be allow-listed, EWSAllowedAppIDs) and shuts down on 1 April 2027. Set it to false.",
        this,
      );
    }
    // Each app is consented to its own services' permissions, and only their accounts sign in to it.
    const consentArgs = (
      appServices: readonly BackupService[],
      vendorPermissions?: readonly VendorPermission[],
      vendorPermissionsKey?: string,
    ) => {
      const scopeOptions = {
        backupPublicFolders: c.exchange.backupPublicFolders,
        ...(vendorPermissions ? { vendorPermissions, vendorPermissionsKey } : {}),
      };
      return {
        services: appServices,
        permissions: permissionsFor(appServices, scopeOptions),
        grantees: appServices.map((service) => ({
          service,
          userObjectId: this.accounts[service]!.objectId,
          scopes: delegatedScopesFor(service, scopeOptions),
        })),
      };
    };
    if (c.consent.mode === "vendor-app") {
      this.consents = vendorBackupApps(c.consent, services).map(
        (app) =>
          new BackupAppConsent(
            `${name}-consent${app.nameSuffix}`,
            { mode: "vendor-app", appId: app.appId, ...consentArgs(app.services, app.vendorPermissions, app.vendorPermissionsKey) },
            { parent: this },
          ),
      );
    } else {
      const app = new CustomerBackupApp(
        `${name}-app`,
        { config: c.consent, ...consentArgs(services, c.consent.vendorPermissions, "consent.vendorPermissions") },
        { parent: this },
      );
      this.consents = [app.consent];
    }
    this.consent = this.consents[0]!;
    this.consentPrincipalObjectId = this.consent.servicePrincipalObjectId;

    const accounts = Object.entries(this.accounts);
    this.userPrincipalNames = pulumi.output(Object.fromEntries(accounts.map(([s, a]) => [s, a.userPrincipalName])));
    this.objectIds = pulumi.output(Object.fromEntries(accounts.map(([s, a]) => [s, a.objectId])));
    this.registerOutputs({
      userPrincipalNames: this.userPrincipalNames,
      objectIds: this.objectIds,
      consentPrincipalObjectId: this.consentPrincipalObjectId,
    });
  }
}
