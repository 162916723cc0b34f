import type { BackupService } from "../services/backup-services";
import type { TenantInventory } from "../discovery/tenant-inventory";
import { kindsOfService } from "../planner/activation-planner";

/**
 * How many entities each service's task must end up protecting, from what Microsoft Graph discovery
 * found: the rollout is complete only when the vendor lists and has activated at least these many.
 * Counts that come from config are estimates, so they set no such bar (undefined).
 *
 * Exchange counts unlicensed user mailboxes only where the task backs them up (an assumption: the
 * vendor's documentation does not say whether it lists mailboxes it will not back up).
 */
export function expectedEntities(
  inventory: TenantInventory,
  services: readonly BackupService[],
  backsUpUnlicensed: (service: BackupService) => boolean,
): Partial<Record<BackupService, number>> | undefined {
  if (inventory.source !== "graph") return undefined;
  const c = inventory.counts;
  // The kinds each task backs up are the planner's (kindsOfService); unlicensed mailboxes are among the user mailboxes.
  const expected = (service: BackupService) =>
    kindsOfService[service].reduce((n, kind) => n + c[kind], 0) -
    (service === "exchange" && !backsUpUnlicensed(service) ? c.unlicensedUserMailboxes : 0);
  return Object.fromEntries(services.map((s) => [s, expected(s)]));
}
