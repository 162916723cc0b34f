import type { ConsentSection } from "../config/sections/consent";
import { BackupService, serviceVocabulary } from "../services/backup-services";
import type { VendorPermission } from "./backup-app-permissions";

/** One vendor app the tenant consents to, and the services it backs up. */
export interface VendorBackupApp {
  appId: string;
  services: BackupService[];
  /** The vendor's published permissions for this app, when given, and the config key that lists them. */
  vendorPermissions?: readonly VendorPermission[];
  vendorPermissionsKey?: string;
  /**
   * Words added to the consent's resource names. Empty for vendorAppId's app: it keeps the names a
   * one-app stack already has, so a stack that gains a second app replaces none of the grants that stay.
   */
  nameSuffix: string;
}

/**
 * The vendor apps of a vendor-app consent, each with the enabled services it backs up: vendorAppId's
 * app takes every service vendorApps does not list (the config checks each service has one app).
 */
export function vendorBackupApps(
  consent: Extract<ConsentSection, { mode: "vendor-app" }>,
  enabled: readonly BackupService[],
): VendorBackupApp[] {
  const further = (consent.vendorApps ?? []).map((app, i) => ({
    ...app,
    index: i,
    services: enabled.filter((s) => app.services.includes(s)),
  }));
  const elsewhere = new Set(further.flatMap((app) => app.services));
  const primary: VendorBackupApp = {
    appId: consent.vendorAppId,
    services: enabled.filter((s) => !elsewhere.has(s)),
    ...(consent.vendorPermissions
      ? { vendorPermissions: consent.vendorPermissions, vendorPermissionsKey: "consent.vendorPermissions" }
      : {}),
    nameSuffix: "",
  };
  return [
    primary,
    ...further.map((app) => ({
      appId: app.appId,
      services: app.services,
      ...(app.vendorPermissions
        ? { vendorPermissions: app.vendorPermissions, vendorPermissionsKey: `consent.vendorApps[${app.index}].vendorPermissions` }
        : {}),
      nameSuffix: `-${app.services.map((s) => serviceVocabulary[s].accountWord).join("-")}`,
    })),
  ].filter((app) => app.services.length > 0);
}
