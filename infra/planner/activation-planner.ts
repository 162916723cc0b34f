import type { DiscoveredEntity, EntityCounts, InventoryKind } from "../discovery/tenant-inventory";
import { BackupService, backupServices, byService } from "../services/backup-services";
import { firstBackupCost, scopeOfService, serviceOfKind, ThrottlingScope } from "./first-backup-cost";
import { exchangeRequestsPerMailboxPer10Minutes, minutesPerDay, sharePointDailyLimits } from "./throttling-limits";

export interface PlannerInput {
  counts: EntityCounts;
  /** Entities discovery named (the priority ones it found, or a whole listing): activated first, one by one; the counts cover the rest. */
  entities?: readonly DiscoveredEntity[];
  /** Services with a backup task. */
  services: readonly BackupService[];
  /** The plan uses 1/safetyFactor of each limit (>= 1). */
  safetyFactor: number;
  /** Entity keys (UPN, site URL, group nickname) activated first, in this order. */
  priority?: readonly string[];
  /** Mailboxes the vendor backs up at once for one tenant: Exchange has a per-mailbox limit, not a tenant one. */
  exchangeParallelMailboxes: number;
}

/** One service's share of a day's activation. The rollout activates one day (index) per calendar day. */
export interface ActivationWave {
  /** Day of the rollout (1 = first); waves of different services share a day. */
  index: number;
  service: BackupService;
  scope: ThrottlingScope;
  entityCount: number;
  /** Estimated first-backup cost per day of this wave, in the scope's units. */
  estimatedCost: number;
  /** What the scope had left that day when this wave was placed: estimatedCost never exceeds it. */
  budget: number;
  /** A single entity too big for one day backs up over this many days (its wave is alone in its scope). */
  spansDays?: number;
  /** The entities' keys, in activation order, when the planner had them. */
  entityKeys?: string[];
}

export interface ActivationPlan {
  waves: ActivationWave[];
  /** Days until every entity's first backup is done. */
  daysToFullProtection: number;
  /** The least days any plan could take at 100% of the limits (no safety factor): the throttling floor. */
  floorDays: number;
  /** Daily budget per scope after the safety factor. */
  dailyBudget: Record<ThrottlingScope, number>;
  /** Entities and first-backup cost per service. */
  totals: Partial<Record<BackupService, { entities: number; cost: number }>>;
  safetyFactor: number;
}

/** The kinds each service's task backs up. */
export const kindsOfService = byService("kinds");

/** Full-rate daily capacity of each scope, before the safety factor. */
export function dailyCapacity(counts: EntityCounts, exchangeParallelMailboxes: number): Record<ThrottlingScope, number> {
  return {
    // The smallest of SharePoint's windows over a day: the app's 24 hours, in every band today.
    sharepoint: sharePointDailyLimits(counts.licensedUsers).binding,
    exchange: exchangeParallelMailboxes * exchangeRequestsPerMailboxPer10Minutes * (minutesPerDay / 10),
  };
}

/** A run of entities that cost the same and are activated together (one entity, or many unnamed ones). */
interface Block {
  service: BackupService;
  count: number;
  unitCost: number;
  keys?: string[];
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The order entities are activated in, shared by the planner and the rollout so that the plan's
 * estimate is what the rollout activates: named priority entities first (in the order given), then
 * by service, then by key.
 */
export function activationOrder<T extends { key: string; service: BackupService }>(
  entities: readonly T[],
  priority: readonly string[] = [],
): T[] {
  const rank = new Map(priority.map((p, i) => [p.toLowerCase(), i]));
  const first = entities
    .filter((e) => rank.has(e.key.toLowerCase()))
    .sort((a, b) => rank.get(a.key.toLowerCase())! - rank.get(b.key.toLowerCase())!);
  const rest = entities.filter((e) => !rank.has(e.key.toLowerCase()));
  const serviceRank = (s: BackupService) => backupServices.indexOf(s);
  rest.sort((a, b) => serviceRank(a.service) - serviceRank(b.service) || byKey(a, b));
  return [...first, ...rest];
}

function blocksOf(input: PlannerInput): Block[] {
  const enabled = new Set(input.services);
  const backedUp = (e: DiscoveredEntity) => enabled.has(serviceOfKind[e.kind]) && kindsOfService[serviceOfKind[e.kind]].includes(e.kind);
  const named = (input.entities ?? []).filter(backedUp).map((e) => ({ ...e, service: serviceOfKind[e.kind] }));
  // Entities discovery named (the priority ones) go first one by one; the counts they do not cover follow by service.
  const namedOfKind = (kind: InventoryKind) => named.filter((e) => e.kind === kind).length;
  const rest = backupServices
    .filter((s) => enabled.has(s))
    .flatMap((service) =>
      kindsOfService[service].map((kind) => ({
        service,
        count: Math.max(0, input.counts[kind] - namedOfKind(kind)),
        unitCost: firstBackupCost({ kind }),
      })),
    )
    .filter((b) => b.count > 0);
  return [
    ...activationOrder(named, input.priority).map((e) => ({ service: e.service, count: 1, unitCost: firstBackupCost(e), keys: [e.key] })),
    ...rest,
  ];
}

/**
 * Daily activation waves that reach full protection soonest without any day's first backups
 * exceeding 1/safetyFactor of Microsoft's limits: a greedy fill of each scope's daily budget in
 * activation order (optimal for a fixed order: no day could take more without overrunning).
 */
export function planActivation(input: PlannerInput): ActivationPlan {
  if (!(input.safetyFactor >= 1)) throw new RangeError(`safetyFactor must be at least 1, got ${input.safetyFactor}`);
  if (!(input.exchangeParallelMailboxes >= 1))
    throw new RangeError(`exchangeParallelMailboxes must be at least 1, got ${input.exchangeParallelMailboxes}`);
  const capacity = dailyCapacity(input.counts, input.exchangeParallelMailboxes);
  const dailyBudget = {
    sharepoint: Math.floor(capacity.sharepoint / input.safetyFactor),
    exchange: Math.floor(capacity.exchange / input.safetyFactor),
  };
  const waves: ActivationWave[] = [];
  const totals: ActivationPlan["totals"] = {};
  let daysToFullProtection = 0;
  let floorDays = 0;

  for (const scope of ["exchange", "sharepoint"] as const) {
    const budget = dailyBudget[scope];
    const blocks = blocksOf(input).filter((b) => scopeOfService[b.service] === scope);
    let scopeCost = 0;
    let day = 1;
    let left = budget;
    const place = (service: BackupService, count: number, cost: number, keys: string[] | undefined, spansDays?: number) => {
      const last = waves[waves.length - 1];
      if (last && last.index === day && last.service === service && last.spansDays === undefined && spansDays === undefined) {
        last.entityCount += count;
        last.estimatedCost += cost;
        if (keys) last.entityKeys = [...(last.entityKeys ?? []), ...keys];
      } else {
        waves.push({
          index: day,
          service,
          scope,
          entityCount: count,
          estimatedCost: cost,
          budget: left,
          ...(spansDays ? { spansDays } : {}),
          ...(keys ? { entityKeys: [...keys] } : {}),
        });
      }
      left -= cost;
    };
    for (const block of blocks) {
      const entry = (totals[block.service] ??= { entities: 0, cost: 0 });
      entry.entities += block.count;
      entry.cost += block.count * block.unitCost;
      scopeCost += block.count * block.unitCost;
      let remaining = block.count;
      while (remaining > 0) {
        if (block.unitCost > budget) {
          // Too big for one day: alone in its scope on a fresh day, backing up over several.
          if (left < budget) [day, left] = [day + 1, budget];
          const spansDays = Math.ceil(block.unitCost / budget);
          place(
            block.service,
            1,
            Math.ceil(block.unitCost / spansDays),
            block.keys?.slice(block.count - remaining, block.count - remaining + 1),
            spansDays,
          );
          daysToFullProtection = Math.max(daysToFullProtection, day + spansDays - 1);
          [day, left] = [day + spansDays, budget];
          remaining -= 1;
          continue;
        }
        const fits = Math.min(remaining, Math.floor(left / block.unitCost));
        if (fits === 0) {
          [day, left] = [day + 1, budget];
          continue;
        }
        const start = block.count - remaining;
        place(block.service, fits, fits * block.unitCost, block.keys?.slice(start, start + fits));
        daysToFullProtection = Math.max(daysToFullProtection, day);
        remaining -= fits;
      }
    }
    floorDays = Math.max(floorDays, Math.ceil(scopeCost / capacity[scope]));
  }
  waves.sort((a, b) => a.index - b.index || backupServices.indexOf(a.service) - backupServices.indexOf(b.service));
  return { waves, daysToFullProtection, floorDays, dailyBudget, totals, safetyFactor: input.safetyFactor };
}
