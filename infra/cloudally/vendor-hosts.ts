/**
 * The backup vendor's API hosts by name. Stack config picks one by name (vendorApi.region), never by
 * URL, so a stack file cannot send the partner credentials anywhere else.
 *
 * Assumption: CloudAlly publishes one partner API host, https://api.cloudally.com (the host its public
 * API clients call); its data regions (backupTasks.region) are chosen per task, not per host. Add a
 * name here when the vendor publishes a regional host. docs/facts.md records the check.
 */
export const vendorApiHosts = {
  global: "https://api.cloudally.com",
} as const;

export type VendorApiRegion = keyof typeof vendorApiHosts;
export const vendorApiRegions = Object.keys(vendorApiHosts) as [VendorApiRegion, ...VendorApiRegion[]];
