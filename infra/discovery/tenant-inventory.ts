import type { DiscoveryCursor } from "./discovery-cursor";

/**
 * What discovery learns about a tenant (guide stage 6): how many of each kind of entity there are
 * and, when the planner needs them, the entities themselves. The activation planner reads this and
 * nothing else, so discovery from Graph, from the vendor or from stack config are interchangeable.
 */

import { inventoryKinds, InventoryKind } from "../services/backup-services";

export { inventoryKinds };
export type { InventoryKind };

export interface EntityCounts {
  /** User mailboxes (licensed and unlicensed). */
  userMailboxes: number;
  /** Of those, the ones with no licence (backed up only with "back up unlicensed accounts"). */
  unlicensedUserMailboxes: number;
  sharedMailboxes: number;
  /** SharePoint sites other than personal (OneDrive) sites. */
  sites: number;
  oneDrives: number;
  /** Microsoft 365 (Unified) groups, Teams included. */
  groups: number;
  /** Of those, the groups that are Teams. */
  teams: number;
  /**
   * Licences with a SharePoint plan the tenant purchased: Microsoft's band for SharePoint throttling
   * (Graph discovery reads subscribedSkus; the name stays from when it counted licensed users, as state stores it).
   */
  licensedUsers: number;
}

/** One entity the planner can place in a wave. */
export interface DiscoveredEntity {
  kind: InventoryKind;
  /** Graph object id (user, group) or site id. */
  id: string;
  /** UPN, site URL or group mail nickname: what a person names in `rollout.priority`. */
  key: string;
  /** Bytes stored, when Graph reports it (drives, sites); sizes the first backup. */
  sizeBytes?: number;
}

export interface TenantInventory {
  tenantId: string;
  counts: EntityCounts;
  /** The entities `rollout.priority` names, found (lists mode only); the planner activates them first. */
  entities?: DiscoveredEntity[];
  /** Priority entries that name no entity a task backs up (mistyped, deleted, a guest, a room). */
  unmatchedPriority?: string[];
  /** Lists mode: what the next run needs to read only the directory's changes (kept as a stack output). */
  cursor?: DiscoveryCursor;
  /** Lists mode: whether the directory was read in full or only its changes since the previous cursor. */
  read?: "full" | "changes";
  /** Why a lists-mode run read the whole directory (first run, expired link, weekly full read, ...). */
  fullReadBecause?: string;
  /** Where the counts came from. */
  source: "graph" | "config";
  /** Disabled members with a mailbox that are not shared mailboxes (lists mode reads Exchange's type): left out of the counts. */
  excluded?: { disabledLeavers: number; roomAndEquipment: number };
  /** Counts Graph can only estimate (shared mailboxes: disabled members with a mailbox, leavers and rooms included). */
  estimated?: (keyof EntityCounts)[];
  /** ISO time of discovery. */
  discoveredAt: string;
}

/** Every count zero: a tenant with nothing found yet. */
export function emptyCounts(): EntityCounts {
  return {
    userMailboxes: 0,
    unlicensedUserMailboxes: 0,
    sharedMailboxes: 0,
    sites: 0,
    oneDrives: 0,
    groups: 0,
    teams: 0,
    licensedUsers: 0,
  };
}

/** Mailboxes the guide's enterprise threshold counts: user plus shared mailboxes. */
export function mailboxCount(counts: EntityCounts): number {
  return counts.userMailboxes + counts.sharedMailboxes;
}
