import type { TenantConfig } from "../config/schema";
import type { EntityCounts, TenantInventory } from "./tenant-inventory";

/**
 * The inventory a stack's config implies, for runs that must not reach Graph (the offline gate) or
 * that opt out of discovery: tenant.mailboxCount and rollout.expectedCounts, with the documented
 * estimates for the rest. Undefined when the config gives no mailbox count to start from.
 */
export function inventoryFromConfig(config: TenantConfig, now = new Date()): TenantInventory | undefined {
  const mailboxes = config.tenant.mailboxCount;
  if (mailboxes === undefined) return undefined;
  const e = config.rollout.expectedCounts;
  const sharedMailboxes = e.sharedMailboxes ?? Math.round(mailboxes * 0.04);
  const userMailboxes = Math.max(0, mailboxes - sharedMailboxes);
  const groups = e.groups ?? Math.ceil(mailboxes / 8);
  const counts: EntityCounts = {
    userMailboxes,
    unlicensedUserMailboxes: 0,
    sharedMailboxes,
    sites: e.sites ?? Math.ceil(mailboxes / 10),
    oneDrives: e.oneDrives ?? userMailboxes,
    groups,
    teams: e.teams ?? Math.floor(groups / 2),
    licensedUsers: e.licensedUsers ?? mailboxes,
  };
  return { tenantId: config.tenant.id, counts, source: "config", discoveredAt: now.toISOString() };
}
