import fc from "fast-check";
import type { BackupService } from "../../infra/services/backup-services";
import type { EntityRecord, ProtectedTask, ProtectionSource } from "../../infra/protection/protection-source";
import { entityKey } from "../../infra/protection/protection-state";
import { dayStep } from "../../infra/rollout/day-step";
import type { ActivationRolloutInputs } from "../../infra/rollout/rollout-inputs";
import { taskViews } from "../../infra/rollout/task-views";
import type { RolloutProgress } from "../../infra/rollout/wave-progress";

/**
 * The worst days of the rollout's completion, through the real read path: a protection source's rows
 * folded once per entity, judged by the one definition of protected, then the day step.
 */

const today = "2026-12-10";
const now = new Date(`${today}T06:00:00Z`);
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();

function source(tasks: ProtectedTask[], rows: Record<string, EntityRecord[]>): ProtectionSource {
  return {
    backend: "test",
    tasks: async () => tasks,
    entities: async (ids) => new Map(ids.map((id) => [id, rows[id] ?? []])),
  };
}

const task = (service: BackupService, listed?: number): ProtectedTask => ({
  id: `task-${service}`,
  service,
  name: `Contoso ${service}`,
  status: "active",
  vendorStatus: "ACTIVE",
  ...(listed !== undefined ? { listed } : {}),
});

const row = (i: number, over: Partial<EntityRecord> = {}): EntityRecord => ({
  id: `m${i}`,
  name: `user${i}@contoso.com`,
  active: true,
  dated: true,
  lastBackupAt: hoursAgo(8),
  lastAttemptAt: hoursAgo(8),
  ...over,
});

function inputs(over: Partial<ActivationRolloutInputs> = {}): ActivationRolloutInputs {
  return {
    tenantName: "contoso",
    awaitingConsole: [],
    mode: "vendor-managed",
    paused: false,
    enterprise: true,
    safetyFactor: 1.5,
    healthyThreshold: 0.95,
    protectionWindowHours: 36,
    priority: [],
    dailyBudget: { exchange: 10 ** 12, sharepoint: 10 ** 12 },
    waves: [{ index: 1, service: "exchange", scope: "exchange", entityCount: 50, estimatedCost: 0, budget: 10 ** 12 }],
    releaseAutoActivation: ["exchange"],
    expected: { exchange: 50 },
    tasks: { exchange: "task-exchange" },
    today,
    ...over,
  };
}

async function step(rows: EntityRecord[], over: Partial<ActivationRolloutInputs> = {}, previous?: RolloutProgress, listed?: number) {
  const i = inputs(over);
  const views = await taskViews(source([task("exchange", listed)], { "task-exchange": rows }), i, now);
  return dayStep({ inputs: i, previous, views });
}

describe("protected means backed up, in the rollout", () => {
  test("50 of 50 active but none backed up since yesterday's failures: not complete, each named failing", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(i, { lastBackupAt: hoursAgo(40), lastAttemptAt: hoursAgo(8), failing: true }));
    const s = await step(rows);
    expect(s.progress.state).not.toBe("complete");
    expect(s.progress.services?.exchange).toMatchObject({ listed: 50, active: 50, protected: 0, failing: 50, complete: false });
    expect(s.progress.message).toMatch(/exchange: 50 failing/);
    expect(s.release).toEqual([]);
  });

  test("the vendor lists 30 entities twice (a row per sub-source, a page served twice): counted once, 30 of 60 discovered missing", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(i));
    const twice = [...rows, ...rows.map((r) => ({ ...r, name: r.name.toUpperCase() }))];
    const s = await step(twice, { expected: { exchange: 60 } });
    expect(s.progress.state).not.toBe("complete");
    expect(s.progress.services?.exchange).toMatchObject({ listed: 30, protected: 30, duplicateRows: 30, notListedByVendor: 30 });
    expect(s.progress.message).toMatch(/30 of 60 discovered not listed by the vendor/);
  });

  test("2,000 healthy and yesterday's wave of 100 all failed: the next wave is held on the wave's own health, not 95.2%", async () => {
    const healthy = Array.from({ length: 2000 }, (_, i) => row(i, { activatedOn: "2026-12-01" }));
    const wave = Array.from({ length: 100 }, (_, i) =>
      row(2000 + i, { activatedOn: "2026-12-09", lastBackupAt: undefined, lastAttemptAt: hoursAgo(8), failing: true }),
    );
    const waiting = Array.from({ length: 900 }, (_, i) =>
      row(2100 + i, { active: false, lastBackupAt: undefined, lastAttemptAt: undefined }),
    );
    const previous: RolloutProgress = {
      state: "advanced",
      message: "",
      day: 2,
      daysPlanned: 3,
      checkedOn: "2026-12-09",
      lastAdvancedOn: "2026-12-09",
      activated: {},
      total: {},
      waves: [],
    };
    const s = await step(
      [...healthy, ...wave, ...waiting],
      {
        mode: "self-service",
        expected: { exchange: 3000 },
        waves: [1, 2, 3].map((index) => ({
          index,
          service: "exchange" as const,
          scope: "exchange" as const,
          entityCount: 1000,
          estimatedCost: 0,
          budget: 10 ** 12,
        })),
      },
      previous,
    );
    expect(s.activations).toEqual([]);
    expect(s.release).toEqual([]);
    expect(s.progress.state).toBe("waiting-for-health");
    expect(s.progress.services?.exchange?.held).toMatch(/0\.0% of the 100 entities activated on 2026-12-09 have backed up/);
  });

  test("discovery from config: everything the vendor lists is backed up, yet the state is unverified, never complete", async () => {
    const s = await step(
      Array.from({ length: 60 }, (_, i) => row(i)),
      { expected: undefined },
    );
    expect(s.progress.state).toBe("unverified");
    expect(s.release).toEqual([]);
    expect(s.progress.message).toMatch(/rollout\.discovery to graph/);
  });

  test("complete, then backups stop: the next day's check reports not-protected, naming the stale entities", async () => {
    const done = await step(Array.from({ length: 50 }, (_, i) => row(i)));
    expect(done.progress.state).toBe("complete");
    expect(done.progress.completedOn).toBe(today);
    const later = new Date(now.getTime() + 2 * 86_400_000);
    const i = inputs({ today: "2026-12-12" });
    const views = await taskViews(source([task("exchange")], { "task-exchange": Array.from({ length: 50 }, (_, n) => row(n)) }), i, later);
    const next = dayStep({ inputs: i, previous: done.progress, views });
    expect(next.progress.state).toBe("not-protected");
    expect(next.progress.message).toMatch(/exchange: 50 stale/);
    expect(next.progress.completedOn).toBe(today);
  });

  test("a backup date from the future is no evidence: not verified, not protected", async () => {
    const s = await step(Array.from({ length: 50 }, (_, i) => row(i, { lastBackupAt: i === 0 ? hoursAgo(-30) : hoursAgo(8) })));
    expect(s.progress.state).not.toBe("complete");
    expect(s.progress.services?.exchange).toMatchObject({ protected: 49, notVerified: 1 });
  });

  test("over generated listings (duplicates, gaps, stale and missing dates): complete only when every discovered entity has a backup within the window", async () => {
    const listing = fc.array(
      fc.record({
        entity: fc.integer({ min: 0, max: 29 }),
        upper: fc.boolean(),
        active: fc.boolean(),
        backupHoursAgo: fc.option(fc.integer({ min: -5, max: 100 }), { nil: undefined }),
        attemptHoursAgo: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        failing: fc.boolean(),
      }),
      { maxLength: 60 },
    );
    await fc.assert(
      fc.asyncProperty(listing, fc.integer({ min: 0, max: 30 }), async (rows, discovered) => {
        const records: EntityRecord[] = rows.map((r) => ({
          name: r.upper ? `USER${r.entity}@contoso.com` : `user${r.entity}@contoso.com`,
          active: r.active,
          dated: true,
          ...(r.backupHoursAgo !== undefined ? { lastBackupAt: hoursAgo(r.backupHoursAgo) } : {}),
          ...(r.attemptHoursAgo !== undefined ? { lastAttemptAt: hoursAgo(r.attemptHoursAgo) } : {}),
          failing: r.failing,
        }));
        const s = await step(records, { expected: { exchange: discovered } });
        const keys = new Map<string, boolean>();
        for (const r of rows) {
          const key = entityKey(`user${r.entity}@contoso.com`);
          const fresh = r.active && r.backupHoursAgo !== undefined && r.backupHoursAgo >= 0 && r.backupHoursAgo <= 36;
          keys.set(key, (keys.get(key) ?? false) || fresh);
        }
        const everyOneFresh = [...keys.values()].every(Boolean) && keys.size >= discovered;
        if (s.progress.state === "complete") expect(everyOneFresh).toBe(true);
        expect(s.progress.services?.exchange?.listed).toBe(keys.size);
      }),
      { numRuns: 200 },
    );
  });
});

test("vendor-managed: everything activated on day 1 (the console's Activate All) is reported ahead of plan, as an action", async () => {
  const rows = Array.from({ length: 50 }, (_, i) => row(i, { lastBackupAt: undefined, lastAttemptAt: undefined }));
  const s = await step(rows, {
    waves: [1, 2, 3, 4, 5].map((index) => ({
      index,
      service: "exchange" as const,
      scope: "exchange" as const,
      entityCount: 10,
      estimatedCost: 0,
      budget: 10 ** 12,
    })),
  });
  expect(s.progress).toMatchObject({ state: "vendor-managed", day: 1 });
  expect(s.progress.message).toMatch(
    /day 1 of 5 of the vendor's rollout, AHEAD of plan: exchange 50 active, the plan has 10 by day 1\. Action: ask the vendor/,
  );
});

test("a complete self-service rollout that is paused says paused, not 'not protected' with nothing named", async () => {
  const done = await step(
    Array.from({ length: 50 }, (_, i) => row(i)),
    { mode: "self-service" },
  );
  expect(done.progress.state).toBe("complete");
  const paused = dayStep({
    inputs: inputs({ mode: "self-service", paused: true, today: "2026-12-11" }),
    previous: done.progress,
    views: [],
  });
  expect(paused.progress.state).toBe("paused");
});

test("a task that lists nothing is not 'backing up everything it lists'", async () => {
  const s = await step([], { expected: undefined });
  expect(s.progress.state).not.toBe("unverified");
});
