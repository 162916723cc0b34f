import fc from "fast-check";
import type { VendorEntity } from "../../infra/cloudally/backup-vendor-api";
import type { BackupService } from "../../infra/services/backup-services";
import { scopeOfService } from "../../infra/planner/first-backup-cost";
import { ClockWentBackError, dayStep, entityCost } from "../../infra/rollout/day-step";
import type { ServiceView } from "../../infra/rollout/service-progress";
import type { ActivationRolloutInputs } from "../../infra/rollout/rollout-inputs";
import { runDay } from "../../infra/config/run-day";
import type { RolloutProgress } from "../../infra/rollout/wave-progress";
import type { ProtectionState } from "../../infra/protection/protection-state";

const kindOf: Record<BackupService, VendorEntity["kind"]> = {
  exchange: "mailbox",
  sharepoint: "site",
  onedrive: "oneDrive",
  groupsTeams: "group",
};
const allServices: BackupService[] = ["exchange", "sharepoint", "onedrive", "groupsTeams"];

interface World {
  services: BackupService[];
  /** Entity sizes per service, in bytes. */
  sizes: Record<string, number[]>;
  /** Entities discovery found but the vendor does not list, per service. */
  gaps: Record<string, number>;
  /** Waves: per service, how many entities on each planned day. */
  plan: Record<string, number[]>;
  budget: { exchange: number; sharepoint: number };
  /** Runs on each calendar day; a run may fail after activating part of what it chose. */
  runsPerDay: number[];
  failAfter: number[];
}

const GB = 2 ** 30;
const world: fc.Arbitrary<World> = fc
  .record({
    services: fc.uniqueArray(fc.constantFrom(...allServices), { minLength: 1, maxLength: 4 }),
    sizes: fc.record(
      Object.fromEntries(allServices.map((s) => [s, fc.array(fc.integer({ min: 0, max: 40 * GB }), { maxLength: 40 })])) as Record<
        BackupService,
        fc.Arbitrary<number[]>
      >,
    ),
    gaps: fc.record(
      Object.fromEntries(allServices.map((s) => [s, fc.constantFrom(0, 0, 0, 3)])) as Record<BackupService, fc.Arbitrary<number>>,
    ),
    planDays: fc.integer({ min: 1, max: 6 }),
    budget: fc.record({ exchange: fc.integer({ min: 50_000, max: 2_000_000 }), sharepoint: fc.integer({ min: 200_000, max: 30_000_000 }) }),
    runsPerDay: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 40, maxLength: 40 }),
    failAfter: fc.array(fc.integer({ min: -1, max: 5 }), { minLength: 120, maxLength: 120 }),
  })
  .map(({ planDays, ...w }) => ({
    ...w,
    plan: Object.fromEntries(
      allServices.map((s) => [
        s,
        Array.from({ length: planDays }, (_, d) =>
          Math.ceil(w.sizes[s].length / planDays) * (d + 1) > w.sizes[s].length
            ? Math.max(0, w.sizes[s].length - Math.ceil(w.sizes[s].length / planDays) * d)
            : Math.ceil(w.sizes[s].length / planDays),
        ),
      ]),
    ),
  }));

function protectionOfSimulated(e: VendorEntity, today: string): ProtectionState {
  if (!e.active) return "not-active";
  return e.activatedOn !== undefined && e.activatedOn < today ? "protected" : "activated-not-backed-up";
}

function day(n: number): string {
  return new Date(Date.UTC(2026, 11, 1 + n)).toISOString().slice(0, 10);
}

function inputsFor(w: World, today: string): ActivationRolloutInputs {
  const waves = w.services.flatMap((service) =>
    w.plan[service].flatMap((count, d) =>
      count > 0
        ? [
            {
              index: d + 1,
              service,
              scope: scopeOfService[service],
              entityCount: count,
              estimatedCost: 0,
              budget: w.budget[scopeOfService[service]],
            },
          ]
        : [],
    ),
  );
  return {
    tenantName: "contoso",
    awaitingConsole: [],
    mode: "self-service",
    paused: false,
    enterprise: true,
    safetyFactor: 1.5,
    healthyThreshold: 0.95,
    protectionWindowHours: 36,
    priority: [],
    dailyBudget: w.budget,
    waves,
    releaseAutoActivation: ["exchange"],
    expected: Object.fromEntries(w.services.map((s) => [s, w.sizes[s].length + w.gaps[s]])),
    tasks: Object.fromEntries(w.services.map((s) => [s, `task-${s}`])),
    today,
  };
}

/**
 * Runs the world's calendar through the day step, applying what it chooses the way the vendor would;
 * `recoveryDays` more days follow with one run a day that never fails (the world's troubles over).
 */
function simulate(w: World, check: (step: ReturnType<typeof dayStep>, views: ServiceView[], today: string) => void, recoveryDays = 0) {
  const entities: Record<string, VendorEntity[]> = Object.fromEntries(
    w.services.map((s) => [
      s,
      w.sizes[s].map((sizeBytes, i) => ({ id: `${s}-${i}`, kind: kindOf[s], address: `${s}${i}@contoso.com`, active: false, sizeBytes })),
    ]),
  );
  let previous: RolloutProgress | undefined;
  let run = 0;
  const spentPerDay: Record<string, { exchange: number[]; sharepoint: number[] }> = {};
  for (let d = 0; d < w.runsPerDay.length + recoveryDays; d++) {
    const today = day(d);
    const recovering = d >= w.runsPerDay.length;
    spentPerDay[today] = { exchange: [], sharepoint: [] };
    for (let r = 0; r < (recovering ? 1 : w.runsPerDay[d]); r++) {
      const views: ServiceView[] = w.services.map((s) => ({
        service: s,
        taskId: `task-${s}`,
        connected: true,
        taskStatus: "active",
        // Activated on an earlier day: backed up since; activated today: not yet.
        entities: entities[s].map((e) => ({ ...e, protection: protectionOfSimulated(e, today) })),
        yesterday: { runs: 1, ok: 1 },
      }));
      const step = dayStep({ inputs: inputsFor(w, today), previous, views });
      check(step, views, today);
      // A failed run activates part of what it chose and records nothing: the engine keeps the old state.
      const fail = recovering ? -1 : w.failAfter[run++ % w.failAfter.length];
      let applied = 0;
      for (const a of step.activations) {
        for (const id of a.entityIds) {
          if (fail >= 0 && applied >= fail) break;
          const e = entities[a.service].find((x) => x.id === id)!;
          e.active = true;
          e.activatedOn = today;
          spentPerDay[today][scopeOfService[a.service]].push(entityCost(e));
          applied += 1;
        }
      }
      if (fail < 0) previous = step.progress;
    }
  }
  return { entities, spentPerDay, previous };
}

describe("the rollout's day step, over any plan, sizes, gaps and runs per day", () => {
  test("never chooses an active entity or one entity twice", () => {
    fc.assert(
      fc.property(world, (w) => {
        simulate(w, (step, views) => {
          const active = new Set(views.flatMap((v) => v.entities.filter((e) => e.active).map((e) => e.id)));
          const chosen = step.activations.flatMap((a) => a.entityIds);
          expect(new Set(chosen).size).toBe(chosen.length);
          expect(chosen.filter((id) => active.has(id))).toEqual([]);
        });
      }),
      { numRuns: 60 },
    );
  });

  test("what all runs of one day activate stays within each scope's budget (one entity larger than a day may go alone)", () => {
    fc.assert(
      fc.property(world, (w) => {
        const { spentPerDay } = simulate(w, () => undefined);
        for (const [, scopes] of Object.entries(spentPerDay)) {
          for (const scope of ["exchange", "sharepoint"] as const) {
            const costs = scopes[scope];
            const total = costs.reduce((a, b) => a + b, 0);
            if (costs.length > 1) expect(total).toBeLessThanOrEqual(w.budget[scope]);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  test("complete only when every discovered entity is protected; without gaps it always gets there, and auto-activation is released only then", () => {
    fc.assert(
      fc.property(world, (w) => {
        // Runs that keep failing can hold any rollout back; once they stop, it must get there.
        const { entities, previous } = simulate(
          w,
          (step, views) => {
            if (step.progress.state === "complete") {
              for (const v of views) {
                expect(step.activations).toEqual([]);
                expect(v.entities.every((e) => e.protection === "protected")).toBe(true);
                expect(w.gaps[v.service]).toBe(0);
              }
            } else {
              expect(step.release).toEqual([]);
            }
          },
          60,
        );
        const gapless = w.services.every((s) => w.gaps[s] === 0);
        if (gapless && previous) {
          expect(
            Object.values(entities)
              .flat()
              .every((e) => e.active),
          ).toBe(true);
          expect(previous.state).toBe("complete");
        }
        if (!gapless && previous) expect(previous.state).not.toBe("complete");
      }),
      { numRuns: 60 },
    );
  });

  test("a clock earlier than the last recorded run is refused", () => {
    const w: World = {
      services: ["exchange"],
      sizes: { exchange: [GB, GB] },
      gaps: { exchange: 0 },
      plan: { exchange: [1, 1] },
      budget: { exchange: 10 ** 7, sharepoint: 10 ** 7 },
      runsPerDay: [],
      failAfter: [],
    };
    const views: ServiceView[] = [
      {
        service: "exchange",
        taskId: "task-exchange",
        connected: true,
        taskStatus: "active",
        entities: [{ id: "a", kind: "mailbox", address: "a@x", active: false }],
      },
    ];
    const first = dayStep({ inputs: inputsFor(w, day(5)), previous: undefined, views });
    expect(() => dayStep({ inputs: inputsFor(w, day(4)), previous: first.progress, views })).toThrow(ClockWentBackError);
    expect(() => dayStep({ inputs: inputsFor(w, day(4)), previous: first.progress, views })).toThrow(
      /refuses to run for 2026-12-05: the rollout's ledger already records 2026-12-06.*M365_BACKUP_TODAY is a test hook/,
    );
    // The vendor's record of activations counts too: a run whose clock is behind the vendor's is refused.
    const ahead: ServiceView[] = [
      { ...views[0], entities: [{ id: "a", kind: "mailbox", address: "a@x", active: true, activatedOn: day(9) }] },
    ];
    expect(() => dayStep({ inputs: inputsFor(w, day(6)), previous: undefined, views: ahead })).toThrow(
      /the vendor already records 2026-12-10/,
    );
  });

  test("health is per service: one failing service holds only its own next wave", () => {
    const w: World = {
      services: ["exchange", "sharepoint"],
      sizes: { exchange: [GB, GB, GB], sharepoint: [GB, GB, GB] },
      gaps: { exchange: 0, sharepoint: 0 },
      plan: { exchange: [1, 1, 1], sharepoint: [1, 1, 1] },
      budget: { exchange: 10 ** 8, sharepoint: 10 ** 9 },
      runsPerDay: [],
      failAfter: [],
    };
    const view = (service: BackupService, ok: number): ServiceView => ({
      service,
      taskId: `task-${service}`,
      connected: true,
      taskStatus: "active",
      entities: w.sizes[service].map((sizeBytes, i) => ({
        id: `${service}-${i}`,
        kind: kindOf[service],
        address: `${service}${i}@x`,
        active: i === 0,
        sizeBytes,
        activatedOn: day(0),
        protection: i === 0 ? ("protected" as const) : ("not-active" as const),
      })),
      yesterday: { runs: 100, ok },
    });
    const previous = dayStep({
      inputs: inputsFor(w, day(0)),
      previous: undefined,
      views: [view("exchange", 100), view("sharepoint", 100)],
    }).progress;
    const step = dayStep({
      inputs: inputsFor(w, day(1)),
      previous: { ...previous, day: 1, lastAdvancedOn: day(0) },
      views: [view("exchange", 100), view("sharepoint", 0)],
    });
    expect(step.activations.map((a) => a.service)).toEqual(["exchange"]);
    expect(step.progress.services?.sharepoint?.held).toMatch(/0\.0% of yesterday's backups succeeded/);
    expect(step.progress.message).toMatch(/held: sharepoint/);
  });
});

describe("the run's day", () => {
  const now = new Date("2026-12-03T23:59:00Z");
  test("is today's UTC date unless a test against an emulator overrides it", () => {
    expect(runDay({}, now)).toBe("2026-12-03");
    expect(runDay({ M365_BACKUP_TODAY: "2026-12-09" }, now, { againstEmulator: true })).toBe("2026-12-09");
  });
  test("the override stops a stack that talks to the real vendor, naming the variable and the fix", () => {
    expect(() => runDay({ M365_BACKUP_TODAY: "2026-12-09" }, now)).toThrow(
      /M365_BACKUP_TODAY = "2026-12-09" is set, but this stack talks to the real vendor.*Fix: unset M365_BACKUP_TODAY/,
    );
    expect(() => runDay({ M365_BACKUP_TODAY: "9 Dec" }, now, { againstEmulator: true })).toThrow(/must be a date YYYY-MM-DD/);
  });
});
