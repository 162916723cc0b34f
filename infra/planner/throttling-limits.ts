/**
 * Microsoft's published Graph throttling limits the activation planner works from. Named here, in one
 * place, so a change in Microsoft's documentation is a one-line change with a visible diff.
 * docs/activation-planner.md explains how each one is used.
 */

/**
 * SharePoint and OneDrive limits by the tenant's licence count, as Microsoft publishes them in "Avoid
 * getting throttled or blocked in SharePoint Online" (https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online,
 * checked 2026-11-25; docs/facts.md). Band edges are inclusive: "0 - 1,000" means a tenant with exactly
 * 1,000 licences is in the first band. Per app and tenant there are two windows, a minute and 24 hours
 * (the 24-hour figure is 1,000 times the minute figure, not 1,440); per tenant, all apps together share
 * a 5-minute window.
 */
export const sharePointLimitBands: readonly {
  upToLicences: number;
  appUnitsPerMinute: number;
  appUnitsPer24Hours: number;
  tenantUnitsPer5Minutes: number;
}[] = [
  { upToLicences: 1_000, appUnitsPerMinute: 1_250, appUnitsPer24Hours: 1_200_000, tenantUnitsPer5Minutes: 18_750 },
  { upToLicences: 5_000, appUnitsPerMinute: 2_500, appUnitsPer24Hours: 2_400_000, tenantUnitsPer5Minutes: 37_500 },
  { upToLicences: 15_000, appUnitsPerMinute: 3_750, appUnitsPer24Hours: 3_600_000, tenantUnitsPer5Minutes: 56_250 },
  { upToLicences: 50_000, appUnitsPerMinute: 5_000, appUnitsPer24Hours: 4_800_000, tenantUnitsPer5Minutes: 75_000 },
  { upToLicences: Number.POSITIVE_INFINITY, appUnitsPerMinute: 6_250, appUnitsPer24Hours: 6_000_000, tenantUnitsPer5Minutes: 93_750 },
];

/**
 * Share of the tenant-wide SharePoint bucket the backup may plan to use: every other app of the tenant
 * (search, sync, migration tools, the customer's own scripts) draws on the same bucket. **Assumption**
 * (Microsoft publishes the bucket, not how tenants use it); with it the per-app 24-hour window stays the
 * binding one in every band.
 */
export const tenantBucketShareForBackup = 0.5;

/** What SharePoint charges per call, in resource units. */
export const sharePointCallCost = { singleItemRead: 1, listOrWrite: 2, permission: 5 } as const;

/** Exchange (Outlook through Graph): requests per app and mailbox in each 10-minute window. */
export const exchangeRequestsPerMailboxPer10Minutes = 10_000;
/** Exchange: concurrent requests per app and mailbox. */
export const exchangeConcurrentRequestsPerMailbox = 4;

/**
 * Directory (identity and access) reads: resource units per 10 seconds per app and tenant, by tenant
 * size: small (under 50 users), medium (50-500), large (over 500). Source: "Identity and access service
 * limits" in https://learn.microsoft.com/graph/throttling-limits (docs/facts.md).
 */
export const directoryResourceUnitsPer10Seconds: readonly { upToUsers: number; unitsPer10Seconds: number }[] = [
  { upToUsers: 49, unitsPer10Seconds: 3_500 },
  { upToUsers: 500, unitsPer10Seconds: 5_000 },
  { upToUsers: Number.POSITIVE_INFINITY, unitsPer10Seconds: 8_000 },
];

/** A `GET users` page costs 2 directory units, one less with `$select`. */
export const directoryUserListCost = { plain: 2, withSelect: 1 } as const;

/** Largest page Graph returns for directory lists. */
export const graphMaxPageSize = 999;

export const minutesPerDay = 24 * 60;

/** The SharePoint licence band of a tenant with this many licences (edges inclusive). */
export function sharePointBand(licensedUsers: number): (typeof sharePointLimitBands)[number] {
  return sharePointLimitBands.find((b) => licensedUsers <= b.upToLicences)!;
}

/** Resource units per minute per app and tenant (the emulator's window). */
export function sharePointUnitsPerMinute(licensedUsers: number): number {
  return sharePointBand(licensedUsers).appUnitsPerMinute;
}

/** The SharePoint windows over one day, per scope they bind, and which one binds the backup app. */
export interface SharePointDailyLimits {
  /** The minute window run all day: appUnitsPerMinute x 1,440. */
  appMinuteWindow: number;
  /** The app's 24-hour window. */
  app24Hours: number;
  /** The backup's planned share of the tenant-wide 5-minute window over a day (x 288 x share). */
  tenantShare: number;
  /** The smallest of the three: what a day can spend at 100%. */
  binding: number;
  bindingWindow: "app-minute" | "app-24h" | "tenant-5min";
}

export function sharePointDailyLimits(licensedUsers: number): SharePointDailyLimits {
  const band = sharePointBand(licensedUsers);
  const windows = {
    "app-minute": band.appUnitsPerMinute * minutesPerDay,
    "app-24h": band.appUnitsPer24Hours,
    "tenant-5min": Math.floor(band.tenantUnitsPer5Minutes * (minutesPerDay / 5) * tenantBucketShareForBackup),
  } as const;
  const [bindingWindow, binding] = (Object.entries(windows) as [SharePointDailyLimits["bindingWindow"], number][]).reduce((a, b) =>
    b[1] < a[1] ? b : a,
  );
  return {
    appMinuteWindow: windows["app-minute"],
    app24Hours: windows["app-24h"],
    tenantShare: windows["tenant-5min"],
    binding,
    bindingWindow,
  };
}

export function directoryUnitsPer10Seconds(users: number): number {
  return directoryResourceUnitsPer10Seconds.find((b) => users <= b.upToUsers)!.unitsPer10Seconds;
}
