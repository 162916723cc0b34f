import fc from "fast-check";
import { backupServices, BackupService } from "../../infra/services/backup-services";
import { DiscoveredEntity, emptyCounts, EntityCounts, InventoryKind } from "../../infra/discovery/tenant-inventory";
import { activationOrder, ActivationPlan, kindsOfService, planActivation, PlannerInput } from "../../infra/planner/activation-planner";
import { firstBackupCost, serviceOfKind } from "../../infra/planner/first-backup-cost";
import {
  sharePointBand,
  sharePointDailyLimits,
  sharePointLimitBands,
  sharePointUnitsPerMinute,
} from "../../infra/planner/throttling-limits";

const kinds: InventoryKind[] = ["userMailboxes", "sharedMailboxes", "sites", "oneDrives", "groups"];

const countsArb = fc.record({
  userMailboxes: fc.nat(60_000),
  unlicensedUserMailboxes: fc.constant(0),
  sharedMailboxes: fc.nat(3_000),
  sites: fc.nat(20_000),
  oneDrives: fc.nat(60_000),
  groups: fc.nat(10_000),
  teams: fc.constant(0),
  licensedUsers: fc.nat(120_000),
});
const servicesArb = fc.subarray([...backupServices], { minLength: 1 });
const safetyArb = fc.double({ min: 1, max: 4, noNaN: true });
const parallelArb = fc.integer({ min: 1, max: 200 });

const entityArb = fc.record({
  kind: fc.constantFrom(...kinds),
  id: fc.uuid(),
  // Up to 2 TB, so some entities are too big for a single day.
  sizeBytes: fc.option(fc.integer({ min: 0, max: 2 * 1024 ** 4 }), { nil: undefined }),
});

function countsOf(entities: readonly DiscoveredEntity[], licensedUsers: number): EntityCounts {
  const c: EntityCounts = { ...emptyCounts(), licensedUsers };
  for (const e of entities) c[e.kind] += 1;
  return c;
}

function assertWithinBudget(plan: ActivationPlan): void {
  for (const w of plan.waves) {
    expect(w.estimatedCost).toBeLessThanOrEqual(w.budget);
    expect(w.entityCount).toBeGreaterThan(0);
  }
  // Per day and scope, the waves together stay within the scope's daily budget, counting multi-day backups on every day they run.
  const load = new Map<string, number>();
  for (const w of plan.waves) {
    for (let d = w.index; d < w.index + (w.spansDays ?? 1); d++)
      load.set(`${w.scope}|${d}`, (load.get(`${w.scope}|${d}`) ?? 0) + w.estimatedCost);
  }
  for (const [key, cost] of load)
    expect({ key, within: cost <= plan.dailyBudget[key.split("|")[0] as "exchange" | "sharepoint"] }).toEqual({ key, within: true });
}

describe("the activation planner", () => {
  it("puts every counted entity in exactly one wave and no wave or day over budget", () => {
    fc.assert(
      fc.property(countsArb, servicesArb, safetyArb, parallelArb, (counts, services, safetyFactor, parallel) => {
        const plan = planActivation({ counts, services, safetyFactor, exchangeParallelMailboxes: parallel });
        for (const service of backupServices) {
          const expected = services.includes(service) ? kindsOfService[service].reduce((n, k) => n + counts[k], 0) : 0;
          expect(plan.waves.filter((w) => w.service === service).reduce((n, w) => n + w.entityCount, 0)).toBe(expected);
        }
        assertWithinBudget(plan);
        expect(plan.daysToFullProtection).toBeGreaterThanOrEqual(plan.floorDays);
      }),
      { numRuns: 300 },
    );
  });

  it("places every listed entity exactly once, priority entities first, and never beats the throttling floor", () => {
    fc.assert(
      fc.property(
        fc.array(entityArb, { maxLength: 400 }),
        servicesArb,
        safetyArb,
        parallelArb,
        fc.nat(100),
        (raw, services, safetyFactor, parallel, priorityCount) => {
          const entities: DiscoveredEntity[] = raw.map((e, i) => ({ ...e, key: `entity-${i}@contoso.com` }));
          const priority = entities.slice(0, priorityCount).map((e) => e.key.toUpperCase());
          const input: PlannerInput = {
            counts: countsOf(entities, 3_000),
            entities,
            services,
            safetyFactor,
            priority,
            exchangeParallelMailboxes: parallel,
          };
          const plan = planActivation(input);
          const planned = plan.waves.flatMap((w) => w.entityKeys ?? []);
          const expected = entities.filter((e) => services.includes(serviceOfKind[e.kind]) && e.kind !== "teams").map((e) => e.key);
          expect([...planned].sort()).toEqual([...expected].sort());
          expect(new Set(planned).size).toBe(planned.length);
          assertWithinBudget(plan);
          expect(plan.daysToFullProtection).toBeGreaterThanOrEqual(plan.floorDays);
          // Within a scope, no entity is activated on an earlier day than a priority entity.
          const dayOf = new Map(plan.waves.flatMap((w) => (w.entityKeys ?? []).map((k) => [k, { day: w.index, scope: w.scope }] as const)));
          const prioritySet = new Set(priority.map((p) => p.toLowerCase()));
          for (const [key, at] of dayOf) {
            if (prioritySet.has(key)) continue;
            for (const p of prioritySet) {
              const pAt = dayOf.get(p);
              if (pAt && pAt.scope === at.scope) expect(pAt.day).toBeLessThanOrEqual(at.day);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("fills each day to its budget: a 25,000-mailbox tenant takes days, not one day and not months", () => {
    const counts: EntityCounts = {
      userMailboxes: 24_000,
      unlicensedUserMailboxes: 600,
      sharedMailboxes: 1_000,
      sites: 2_500,
      oneDrives: 24_000,
      groups: 3_000,
      teams: 1_800,
      licensedUsers: 24_400,
    };
    const plan = planActivation({ counts, services: backupServices, safetyFactor: 1.5, exchangeParallelMailboxes: 25 });
    // The app's 24-hour window binds (4,800,000 for 15,001-50,000 licences), not the minute figure x 1,440.
    expect(plan.dailyBudget.sharepoint).toBe(Math.floor(4_800_000 / 1.5));
    expect(sharePointUnitsPerMinute(24_400)).toBe(5_000);
    // Every day but a scope's last is full enough that the next entity would not have fitted.
    for (const scope of ["exchange", "sharepoint"] as const) {
      const days = [...new Set(plan.waves.filter((w) => w.scope === scope).map((w) => w.index))];
      for (const d of days.slice(0, -1)) {
        const used = plan.waves.filter((w) => w.scope === scope && w.index === d).reduce((n, w) => n + w.estimatedCost, 0);
        expect(plan.dailyBudget[scope] - used).toBeLessThan(firstBackupCost({ kind: "userMailboxes" }));
      }
    }
    expect(plan.daysToFullProtection).toBeGreaterThan(1);
    expect(plan.daysToFullProtection).toBeLessThan(60);
    expect(plan.waves[0]).toMatchObject({ index: 1, service: "exchange" });
  });

  it("gives an entity too big for one day a wave of its own spanning several days", () => {
    const huge: DiscoveredEntity = {
      kind: "sites",
      id: "s1",
      key: "https://contoso.sharepoint.com/sites/archive",
      sizeBytes: 40 * 1024 ** 4,
    };
    const small: DiscoveredEntity = { kind: "sites", id: "s2", key: "https://contoso.sharepoint.com/sites/a", sizeBytes: 1024 ** 3 };
    const counts = countsOf([huge, small], 500);
    const plan = planActivation({
      counts,
      entities: [huge, small],
      services: ["sharepoint"],
      safetyFactor: 1,
      priority: [huge.key],
      exchangeParallelMailboxes: 10,
    });
    expect(plan.waves[0]).toMatchObject({ index: 1, entityCount: 1, entityKeys: [huge.key] });
    expect(plan.waves[0].spansDays).toBeGreaterThan(1);
    expect(plan.waves[1]).toMatchObject({ index: 1 + plan.waves[0].spansDays!, entityKeys: [small.key] });
  });

  it("orders activation the same way for the planner and the rollout", () => {
    const e = (key: string, service: BackupService) => ({ key, service });
    expect(
      activationOrder([e("b@x", "onedrive"), e("z@x", "exchange"), e("a@x", "onedrive"), e("ceo@x", "onedrive")], ["CEO@x"]).map(
        (x) => x.key,
      ),
    ).toEqual(["ceo@x", "z@x", "a@x", "b@x"]);
  });

  it("refuses a safety factor below 1", () => {
    expect(() =>
      planActivation({ counts: countsOf([], 0), services: ["exchange"], safetyFactor: 0.9, exchangeParallelMailboxes: 1 }),
    ).toThrow(/safetyFactor must be at least 1, got 0.9/);
  });
});

describe("SharePoint's published limits", () => {
  it("band edges are inclusive: 1,000 licences is the first band, 1,001 the second", () => {
    expect([0, 1_000, 1_001, 5_000, 5_001, 15_000, 15_001, 50_000, 50_001].map((n) => sharePointBand(n).appUnitsPer24Hours)).toEqual([
      1_200_000, 1_200_000, 2_400_000, 2_400_000, 3_600_000, 3_600_000, 4_800_000, 4_800_000, 6_000_000,
    ]);
  });

  it("the app's 24-hour window binds in every band: 960 times the minute figure, below minute x 1,440 and the tenant share", () => {
    for (const band of sharePointLimitBands) {
      const limits = sharePointDailyLimits(Number.isFinite(band.upToLicences) ? band.upToLicences : 100_000);
      expect(limits).toMatchObject({ bindingWindow: "app-24h", binding: band.appUnitsPerMinute * 960 });
      expect(limits.appMinuteWindow / limits.app24Hours).toBeCloseTo(1.5);
    }
  });
});
