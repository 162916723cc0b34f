/**
 * Microsoft's published Graph throttling limits the activation planner works from. Named here, in one
 * place, so a change in Microsoft's documentation is a one-line change with a visible diff.
 * docs/activation-planner.md explains how each one is used.
 */

/** SharePoint and OneDrive: resource units per minute, per app and tenant, by licence count (upper bounds exclusive). */
export const sharePointResourceUnitsPerMinute: readonly { belowLicences: number; unitsPerMinute: number }[] = [
  { belowLicences: 1_000, unitsPerMinute: 1_200 },
  { belowLicences: 5_000, unitsPerMinute: 2_400 },
  { belowLicences: 15_000, unitsPerMinute: 3_600 },
  { belowLicences: 50_000, unitsPerMinute: 4_800 },
  { belowLicences: Number.POSITIVE_INFINITY, unitsPerMinute: 6_000 },
];

/** What SharePoint charges per call, in resource units. */
export const sharePointCallCost = { singleItemRead: 1, listOrWrite: 2, permission: 5 } as const;

/** Exchange (Outlook through Graph): requests per app and mailbox in each 10-minute window. */
export const exchangeRequestsPerMailboxPer10Minutes = 10_000;
/** Exchange: concurrent requests per app and mailbox. */
export const exchangeConcurrentRequestsPerMailbox = 4;

/** Directory reads: resource units per 10 seconds per app and tenant, by user count (upper bounds exclusive). */
export const directoryResourceUnitsPer10Seconds: readonly { belowUsers: number; unitsPer10Seconds: number }[] = [
  { belowUsers: 50, unitsPer10Seconds: 3_500 },
  { belowUsers: 500, unitsPer10Seconds: 5_000 },
  { belowUsers: Number.POSITIVE_INFINITY, unitsPer10Seconds: 8_000 },
];

/** A `GET users` page costs 2 directory units, one less with `$select`. */
export const directoryUserListCost = { plain: 2, withSelect: 1 } as const;

/** Largest page Graph returns for directory lists. */
export const graphMaxPageSize = 999;

export const minutesPerDay = 24 * 60;

/** The SharePoint licence band: resource units per minute for a tenant with this many licences. */
export function sharePointUnitsPerMinute(licensedUsers: number): number {
  return sharePointResourceUnitsPerMinute.find((b) => licensedUsers < b.belowLicences)!.unitsPerMinute;
}

export function directoryUnitsPer10Seconds(users: number): number {
  return directoryResourceUnitsPer10Seconds.find((b) => users < b.belowUsers)!.unitsPer10Seconds;
}
