import type { DiscoveredEntity } from "../discovery/tenant-inventory";
import { byService, InventoryKind, serviceOfKind, ThrottlingScope } from "../services/backup-services";

export { serviceOfKind };
export type { ThrottlingScope };
import { sharePointCallCost } from "./throttling-limits";

/**
 * The model of what an entity's first full backup costs against Microsoft's limits. Microsoft does
 * not publish a backup's call pattern, so these are the planner's assumptions, stated once and
 * documented in docs/activation-planner.md: every item is listed in pages, read once, and its
 * permissions are read once per batch. Daily incremental backups are a small fraction of this and
 * are not planned.
 */
export const costAssumptions = {
  /** Items per list page a backup reads. */
  itemsPerListPage: 200,
  /** Items whose permissions one permission call returns. */
  itemsPerPermissionCall: 100,
  /** Average item size, to turn a size into an item count. */
  averageItemBytes: { mail: 75 * 1024, document: 2 * 1024 * 1024 },
  /** Items assumed when Graph reports no size (median-sized entity of each kind). */
  defaultItems: {
    userMailboxes: 20_000,
    sharedMailboxes: 10_000,
    sites: 3_000,
    oneDrives: 1_500,
    groups: 2_000,
    teams: 2_000,
  } satisfies Record<InventoryKind, number>,
  /** Exchange requests per item: one read, with list pages on top. */
  exchangeRequestsPerItem: 1,
} as const;

/** The budget each service's first backups draw on. */
export const scopeOfService = byService("scope");

function itemCount(kind: InventoryKind, sizeBytes: number | undefined): number {
  if (sizeBytes === undefined) return costAssumptions.defaultItems[kind];
  const average =
    kind === "userMailboxes" || kind === "sharedMailboxes"
      ? costAssumptions.averageItemBytes.mail
      : costAssumptions.averageItemBytes.document;
  return Math.max(1, Math.ceil(sizeBytes / average));
}

/** First full backup cost in the entity's scope units: Exchange requests or SharePoint resource units. */
export function firstBackupCost(entity: Pick<DiscoveredEntity, "kind" | "sizeBytes">): number {
  const items = itemCount(entity.kind, entity.sizeBytes);
  const listCalls = Math.ceil(items / costAssumptions.itemsPerListPage);
  if (scopeOfService[serviceOfKind[entity.kind]] === "exchange") return listCalls + items * costAssumptions.exchangeRequestsPerItem;
  const permissionCalls = Math.ceil(items / costAssumptions.itemsPerPermissionCall);
  return (
    listCalls * sharePointCallCost.listOrWrite + items * sharePointCallCost.singleItemRead + permissionCalls * sharePointCallCost.permission
  );
}
