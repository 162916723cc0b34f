import type { CloudAllyEmulator } from "../emulators/cloudally/cloudally-emulator";
import { DynamicProviderHost } from "../harness/dynamic-provider-host";
import { EngineLifecycle } from "../harness/engine-lifecycle";
import { startVendorEmulator, testVendorAccountId, vendorStackConfig } from "../harness/vendor-fixtures";
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

test("no task yet: up succeeds and waits with the exact console steps, changing nothing; once made in the console, the next up adopts it", async () => {
  const task = new EngineLifecycle(host, urn("console"));
  const waiting = await task.up(inputs("Contoso SharePoint backup"));
  expect(waiting.op).toBe("create");
  const today = new Date().toISOString().slice(0, 10);
  expect(waiting.state.outputs).toMatchObject({
    taskId: "",
    status: "awaiting-console",
    connectionState: "pending-authorization",
    lastSuccessfulBackupAt: "never",
    // backupTasks.consoleWaitDays (7 by default) after the first up.
    awaitingConsole: { since: today, escalatesOn: new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10) },
  });
  const [steps] = waiting.state.outputs.vendorActionRequired as string[];
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
  ]) {
    expect(steps).toMatch(step);
  }
  expect(emulator.tasks()).toHaveLength(0);
  // A refresh has nothing at the vendor to read: the wait stays a wait (not "gone", which would restart its clock).
  expect((await task.refresh())!.outputs).toMatchObject({ status: "awaiting-console", awaitingConsole: { since: today } });

  // A task of that name in another customer's account is not this stack's.
  emulator.consoleCreateTask({
    service: "sharepoint",
    name: "Contoso SharePoint backup",
    region: "us",
    rootUrl: "fabrikam.sharepoint.com",
    accountId: "fabrikam-1",
  });
  const stillWaiting = await task.up(inputs("Contoso SharePoint backup"));
  expect(stillWaiting.op).toBe("update");
  expect(stillWaiting.state.outputs).toMatchObject({ status: "awaiting-console", awaitingConsole: { since: today } });

  const made = emulator.consoleCreateTask({
    service: "sharepoint",
    name: "Contoso SharePoint backup",
    region: "us",
    rootUrl: "contoso.sharepoint.com",
    settings: { backupUnlicensedAccounts: true, retainArchivedDays: 365 },
  });
  const adopted = await task.up(inputs("Contoso SharePoint backup"));
  expect(adopted.op).toBe("update");
  expect(adopted.state.outputs.awaitingConsole).toBeUndefined();
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

test("a wait past backupTasks.consoleWaitDays fails up, naming the task and its steps; removing a waiting task calls nothing", async () => {
  const task = new EngineLifecycle(host, urn("escalated"));
  const waiting = await task.up(inputs("Contoso waiting backup", { consoleWaitDays: 3 }));
  const { since, escalatesOn } = waiting.state.outputs.awaitingConsole as { since: string; escalatesOn: string };
  const dayAfter = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  expect(escalatesOn).toBe(dayAfter(since, 3));
  // The daily runs a provider sees as later days (the day override a test host honours).
  const onDay = async (day: string) => {
    const later = await DynamicProviderHost.start({ M365_BACKUP_TODAY: day });
    await later.configure(vendorStackConfig(emulator, "public"));
    const run = new EngineLifecycle(later, task.urn);
    run.state = task.state;
    try {
      const result = await run.up(inputs("Contoso waiting backup", { consoleWaitDays: 3 }));
      task.state = run.state;
      return result;
    } finally {
      await later.stop();
    }
  };
  // The day before it escalates: still a green up, the wait's start kept.
  expect((await onDay(dayAfter(since, 2))).state.outputs).toMatchObject({
    status: "awaiting-console",
    awaitingConsole: { since, escalatesOn },
  });
  const before = emulator.service.log.length;
  const failed = (await onDay(escalatesOn).catch((e: unknown) => e)) as Error;
  expect(failed.message).toMatch(
    new RegExp(
      `The sharepoint backup task "Contoso waiting backup" has waited since ${since} to be made in the CloudAlly console, longer than backupTasks.consoleWaitDays \\(3\\)`,
    ),
  );
  expect(failed.message).toMatch(/Name \(alias\): "Contoso waiting backup" exactly/);
  // A failed update keeps the state: the wait's start is not lost, so the next day fails too until someone acts.
  expect(task.state!.outputs.awaitingConsole).toEqual({ since, escalatesOn });
  await task.destroy();
  expect(emulator.service.log.slice(before).filter((r) => r.method !== "GET" && !r.path.includes("/auth"))).toEqual([]);
});
