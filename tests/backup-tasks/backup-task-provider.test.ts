import type { CloudAllyEmulator } from "../emulators/cloudally/cloudally-emulator";
import { DynamicProviderHost, unknownValue } from "../harness/dynamic-provider-host";
import { EngineLifecycle } from "../harness/engine-lifecycle";
import { clientFor, startVendorEmulator, testM365TenantId, testVendorCredentials, vendorStackConfig } from "../harness/vendor-fixtures";
import { serializedTaskProvider, sharePointTaskInputs, sharePointTaskSettings } from "./task-provider-fixture";

const urn = (name: string) => `urn:pulumi:test::m365-backup::pulumi-nodejs:dynamic/m365-backup:BackupTask::${name}`;
let provider: string;
let emulator: CloudAllyEmulator;
let host: DynamicProviderHost;
const engines: EngineLifecycle[] = [];

beforeAll(async () => {
  provider = await serializedTaskProvider();
  emulator = await startVendorEmulator({ tenant: { sharepoint: { site: 40 } } });
  host = await DynamicProviderHost.start();
  await host.configure(vendorStackConfig(emulator));
});
afterAll(async () => {
  await host?.stop();
  await emulator?.stop();
});

const settings = sharePointTaskSettings;
const inputs = (name: string, extra: Record<string, unknown> = {}) => sharePointTaskInputs(provider, name, { ...extra });
const engine = (name: string) => {
  const e = new EngineLifecycle(host, urn(name));
  engines.push(e);
  return e;
};

describe("BackupTask through the dynamic-provider host against the vendor emulator", () => {
  test("create pending with a sign-in link, refresh connected, change one setting, no-op, delete pauses and keeps data", async () => {
    const task = engine("lifecycle");
    const created = await task.up(inputs("Contoso SharePoint backup"));
    expect(created.op).toBe("create");
    expect(created.state.outputs).toMatchObject({
      connectionState: "pending-authorization",
      authorizationUrl: expect.stringMatching(/\/oauth\/authorize\?task=/),
      status: "active",
    });
    const id = created.state.id;
    expect(emulator.entities(id).filter((e) => e.active)).toHaveLength(0);

    emulator.completeAuthorization(id);
    const refreshed = await task.refresh();
    expect(refreshed!.outputs).toMatchObject({ connectionState: "connected", discoveredCounts: { site: 40 } });
    expect(refreshed!.outputs.authorizationUrl).toBeUndefined();

    const before = emulator.service.log.length;
    const changed = await task.up(inputs("Contoso SharePoint backup", { settings: { ...settings, retainArchivedDays: 730 } }));
    expect(changed.op).toBe("update");
    const patches = emulator.service.log.slice(before).filter((r) => r.method === "PATCH");
    expect(patches).toHaveLength(1);
    expect(emulator.tasks().find((t) => t.id === id)!.settings.retainArchivedDays).toBe(730);
    expect(changed.state.outputs).toMatchObject({ taskId: id, connectionState: "connected", settings: { retainArchivedDays: 730 } });

    expect((await task.up(inputs("Contoso SharePoint backup", { settings: { ...settings, retainArchivedDays: 730 } }))).op).toBe("same");

    // Someone changes the task in the vendor's console: refresh shows it, the next up puts it back.
    await clientFor(emulator).updateTask(id, { settings: { backupUnlicensedAccounts: false } });
    await task.refresh();
    expect((await task.up(inputs("Contoso SharePoint backup", { settings: { ...settings, retainArchivedDays: 730 } }))).op).toBe("update");
    expect(emulator.tasks().find((t) => t.id === id)!.settings.backupUnlicensedAccounts).toBe(true);

    await task.destroy();
    expect(emulator.tasks().find((t) => t.id === id)!.status).toBe("paused");
    expect(emulator.backupDataDeleted(id)).toBe(false);
  });

  test("delete with allowBackupDataDeletion deletes the data; a region change is refused without it", async () => {
    const task = engine("deletable");
    await task.up(inputs("Contoso Sites archive"));
    await expect(task.up(inputs("Contoso Sites archive", { region: "eu" }))).rejects.toThrow(
      /cannot change region in place.*Nothing was changed/,
    );
    expect(emulator.tasks().filter((t) => t.name === "Contoso Sites archive")).toHaveLength(1);
    await task.up(inputs("Contoso Sites archive", { allowBackupDataDeletion: true }));
    const id = task.state!.id;
    await task.destroy();
    expect(emulator.backupDataDeleted(id)).toBe(true);
  });

  test("a task made by hand is adopted only once it is signed in to this tenant; then it is owned and its settings set", async () => {
    const byHand = {
      service: "sharepoint" as const,
      name: "Contoso Adopted backup",
      rootUrl: "contoso.sharepoint.com",
      region: "us",
      settings: { indexForSearch: true, backupUnlicensedAccounts: false, retainArchivedDays: null, autoActivateNew: false },
    };
    const existing = await clientFor(emulator).createTask(byHand, "made-by-hand");
    const task = engine("adopted");
    await expect(task.up(inputs("Contoso Adopted backup"))).rejects.toThrow(
      /already exists \(task-\d+\) and cannot be adopted: it has no owner and is not signed in yet.*Nothing was changed/,
    );
    emulator.completeAuthorization(existing.id, "99999999-0000-4000-8000-000000000000");
    await expect(task.up(inputs("Contoso Adopted backup"))).rejects.toThrow(
      /signed in to another Microsoft 365 tenant \(99999999-0000-4000-8000-000000000000\)/,
    );
    emulator.completeAuthorization(existing.id, testM365TenantId);
    const { state } = await task.up(inputs("Contoso Adopted backup"));
    expect(state.id).toBe(existing.id);
    expect(emulator.tasks().filter((t) => t.name === "Contoso Adopted backup")).toHaveLength(1);
    expect(emulator.tasks().find((t) => t.id === existing.id)).toMatchObject({
      owner: { tenantId: testM365TenantId, stack: "test", resource: "Contoso Adopted backup" },
      settings: { backupUnlicensedAccounts: true, retainArchivedDays: 365 },
    });
  });

  test("faults: an answer lost after the create yields one task; a 429 storm and a 500 are survived; a refused update converges on the next up", async () => {
    emulator.service.injectFault({ kind: "drop-after" }, 1, (r) => r.method === "POST" && r.path === "/v2/tasks");
    emulator.service.injectFault({ kind: "throttle", retryAfterSeconds: 0 }, 4, (r) => r.path.startsWith("/v2/tasks"));
    const task = engine("faulty");
    await task.up(inputs("Contoso Faulty backup"));
    expect(emulator.tasks().filter((t) => t.name === "Contoso Faulty backup")).toHaveLength(1);

    // A 500 is retried within the call's budget; a refusal that is not transient fails the up, and the next up converges.
    emulator.service.injectFault({ kind: "error", status: 500 }, 1, (r) => r.method === "PATCH");
    emulator.service.injectFault(
      { kind: "rewrite", rewrite: () => ({ status: 422, body: { error: { code: "Busy", message: "The task is being changed." } } }) },
      1,
      (r) => r.method === "PATCH",
    );
    await expect(
      task.up(inputs("Contoso Faulty backup", { settings: { ...settings, autoActivateNew: false, backupUnlicensedAccounts: false } })),
    ).rejects.toThrow(/HTTP 422 \(Busy\)/);
    expect(
      emulator.service
        .requests("PATCH", /^\/v2\/tasks\//)
        .map((r) => r.status)
        .slice(-2),
    ).toEqual([500, 422]);
    emulator.service.clearFaults();
    const next = await task.up(inputs("Contoso Faulty backup", { settings: { ...settings, backupUnlicensedAccounts: false } }));
    expect(next.op).toBe("update");
    expect(emulator.tasks().find((t) => t.id === next.state.id)!.settings.backupUnlicensedAccounts).toBe(false);
  });

  test("on an enterprise tenant, auto-activation the completed rollout switched on is neither drift nor undone; without the request it is put back off", async () => {
    const task = engine("released");
    const requested = (extra: Record<string, unknown> = {}) =>
      inputs("Contoso Released backup", { autoActivateNewRequested: true, ...extra });
    const { state } = await task.up(requested());
    const id = state.id;
    const vendorAuto = () => emulator.tasks().find((t) => t.id === id)!.settings.autoActivateNew;
    expect(vendorAuto()).toBe(false);

    // What the ActivationRollout does once every entity is active.
    await clientFor(emulator).updateTask(id, { settings: { autoActivateNew: true } });
    await task.refresh();
    expect((await task.up(requested())).op).toBe("same");
    // Another setting changes: that one is sent, auto-activation stays on.
    expect((await task.up(requested({ settings: { ...settings, retainArchivedDays: 90 } }))).op).toBe("update");
    expect(emulator.tasks().find((t) => t.id === id)!.settings).toMatchObject({ retainArchivedDays: 90, autoActivateNew: true });

    // The config no longer asks for it: the task switches it off again.
    expect((await task.up(requested({ autoActivateNewRequested: false, settings: { ...settings, retainArchivedDays: 90 } }))).op).toBe(
      "update",
    );
    expect(vendorAuto()).toBe(false);
  });

  test("check names the bad key and lets preview's unknown values through", async () => {
    const bad = await host.check(
      urn("bad"),
      {},
      inputs("Contoso Bad backup", { settings: { ...settings, retainArchivedDays: 0 }, region: "mars" }),
    );
    expect(bad.failures.map((f) => f.property).sort()).toEqual(["region", "settings.retainArchivedDays"]);
    expect(bad.failures.find((f) => f.property === "region")!.reason).toMatch(/region = "mars"/);
    expect((await host.check(urn("preview"), {}, inputs("Contoso Bad backup", { rootUrl: unknownValue }))).failures).toEqual([]);
  });

  test("indexing off becomes a vendor-support request, not a pretended setting", async () => {
    const task = engine("no-index");
    const { state } = await task.up(
      inputs("Contoso Unindexed backup", {
        settings: { ...settings, indexForSearch: false, indexingOffJustification: "Legal asked for no full-text index" },
      }),
    );
    expect(emulator.tasks().find((t) => t.id === state.id)!.settings.indexForSearch).toBe(true);
    expect(state.outputs.vendorActionRequired).toEqual([
      expect.stringMatching(/only vendor support can do this.*Legal asked for no full-text index/),
    ]);
  });

  test("no vendor secret in outputs, state, the provider text or the host's logs", () => {
    const text = JSON.stringify(engines.map((e) => e.state)) + provider + host.logs;
    expect(engines.length).toBeGreaterThan(4);
    for (const secret of [testVendorCredentials.clientSecret, testVendorCredentials.password]) expect(text).not.toContain(secret);
  });
});
