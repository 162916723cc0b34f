import type { BackupService } from "../../infra/services/backup-services";
import type { RolloutProgress } from "../../infra/rollout/wave-progress";
import type { CloudAllyEmulator } from "../emulators/cloudally/cloudally-emulator";
import { DynamicProviderHost } from "../harness/dynamic-provider-host";
import { EngineLifecycle } from "../harness/engine-lifecycle";
import { startVendorEmulator, testVendorAccountId, vendorStackConfig } from "../harness/vendor-fixtures";
import { countsFor, rolloutInputs, serializedRolloutProvider } from "./rollout-fixtures";

/** The rollout with CloudAlly's public API alone: the vendor activates, the rollout follows it day by day against the plan. */
const urn = `urn:pulumi:test::m365-backup::m365-backup:rollout:TenantActivation$pulumi-nodejs:dynamic/m365-backup:ActivationRollout::public`;
const tenant = { exchange: { mailbox: 3000 }, onedrive: { oneDrive: 3000 } };
let emulator: CloudAllyEmulator;
let host: DynamicProviderHost;

beforeAll(async () => {
  emulator = await startVendorEmulator({ tenant, publicOnly: true, accountId: testVendorAccountId });
  host = await DynamicProviderHost.start();
  await host.configure(vendorStackConfig(emulator, "public"));
});
afterAll(async () => {
  await host?.stop();
  await emulator?.stop();
});

test("vendor-managed through the public reads: behind or on plan each day, entities not yet active reported, complete when the vendor has activated everything, no call outside the public API", async () => {
  const provider = await serializedRolloutProvider();
  const tasks: Partial<Record<BackupService, string>> = {};
  for (const service of ["exchange", "onedrive"] as const)
    tasks[service] = emulator.consoleCreateTask({ service, name: `Contoso ${service}`, region: "us" }).id;
  const inputs = () => ({
    ...rolloutInputs(provider, countsFor(tenant, 3000), tasks, emulator.today, { mode: "vendor-managed", exchangeParallelMailboxes: 10 }),
    expected: { exchange: 3000, onedrive: 3000 },
  });
  const plannedEnd = Math.max(...inputs().waves.map((w) => w.index));
  expect(plannedEnd).toBeGreaterThan(2);
  const planned = (service: BackupService, day: number) =>
    inputs()
      .waves.filter((w) => w.service === service && w.index <= day)
      .reduce((n, w) => n + w.entityCount, 0);
  const rollout = new EngineLifecycle(host, urn);
  const progress = () => rollout.state!.outputs.progress as RolloutProgress;

  await rollout.up(inputs());
  expect(progress()).toMatchObject({
    state: "vendor-managed",
    day: 0,
    services: { exchange: { listed: 3000, active: 0, discovered: 3000, complete: false } },
  });
  expect(progress().message).toMatch(/the vendor has not activated anything yet/);

  // Day 1 (the day after the onboarding request): the vendor activates half of what the plan has for the day; the rollout says it is behind.
  emulator.advanceDay();
  emulator.vendorActivate(tasks.exchange!, Math.floor(planned("exchange", 1) / 2));
  emulator.vendorActivate(tasks.onedrive!, planned("onedrive", 1));
  await rollout.up(inputs());
  expect(progress()).toMatchObject({
    day: 1,
    services: { exchange: { plannedByToday: planned("exchange", 1), active: Math.floor(planned("exchange", 1) / 2) } },
  });
  expect(progress().message).toMatch(
    new RegExp(
      `day 1 of ${plannedEnd} of the vendor's rollout, behind plan: exchange ${Math.floor(planned("exchange", 1) / 2)} of ${planned("exchange", 1)} planned`,
    ),
  );
  expect(progress().message).toMatch(/exchange: \d+ not active, \d+ active, not backed up yet/);

  // The vendor catches up, one day at a time, in daily batches.
  for (let day = 2; progress().state !== "complete" && day <= plannedEnd + 3; day++) {
    emulator.advanceDay();
    for (const service of ["exchange", "onedrive"] as const)
      emulator.vendorActivate(tasks[service]!, planned(service, day) - emulator.entities(tasks[service]!).filter((e) => e.active).length);
    const run = await rollout.up(inputs());
    expect(run.op).toBe("update");
    if (progress().state !== "complete") expect(progress()).toMatchObject({ day, state: "vendor-managed" });
  }
  expect(progress()).toMatchObject({
    state: "complete",
    services: { exchange: { active: 3000, complete: true }, onedrive: { active: 3000, complete: true } },
  });
  // Complete: the next day's up checks it still is (backups went on overnight).
  emulator.advanceDay();
  expect((await rollout.up(inputs())).op).toBe("update");
  expect(progress().state).toBe("complete");
  expect(emulator.callsOutsidePublicApi()).toEqual([]);
});
