import type { BackupService } from "../../infra/services/backup-services";
import type { RolloutProgress } from "../../infra/rollout/wave-progress";
import type { CloudAllyEmulator } from "../emulators/cloudally/cloudally-emulator";
import { DynamicProviderHost, unknownValue } from "../harness/dynamic-provider-host";
import { EngineLifecycle } from "../harness/engine-lifecycle";
import { startVendorEmulator, testVendorCredentials, vendorStackConfig } from "../harness/vendor-fixtures";
import { connectedTasks, countsFor, rolloutInputs, serializedRolloutProvider } from "./rollout-fixtures";

const urn = (name: string) =>
  `urn:pulumi:test::m365-backup::m365-backup:rollout:TenantActivation$pulumi-nodejs:dynamic/m365-backup:ActivationRollout::${name}`;
const tenant = { exchange: { mailbox: 300, sharedMailbox: 20 }, onedrive: { oneDrive: 300 } };
const services: BackupService[] = ["exchange", "onedrive"];

let provider: string;
let host: DynamicProviderHost;
const emulators: CloudAllyEmulator[] = [];
const engines: EngineLifecycle[] = [];
const track = (engine: EngineLifecycle) => (engines.push(engine), engine);

const hosts: DynamicProviderHost[] = [];

beforeAll(async () => {
  provider = await serializedRolloutProvider();
});
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await Promise.all(emulators.map((e) => e.stop()));
});

/** A vendor of its own and a host configured for it, as one stack's `pulumi up` would have. */
async function freshVendor(dailyFailureRate = 0): Promise<CloudAllyEmulator> {
  const emulator = await startVendorEmulator({ tenant, dailyFailureRate });
  emulators.push(emulator);
  host = await DynamicProviderHost.start();
  hosts.push(host);
  await host.configure(vendorStackConfig(emulator));
  return emulator;
}

const progressOf = (engine: EngineLifecycle) => engine.state!.outputs.progress as RolloutProgress;
const allEntities = (emulator: CloudAllyEmulator) => emulator.tasks().flatMap((t) => emulator.entities(t.id));

describe("ActivationRollout through the dynamic-provider host against the vendor emulator", () => {
  test("vendor-managed: activates nothing, however many days pass, and follows the vendor once a day against the plan", async () => {
    const emulator = await freshVendor();
    const tasks = await connectedTasks(emulator, services);
    const engine = track(new EngineLifecycle(host, urn("vendor-managed")));
    await engine.up(rolloutInputs(provider, countsFor(tenant, 300), tasks, emulator.today, { mode: "vendor-managed" }));
    expect(progressOf(engine)).toMatchObject({ state: "vendor-managed", day: 0 });
    // A second run on the same day reads nothing new; the next day it looks at the vendor again.
    expect((await engine.up(rolloutInputs(provider, countsFor(tenant, 300), tasks, emulator.today, { mode: "vendor-managed" }))).op).toBe(
      "same",
    );
    emulator.advanceDay();
    expect((await engine.up(rolloutInputs(provider, countsFor(tenant, 300), tasks, emulator.today, { mode: "vendor-managed" }))).op).toBe(
      "update",
    );
    expect(progressOf(engine)).toMatchObject({ state: "vendor-managed", day: 0, checkedOn: emulator.today });
    expect(allEntities(emulator).filter((e) => e.active)).toHaveLength(0);
  });

  test("self-service: waits for sign-in, then one wave per calendar day within budget, held on bad health, paused by config, until complete, then auto-activates new objects", async () => {
    const emulator = await freshVendor();
    const tasks = await connectedTasks(emulator, services, false);
    const counts = countsFor(tenant, 300);
    const engine = track(new EngineLifecycle(host, urn("self-service")));
    // The config asks for auto-activation on Exchange only; the task holds it back until the rollout is done.
    const inputs = (extra: Parameters<typeof rolloutInputs>[4] = {}) =>
      rolloutInputs(provider, counts, tasks, emulator.today, { releaseAutoActivation: ["exchange"], ...extra });
    const autoActivating = () =>
      emulator
        .tasks()
        .filter((t) => t.settings.autoActivateNew)
        .map((t) => t.service);

    await engine.up(inputs());
    expect(progressOf(engine)).toMatchObject({ state: "waiting-for-authorization", day: 0 });
    expect(progressOf(engine).message).toMatch(/exchange: its task waits for sign-in.*onedrive: its task waits for sign-in/);
    for (const id of Object.values(tasks)) emulator.completeAuthorization(id!);

    // Signed in the same morning: the next run that day activates day 1.
    expect((await engine.up(inputs())).op).toBe("update");
    expect(progressOf(engine)).toMatchObject({ state: "advanced", day: 1, lastAdvancedOn: emulator.today });
    const afterDay1 = allEntities(emulator).filter((e) => e.active).length;
    expect(afterDay1).toBeGreaterThan(0);
    // A second run on the same day changes nothing.
    expect((await engine.up(inputs())).op).toBe("same");
    expect(allEntities(emulator).filter((e) => e.active)).toHaveLength(afterDay1);

    // Yesterday's backups mostly failed: the next wave waits.
    emulator.setDailyFailureRate(0.5);
    emulator.advanceDay();
    await engine.up(inputs());
    expect(progressOf(engine)).toMatchObject({ state: "waiting-for-health", day: 1 });
    expect(progressOf(engine).message).toMatch(/% of yesterday's backups succeeded, below the 95% threshold/);
    expect(allEntities(emulator).filter((e) => e.active)).toHaveLength(afterDay1);
    emulator.setDailyFailureRate(0);

    // Paused by config: nothing moves.
    emulator.advanceDay();
    await engine.up(inputs({ paused: true }));
    expect(progressOf(engine)).toMatchObject({ state: "paused", day: 1 });
    expect(allEntities(emulator).filter((e) => e.active)).toHaveLength(afterDay1);

    for (let guard = 0; guard < 60 && progressOf(engine).state !== "complete"; guard++) {
      expect(autoActivating()).toEqual([]);
      emulator.advanceDay();
      await engine.up(inputs());
      expect(["advanced", "complete"]).toContain(progressOf(engine).state);
    }
    const progress = progressOf(engine);
    expect(progress.state).toBe("complete");
    expect(autoActivating()).toEqual(["exchange"]);
    expect(progress.autoActivationReleased).toEqual(["exchange"]);
    const entities = allEntities(emulator);
    expect(entities.filter((e) => !e.active)).toEqual([]);
    // No entity activated twice, every wave within the scope's daily budget (measured with the vendor's sizes).
    expect(entities.filter((e) => e.activations !== 1)).toEqual([]);
    const budget = engine.state!.inputs.dailyBudget as Record<string, number>;
    for (const wave of progress.waves)
      for (const [scope, cost] of Object.entries(wave.cost)) expect(cost).toBeLessThanOrEqual(budget[scope]);
    // Activation days are distinct calendar days.
    expect(new Set(progress.waves.map((w) => w.activatedOn)).size).toBe(progress.waves.length);
    expect(progress.activated).toEqual({ exchange: 320, onedrive: 300 });
    // Refresh reads the vendor's counts; a complete rollout is checked again once a day (not twice on one day).
    const refreshed = await engine.refresh();
    expect((refreshed!.outputs.progress as RolloutProgress).activated).toEqual({ exchange: 320, onedrive: 300 });
    expect((await engine.up(inputs())).op).toBe("same");
    emulator.advanceDay();
    expect((await engine.up(inputs())).op).toBe("update");
    expect(progressOf(engine).state).toBe("complete");
    // The Exchange task is paused at the vendor and two days pass: its entities go stale, and the check says so.
    emulator.consoleAction(tasks.exchange!, "pause");
    emulator.advanceDay(2);
    await engine.up(inputs());
    expect(progressOf(engine)).toMatchObject({ state: "not-protected", services: { exchange: { complete: false } } });
    expect(progressOf(engine).message).toMatch(/exchange: task paused/);
  });

  test("priority entities go first", async () => {
    const emulator = await freshVendor();
    const tasks = await connectedTasks(emulator, services);
    const engine = track(new EngineLifecycle(host, urn("priority")));
    const priority = ["user299@contoso.com", "drive7@contoso.com"];
    await engine.up(rolloutInputs(provider, countsFor(tenant, 300), tasks, emulator.today, { priority }));
    const active = new Set(
      allEntities(emulator)
        .filter((e) => e.active)
        .map((e) => e.address),
    );
    for (const p of priority) expect(active.has(p)).toBe(true);
  });

  test("a failed run resumes with exactly the rest: dropped answers, a refusal that is not transient", async () => {
    const emulator = await freshVendor();
    const tasks = await connectedTasks(emulator, services);
    const engine = track(new EngineLifecycle(host, urn("faults")));
    const inputs = () => rolloutInputs(provider, countsFor(tenant, 300), tasks, emulator.today);
    // The first activation's answer is lost after the vendor acted; the retry replays it.
    emulator.service.injectFault({ kind: "drop-after" }, 1, (r) => r.path.endsWith("/activate"));
    emulator.service.injectFault({ kind: "throttle", retryAfterSeconds: 0 }, 3, (r) => r.path.endsWith("/entities"));
    await engine.up(inputs());
    expect(progressOf(engine).day).toBe(1);
    const day1 = allEntities(emulator).filter((e) => e.active).length;

    emulator.advanceDay();
    // Every activation fails this run: the update fails and state keeps day 1.
    emulator.service.injectFault(
      { kind: "error", status: 409 },
      100,
      (r) => r.path.endsWith("/activate") && r.path.includes(tasks.exchange!),
    );
    await expect(engine.up(inputs())).rejects.toThrow(/409/);
    expect(progressOf(engine).day).toBe(1);
    const partly = allEntities(emulator).filter((e) => e.active).length;
    expect(partly).toBeGreaterThanOrEqual(day1);
    emulator.service.clearFaults();

    // The next run the same day completes day 2 without re-activating anything.
    await engine.up(inputs());
    expect(progressOf(engine)).toMatchObject({ state: "advanced", day: 2 });
    expect(allEntities(emulator).filter((e) => e.activations > 1)).toEqual([]);
  });

  test("check names the bad key and lets preview's unknown values through", async () => {
    await freshVendor();
    const inputs = rolloutInputs(provider, countsFor(tenant, 300), { exchange: "t1" }, "2026-12-01");
    const bad = { ...inputs, waves: [{ ...inputs.waves[0], estimatedCost: inputs.waves[0].budget + 1 }], today: "1 Dec" };
    const checked = await host.check(urn("bad"), {}, bad);
    expect(checked.failures.map((f) => f.property).sort()).toEqual(["today", "waves.0"]);
    expect(checked.failures.find((f) => f.property === "today")!.reason).toMatch(/today = "1 Dec": must be a date YYYY-MM-DD/);
    const preview = await host.check(urn("preview"), {}, { ...inputs, tasks: unknownValue });
    expect(preview.failures).toEqual([]);
  });

  test("no vendor secret in outputs, state or the host's logs", () => {
    const text = JSON.stringify(engines.map((e) => e.state)) + provider + hosts.map((h) => h.logs).join("\n");
    expect(engines.length).toBeGreaterThan(3);
    for (const secret of [testVendorCredentials.clientSecret, testVendorCredentials.password]) expect(text).not.toContain(secret);
  });
});
