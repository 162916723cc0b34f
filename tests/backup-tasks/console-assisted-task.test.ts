import type { CloudAllyEmulator } from "../emulators/cloudally/cloudally-emulator";
import { DynamicProviderHost } from "../harness/dynamic-provider-host";
import { EngineLifecycle } from "../harness/engine-lifecycle";
import { startVendorEmulator, testVendorAccountId, vendorStackConfig } from "./vendor-fixtures";
import { serializedTaskProvider, sharePointTaskInputs } from "./task-provider-fixture";

/** BackupTask with CloudAlly's public API alone (vendorApi.capabilities public), driven as the engine drives it. */
const urn = (name: string) => `urn:pulumi:test::m365-backup::pulumi-nodejs:dynamic/m365-backup:BackupTask::${name}`;
let provider: string;
let emulator: CloudAllyEmulator;
let host: DynamicProviderHost;

beforeAll(async () => {
  provider = await serializedTaskProvider();
  emulator = await startVendorEmulator({ tenant: { sharepoint: { site: 40 } }, publicOnly: true, accountId: testVendorAccountId });
  host = await DynamicProviderHost.start();
  await host.configure(vendorStackConfig(emulator, "public"));
});
afterAll(async () => {
  await host?.stop();
  await emulator?.stop();
});

const inputs = (name: string, extra: Record<string, unknown> = {}) =>
  sharePointTaskInputs(provider, name, { autoActivateNewRequested: true, ...extra });

test("no task yet: up fails with the exact console steps and changes nothing; once made in the console, the next up adopts it", async () => {
  const task = new EngineLifecycle(host, urn("console"));
  const failed = (await task.up(inputs("Contoso SharePoint backup")).catch((e: unknown) => e)) as Error;
  expect(failed).toBeInstanceOf(Error);
  for (const step of [
    /Create the sharepoint backup task in the CloudAlly console/,
    /Name \(alias\): "Contoso SharePoint backup" exactly/,
    /Data region: us/,
    /SharePoint root: https:\/\/contoso\.sharepoint\.com/,
    /"Back up unlicensed accounts": on/,
    /"Keep archived items": 365 days/,
    /"Auto-activate new objects": off until the activation rollout completes/,
    // The guide's stage 6, where the person doing it reads it.
    /5\. Choose the "OAuth" option, click Start .* as the sharepoint backup account/,
    /7\. When the console shows what it discovered: DO NOT ACTIVATE ANY BACKUPS \(not "Activate All", not one by one\)/,
    /Nothing was changed at the vendor/,
  ]) {
    expect(failed.message).toMatch(step);
  }
  expect(task.state).toBeUndefined();
  expect(emulator.tasks()).toHaveLength(0);

  // A task of that name in another customer's account is not this stack's.
  emulator.consoleCreateTask({
    service: "sharepoint",
    name: "Contoso SharePoint backup",
    region: "us",
    rootUrl: "fabrikam.sharepoint.com",
    accountId: "fabrikam-1",
  });
  await expect(task.up(inputs("Contoso SharePoint backup"))).rejects.toThrow(/Create the sharepoint backup task/);

  const made = emulator.consoleCreateTask({
    service: "sharepoint",
    name: "Contoso SharePoint backup",
    region: "us",
    rootUrl: "contoso.sharepoint.com",
    settings: { backupUnlicensedAccounts: true, retainArchivedDays: 365 },
  });
  const adopted = await task.up(inputs("Contoso SharePoint backup"));
  expect(adopted.op).toBe("create");
  // Listed and signed in to this tenant, but no backup yet: not taken as connected (the pass and sign-in stay).
  expect(adopted.state.outputs).toMatchObject({
    taskId: made.id,
    connectionState: "pending-authorization",
    status: "active",
    discoveredCounts: { site: 40 },
    vendorActionRequired: [expect.stringMatching(/No backup of task "Contoso SharePoint backup" .* shows yet/)],
    consoleChecks: [expect.stringMatching(/the public API does not show settings/)],
  });
  expect((await task.up(inputs("Contoso SharePoint backup"))).op).toBe("same");
  // The first backup is the evidence: refresh then reads the task as connected.
  emulator.vendorActivate(made.id, 40);
  emulator.advanceDay();
  const refreshed = await task.refresh();
  expect(refreshed!.outputs).toMatchObject({ connectionState: "connected", vendorActionRequired: [] });
  expect(emulator.callsOutsidePublicApi()).toEqual([]);
});

test("a difference the public reads show comes back as console steps, never as a call; delete leaves the task and its data", async () => {
  const made = emulator.consoleCreateTask({
    service: "sharepoint",
    name: "Contoso drift backup",
    region: "us",
    rootUrl: "contoso.sharepoint.com",
  });
  // Backed up once, so the only differences left are the ones this test makes.
  emulator.vendorActivate(made.id, 40);
  emulator.advanceDay();
  const task = new EngineLifecycle(host, urn("drift"));
  await task.up(inputs("Contoso drift backup"));
  const before = emulator.service.log.length;

  // Paused by the config: reported, not done.
  const paused = await task.up(inputs("Contoso drift backup", { paused: true }));
  expect(paused.op).toBe("update");
  expect(paused.state.outputs.vendorActionRequired).toEqual([
    expect.stringMatching(/^Pause task "Contoso drift backup" \(task-\d+\) in the CloudAlly console/),
  ]);
  expect(emulator.tasks().find((t) => t.id === made.id)!.status).toBe("active");

  // Paused by someone in the console: refresh sees it, the next up asks for the console step back.
  emulator.consoleAction(made.id, "pause");
  await task.refresh();
  const resumed = await task.up(inputs("Contoso drift backup"));
  expect(resumed.state.outputs.vendorActionRequired).toEqual([
    expect.stringMatching(/^Resume task "Contoso drift backup" .* reports it PAUSED/),
  ]);

  await task.destroy();
  expect(emulator.tasks().find((t) => t.id === made.id)).toBeDefined();
  expect(emulator.backupDataDeleted(made.id)).toBe(false);
  expect(emulator.service.log.slice(before).filter((r) => r.method !== "GET" && !r.path.includes("/auth"))).toEqual([]);
  expect(emulator.callsOutsidePublicApi()).toEqual([]);
});

test("a task of that name in another data region is refused, naming both regions", async () => {
  emulator.consoleCreateTask({ service: "sharepoint", name: "Contoso EU backup", region: "eu", rootUrl: "contoso.sharepoint.com" });
  const task = new EngineLifecycle(host, urn("region"));
  await expect(task.up(inputs("Contoso EU backup"))).rejects.toThrow(
    /exists \(task-\d+\) in data region EU_FRANKFURT, not us; it cannot be adopted/,
  );
});

test("a stack file copied from another tenant of the same partner account does not adopt that tenant's task", async () => {
  // Fabrikam's task, made in the console under the same customer account, with the name Contoso's stack file asks for.
  const fabrikam = emulator.consoleCreateTask({
    service: "sharepoint",
    name: "Copied SharePoint backup",
    region: "us",
    rootUrl: "fabrikam.sharepoint.com",
    domain: "fabrikam.com",
  });
  const task = new EngineLifecycle(host, urn("copied"));
  const failed = (await task.up(inputs("Copied SharePoint backup")).catch((e: unknown) => e)) as Error;
  expect(failed.message).toMatch(
    new RegExp(
      `The sharepoint backup task "Copied SharePoint backup" \\(${fabrikam.id}\\) .* signed in as admin@fabrikam\\.com, which is not an account of this stack's tenant`,
    ),
  );
  expect(failed.message).toMatch(/It was not adopted and nothing was changed/);
  expect(task.state).toBeUndefined();
});
