import { rolloutWaveThrottlingBudget } from "../../policies/rollout-wave-throttling-budget";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import { violationsOfResource } from "./policy-harness";
import { rolloutFixture } from "./backup-task-settings.fixtures";

const rollout = rolloutFixture;
type Wave = Record<string, unknown>;
const withWaves = (r: RecordedResource, change: (w: Wave, i: number) => Wave): RecordedResource => ({
  ...r,
  inputs: { ...r.inputs, waves: (r.inputs.waves as Wave[]).map(change) },
});

describe("rollout-wave-throttling-budget", () => {
  it("passes the dev stack's rollout", async () => {
    expect(await violationsOfResource(rolloutWaveThrottlingBudget, await rollout())).toEqual([]);
  });

  it("fails a wave estimated over its budget", async () => {
    const r = await rollout();
    const bad = withWaves(r, (w, i) => (i === 0 ? { ...w, estimatedCost: Number(w.budget) + 1 } : w));
    const [violation, ...rest] = await violationsOfResource(rolloutWaveThrottlingBudget, bad);
    expect(rest).toEqual([]);
    expect(violation).toMatch(
      new RegExp(
        `^Rollout ${r.name}: wave 1 \\(\\w+, \\d+ entities\\) is estimated at \\d+ against a budget of \\d+; split it into smaller waves\\.$`,
      ),
    );
  });

  it("applies the organisation's budget share", async () => {
    const r = await rollout();
    const share = 0.5;
    const violations = await violationsOfResource(rolloutWaveThrottlingBudget, r, { maxBudgetShare: share });
    expect(violations.length).toBeGreaterThan(0);
    expect(violations[0]).toMatch(/\(50% of \d+\); split it into smaller waves\.$/);
  });

  it("fails a safety factor below the minimum", async () => {
    const r = await rollout();
    const bad = { ...r, inputs: { ...r.inputs, safetyFactor: 0.8 } };
    expect(await violationsOfResource(rolloutWaveThrottlingBudget, bad, { minSafetyFactor: 1 })).toEqual([
      `Rollout ${r.name} plans with safety factor 0.8; this organisation requires at least 1.`,
    ]);
  });
});
