import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { BackupTaskStatus } from "../../components/backup-tasks";
import type { RolloutProgress } from "../../infra/rollout/wave-progress";
import { startVendorEmulator, testVendorCredentials, vendorStackConfig } from "../harness/vendor-fixtures";
import type { CloudAllyEmulator } from "../emulators/cloudally/cloudally-emulator";
import { registerDiscoveryRoutes } from "../emulators/graph/discovery-routes";
import { KeyVaultState, registerKeyVaultRoutes } from "../emulators/azure/key-vault-routes";
import { PrivilegedAccessState, registerPrivilegedAccessRoutes } from "../emulators/graph/privileged-access-routes";
import { GraphEmulator } from "../emulators/graph/graph-emulator";
import { SeededCounts, seededTenant } from "../emulators/graph/seeded-tenant";
import { DynamicProviderHost } from "../harness/dynamic-provider-host";
import { StackEngine, UpResult } from "../harness/stack-engine";
import { devStackConfig } from "../harness/program-under-mocks";

/**
 * Whole stacks as the engine runs them: the real program under Pulumi's mock runtime, discovery through
 * the Graph emulator, every backup task and the rollout through Pulumi's dynamic-provider host against
 * the vendor emulator, state in a file between runs. Each scenario ends with every discovered entity
 * active, or with an output or error that names what is not.
 */

const seeded = seededTenant({ users: 300, seed: 11 });
const tenantId = seeded.tenant.tenantId;
let graph: GraphEmulator;
let vault: KeyVaultState;
let access: PrivilegedAccessState;
let host: DynamicProviderHost;
const vendors: CloudAllyEmulator[] = [];
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "m365-stack-"));
const savedEnv = { ...process.env };

beforeAll(async () => {
  graph = new GraphEmulator(seeded.tenant);
  registerDiscoveryRoutes(graph);
  access = registerPrivilegedAccessRoutes(graph);
  vault = registerKeyVaultRoutes(graph);
  await graph.start();
  Object.assign(process.env, graph.environment());
}, 30_000);
afterAll(async () => {
  await host?.stop();
  for (const v of vendors) await v.stop();
  await graph?.stop();
  process.env = savedEnv;
  fs.rmSync(stateDir, { recursive: true, force: true });
});

function vendorTenant(c: SeededCounts) {
  return {
    exchange: { mailbox: c.userMailboxes, sharedMailbox: c.sharedMailboxes },
    sharepoint: { site: c.sites },
    onedrive: { oneDrive: c.oneDrives },
    groupsTeams: { group: c.groups },
  };
}

/**
 * A fresh vendor account (one per scenario) and a fresh provider host configured for it: the host
 * configures a provider once, when it first loads it, as one `pulumi up` does.
 */
async function freshVendor(): Promise<CloudAllyEmulator> {
  const vendor = await startVendorEmulator({ tenant: vendorTenant(seeded.counts), m365TenantId: tenantId });
  vendors.push(vendor);
  await host?.stop();
  host = await DynamicProviderHost.start();
  await host.configure(vendorStackConfig(vendor));
  return vendor;
}

type Config = Record<string, unknown>;
/** The dev stack for the seeded tenant, self-service, pointed at the vendor emulator. */
function stackConfig(vendor: CloudAllyEmulator, change: (c: Record<string, Record<string, unknown>>) => void = () => undefined): Config {
  const c = devStackConfig() as Record<string, Record<string, unknown>>;
  c["azuread:tenantId"] = tenantId as never;
  c["m365-backup:tenant"] = { ...c["m365-backup:tenant"], id: tenantId };
  c["m365-backup:rollout"] = { ...c["m365-backup:rollout"], mode: "self-service" };
  c["m365-backup:vendorApi"] = { ...c["m365-backup:vendorApi"], emulatorUrl: vendor.url };
  c["m365-backup:backupTasks"] = { ...c["m365-backup:backupTasks"], overrides: { exchange: { autoActivateNew: true } } };
  change(c);
  return {
    ...c,
    "m365-backup:vendorClientSecret": testVendorCredentials.clientSecret,
    "m365-backup:vendorPassword": testVendorCredentials.password,
  };
}

function engineFor(name: string, stack = "contoso"): StackEngine {
  return new StackEngine(host, path.join(stateDir, `${name}.json`), stack);
}

async function up(
  engine: StackEngine,
  vendor: CloudAllyEmulator,
  config: Config,
  options: Parameters<StackEngine["up"]>[1] = {},
): Promise<UpResult> {
  process.env.M365_BACKUP_TODAY = vendor.today;
  return engine.up(config, options);
}

const ok = (r: UpResult): UpResult => {
  if (r.error) throw r.error;
  return r;
};
const progressOf = (r: UpResult) => r.outputs.rolloutProgress as RolloutProgress;
const statusesOf = (r: UpResult) => r.outputs.backupTaskStatuses as Record<string, BackupTaskStatus>;
/** Requests that change something at the vendor (sign-in exchanges excluded). */
const vendorWrites = (vendor: CloudAllyEmulator, from = 0) =>
  vendor.service.log.slice(from).filter((r) => r.method !== "GET" && !r.path.startsWith("/v2/auth/"));
const graphWrites = (from = 0) => graph.service.log.slice(from).filter((r) => r.method !== "GET");
const everyEntity = (vendor: CloudAllyEmulator) => vendor.tasks().flatMap((t) => vendor.entities(t.id));
const discoveredTotal =
  seeded.counts.userMailboxes + seeded.counts.sharedMailboxes + seeded.counts.sites + seeded.counts.oneDrives + seeded.counts.groups;

/** The first up, then every task signed in as the admin would, opening each link once. */
async function createAndSignIn(engine: StackEngine, vendor: CloudAllyEmulator, config: Config): Promise<UpResult> {
  const run = ok(await up(engine, vendor, config));
  for (const t of vendor.tasks()) if (t.connectionState !== "connected") vendor.completeAuthorization(t.id, tenantId);
  return run;
}

/** Signs every task in, then one up a day until the rollout completes. */
async function onboard(engine: StackEngine, vendor: CloudAllyEmulator, config: Config): Promise<UpResult> {
  let run = await createAndSignIn(engine, vendor, config);
  await engine.refresh();
  for (let day = 0; day < 30 && progressOf(run).state !== "complete"; day++) {
    run = ok(await up(engine, vendor, config));
    if (progressOf(run).state !== "complete") vendor.advanceDay();
  }
  return run;
}

describe("whole stacks through the dynamic-provider host, as the engine runs them", () => {
  test("a tenant onboarded to complete; then a no-change up makes zero vendor and Graph writes", async () => {
    const vendor = await freshVendor();
    const engine = engineFor("complete");
    const config = stackConfig(vendor);
    const first = ok(await up(engine, vendor, config));
    // Engine order: the four tasks are created before the rollout that takes their ids.
    const created = first.steps.map((s) => `${s.op} ${s.key.split("::").pop()}`);
    expect(created.slice(0, 4).sort()).toEqual([
      "create contoso-tasks-exchange",
      "create contoso-tasks-groupsteams",
      "create contoso-tasks-onedrive",
      "create contoso-tasks-sharepoint",
    ]);
    expect(created.slice(4)).toEqual(["create contoso-rollout-activation"]);
    expect(progressOf(first).state).toBe("waiting-for-authorization");
    const done = await onboard(engine, vendor, config);
    expect(progressOf(done)).toMatchObject({ state: "complete" });
    expect(everyEntity(vendor)).toHaveLength(discoveredTotal);
    expect(everyEntity(vendor).filter((e) => !e.active)).toEqual([]);
    expect(everyEntity(vendor).filter((e) => e.activations !== 1)).toEqual([]);
    expect(vendor.tasks().find((t) => t.service === "exchange")!.settings.autoActivateNew).toBe(true);

    vendor.advanceDay();
    await engine.refresh();
    const [vendorMark, graphMark] = [vendor.service.log.length, graph.service.log.length];
    const again = ok(await up(engine, vendor, config));
    // Only the rollout's daily check runs (a read of the vendor): complete is re-checked every day.
    expect(again.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.key.split("::").pop()}`)).toEqual([
      "update contoso-rollout-activation",
    ]);
    expect(progressOf(again).state).toBe("complete");
    expect(vendorWrites(vendor, vendorMark)).toEqual([]);
    expect(graphWrites(graphMark)).toEqual([]);
    expect(Object.values(statusesOf(again)).every((s) => s.status === "active" && s.lastSuccessfulBackupAt !== "never")).toBe(true);
  }, 240_000);

  test("two stacks on one vendor account with the same prefix: the second never adopts or pauses the first's tasks", async () => {
    const vendor = await freshVendor();
    const first = engineFor("first", "tenant-a");
    ok(
      await up(
        first,
        vendor,
        stackConfig(
          vendor,
          (c) =>
            (c["m365-backup:backupTasks"] = {
              ...c["m365-backup:backupTasks"],
              defaults: { ...(c["m365-backup:backupTasks"].defaults as object), retainArchivedDays: 2555 },
            }),
        ),
      ),
    );
    const before = JSON.stringify(vendor.tasks());
    // Another tenant's stack, same namePrefix, shorter retention.
    const otherTenant = "7d9e0c1b-3a2f-4e5d-8c7b-6a5f4e3d2c1b";
    const second = engineFor("second", "tenant-b");
    const run = await up(
      second,
      vendor,
      stackConfig(vendor, (c) => {
        c["azuread:tenantId"] = otherTenant as never;
        c["m365-backup:tenant"] = { ...c["m365-backup:tenant"], id: otherTenant };
        c["m365-backup:backupTasks"] = {
          ...c["m365-backup:backupTasks"],
          defaults: { ...(c["m365-backup:backupTasks"].defaults as object), retainArchivedDays: 30 },
        };
      }),
    );
    expect(run.error?.message).toMatch(
      /backup task named "Contoso Exchange backup" already exists \(task-1\) and cannot be adopted: it belongs to resource "contoso-tasks-exchange" of stack "tenant-a" for tenant .*Nothing was changed/,
    );
    expect(JSON.stringify(vendor.tasks())).toBe(before);
    expect(vendor.tasks().filter((t) => t.status !== "active" || t.settings.retainArchivedDays === 30)).toEqual([]);
    // Its destroy touches nothing of the first stack.
    await second.destroy();
    expect(JSON.stringify(vendor.tasks())).toBe(before);
  }, 240_000);

  test("a rename keeps the task: with aliases an update, without them the new resource takes it over and the old URN's delete changes nothing", async () => {
    const vendor = await freshVendor();
    const engine = engineFor("rename");
    const config = stackConfig(vendor);
    ok(await up(engine, vendor, config));
    const exchange = () => vendor.tasks().find((t) => t.service === "exchange")!;
    const id = exchange().id;

    const aliased = ok(await up(engine, vendor, config, { rename: { "contoso-tasks-exchange": "tenant-exchange-task" }, aliases: true }));
    expect(aliased.steps.filter((s) => s.key.endsWith("exchange-task")).map((s) => s.op)).toEqual(["update"]);
    expect(exchange()).toMatchObject({ id, status: "active", owner: { resource: "tenant-exchange-task" } });

    // Without aliases the old URN's delete is refused while it is protected: the operator unprotects it first.
    const rename = { "contoso-tasks-exchange": "exchange-backup-task" };
    const steps = (r: { steps: { op: string; key: string }[] }) =>
      r.steps.filter((s) => /exchange-(backup-)?task$/.test(s.key)).map((s) => `${s.op} ${s.key.split("::").pop()}`);
    const refused = await up(engine, vendor, config, { rename });
    expect(steps(refused)).toEqual(["create exchange-backup-task"]);
    expect(refused.error?.message).toMatch(/unable to delete .*tenant-exchange-task: it is protected/);
    engine.unprotect("pulumi-nodejs:dynamic/m365-backup:BackupTask", "tenant-exchange-task");
    const bare = ok(await up(engine, vendor, config, { rename }));
    expect(steps(bare)).toEqual(["same exchange-backup-task", "delete tenant-exchange-task"]);
    expect(vendor.tasks().filter((t) => t.service === "exchange")).toHaveLength(1);
    expect(exchange()).toMatchObject({ id, status: "active", owner: { resource: "exchange-backup-task" } });
  }, 240_000);

  test("a task paused at the vendor shows in the outputs and the next up resumes it, unless the config holds it paused", async () => {
    const vendor = await freshVendor();
    const engine = engineFor("paused");
    const config = stackConfig(vendor);
    ok(await up(engine, vendor, config));
    const sharepoint = vendor.tasks().find((t) => t.service === "sharepoint")!;
    vendor.consoleAction(sharepoint.id, "pause");
    await engine.refresh();
    const mark = vendor.service.log.length;
    const resumed = ok(await up(engine, vendor, config));
    expect(vendorWrites(vendor, mark).map((r) => `${r.method} ${r.path}`)).toEqual([`POST /v2/tasks/${sharepoint.id}/resume`]);
    expect(statusesOf(resumed).sharepoint.status).toBe("active");

    const held = stackConfig(
      vendor,
      (c) => (c["m365-backup:backupTasks"] = { ...c["m365-backup:backupTasks"], pausedServices: ["sharepoint"] }),
    );
    const pausedRun = ok(await up(engine, vendor, held));
    expect(statusesOf(pausedRun).sharepoint.status).toBe("paused");
    vendor.consoleAction(vendor.tasks().find((t) => t.service === "exchange")!.id, "archive");
    await engine.refresh();
    const archived = ok(await up(engine, vendor, held));
    expect(statusesOf(archived)).toMatchObject({ sharepoint: { status: "paused" }, exchange: { status: "active" } });
  }, 240_000);

  test("a task deleted at the vendor after completion: refresh shows it gone, up makes it again, and the rollout re-derives from the vendor until all is active", async () => {
    const vendor = await freshVendor();
    const engine = engineFor("deleted");
    const config = stackConfig(vendor);
    await onboard(engine, vendor, config);
    const old = vendor.tasks().find((t) => t.service === "onedrive")!;
    vendor.consoleAction(old.id, "delete");
    await engine.refresh();
    const stateOf = (name: string) => engine.state.find((e) => e.name === name)!.outputs;
    expect(stateOf("contoso-tasks-onedrive").status).toBe("gone");
    expect((stateOf("contoso-rollout-activation").progress as RolloutProgress).state).not.toBe("complete");

    vendor.advanceDay();
    const remade = await up(engine, vendor, config);
    const fresh = vendor.tasks().find((t) => t.service === "onedrive")!;
    expect(fresh.id).not.toBe(old.id);
    expect(fresh.owner?.resource).toBe("contoso-tasks-onedrive");
    expect(progressOf(remade).state).toBe("waiting-for-authorization");
    const done = await onboard(engine, vendor, config);
    expect(progressOf(done).state).toBe("complete");
    expect(vendor.entities(fresh.id).length).toBe(seeded.counts.oneDrives);
    expect(vendor.entities(fresh.id).every((e) => e.active)).toBe(true);
  }, 240_000);

  test("the vendor lists fewer entities than discovery found: never complete, the gap named, auto-activation held back", async () => {
    const vendor = await freshVendor();
    const engine = engineFor("partial");
    const config = stackConfig(vendor);
    await createAndSignIn(engine, vendor, config);
    const exchange = vendor.tasks().find((t) => t.service === "exchange")!;
    vendor.truncateDiscovery(exchange.id, 60);
    let run = ok(await up(engine, vendor, config));
    for (let day = 0; day < 4; day++) {
      vendor.advanceDay();
      run = ok(await up(engine, vendor, config));
    }
    const missing = seeded.counts.userMailboxes + seeded.counts.sharedMailboxes - 60;
    expect(progressOf(run)).toMatchObject({ state: "incomplete", services: { exchange: { notListedByVendor: missing, complete: false } } });
    expect(progressOf(run).message).toContain(`exchange: ${missing} of ${missing + 60} discovered not listed by the vendor`);
    expect(vendor.tasks().find((t) => t.service === "exchange")!.settings.autoActivateNew).toBe(false);
  }, 240_000);

  test("lists mode: each daily run reads back the cursor the last run exported and reads only the directory's changes; a run that failed leaves yesterday's cursor", async () => {
    const vendor = await freshVendor();
    const engine = engineFor("daily-delta");
    const config = stackConfig(
      vendor,
      (c) => (c["m365-backup:rollout"] = { ...c["m365-backup:rollout"], priority: ["user17@contoso.com", "group2"] }),
    );
    const deltaReads = (from: number) => graph.service.log.slice(from).filter((r) => r.path === "/v1.0/users/delta");
    let mark = graph.service.log.length;
    const first = ok(await up(engine, vendor, config));
    expect(deltaReads(mark).length).toBe(Math.ceil(graph.tenant.users.size / 200));
    expect(deltaReads(mark).every((r) => new URLSearchParams(r.query).get("$deltatoken") === null)).toBe(true);
    expect(first.outputs.discoveredCounts).toMatchObject({ read: "full", sharedMailboxes: seeded.counts.sharedMailboxes });
    const cursor = first.outputs.discoveryCursor as { usersDeltaLink: string; tenantId: string };
    expect(cursor.tenantId).toBe(tenantId);
    expect(engine.stackOutputs.discoveryCursor).toEqual(cursor);

    // Next day: one delta request with yesterday's token, the same whole-tenant counts.
    mark = graph.service.log.length;
    const second = ok(await up(engine, vendor, config));
    expect(deltaReads(mark).map((r) => new URLSearchParams(r.query).get("$deltatoken"))).toEqual([
      new URL(cursor.usersDeltaLink).searchParams.get("$deltatoken"),
    ]);
    expect(second.outputs.discoveredCounts).toEqual({ ...(first.outputs.discoveredCounts as object), read: "changes" });

    // A run that fails after discovery exports nothing: the next run follows the last good cursor again.
    const saved = engine.stackOutputs;
    vendor.service.injectFault({ kind: "error", status: 422 }, 1000, (r) => r.method === "GET");
    const failed = await up(engine, vendor, config);
    vendor.service.clearFaults();
    expect(failed.error).toBeDefined();
    expect(engine.stackOutputs).toEqual(saved);
  }, 240_000);

  test("a configured count lower than discovery never switches the enterprise safeguards off", async () => {
    const big = seededTenant({ users: 1_300, seed: 5 });
    Object.assign(graph.tenant, big.tenant);
    try {
      const vendor = await freshVendor();
      const config = stackConfig(vendor, (c) => {
        c["m365-backup:tenant"] = { ...c["m365-backup:tenant"], id: big.tenant.tenantId, mailboxCount: 900 };
        c["azuread:tenantId"] = big.tenant.tenantId as never;
      });
      const run = ok(await up(engineFor("undercount"), vendor, config));
      expect(run.outputs.enterpriseOnboarding).toBe(true);
      expect(vendor.tasks().find((t) => t.service === "exchange")!.settings.autoActivateNew).toBe(false);
    } finally {
      Object.assign(graph.tenant, seeded.tenant);
    }
  }, 240_000);

  test("one failing service holds its own next wave while the healthy ones go on", async () => {
    const vendor = await freshVendor();
    const engine = engineFor("one-failing");
    // A tight budget so the rollout spans days.
    const config = stackConfig(
      vendor,
      (c) => (c["m365-backup:rollout"] = { ...c["m365-backup:rollout"], safetyFactor: 10, exchangeParallelMailboxes: 1 }),
    );
    await createAndSignIn(engine, vendor, config);
    const day1 = ok(await up(engine, vendor, config));
    expect(progressOf(day1).day).toBe(1);
    // A tight budget (safety factor 10, one Exchange mailbox at a time) leaves every scope with more to do.
    const exchange = vendor.tasks().find((t) => t.service === "exchange")!;
    vendor.setTaskFailing(exchange.id, true);
    const activeOf = () => Object.fromEntries(vendor.tasks().map((t) => [t.service, vendor.entities(t.id).filter((e) => e.active).length]));
    const sharePointScope = (a: Record<string, number>) => a.sharepoint + a.onedrive + a.groupsTeams;
    const before = activeOf();
    expect(before.exchange).toBeGreaterThan(0);
    expect(sharePointScope(before)).toBeLessThan(seeded.counts.sites + seeded.counts.oneDrives + seeded.counts.groups);
    vendor.advanceDay();
    const day2 = ok(await up(engine, vendor, config));
    const after = activeOf();
    expect(progressOf(day2).services?.exchange?.held).toMatch(/0\.0% of yesterday's backups succeeded/);
    expect(after.exchange).toBe(before.exchange);
    expect(sharePointScope(after)).toBeGreaterThan(sharePointScope(before));
    expect(progressOf(day2).state).toBe("advanced");
  }, 240_000);

  test("the clock going back is refused; a second run the same day spends nothing twice", async () => {
    const vendor = await freshVendor();
    const engine = engineFor("clock");
    const config = stackConfig(vendor);
    await createAndSignIn(engine, vendor, config);
    ok(await up(engine, vendor, config));
    const mark = vendor.service.log.length;
    const twice = ok(await up(engine, vendor, config));
    expect(twice.steps.every((s) => s.op === "same")).toBe(true);
    expect(vendorWrites(vendor, mark)).toEqual([]);

    vendor.advanceDay();
    process.env.M365_BACKUP_TODAY = "2026-11-01";
    const back = await engine.up(config);
    expect(back.error?.message).toMatch(/refuses to run for 2026-11-01: the rollout's ledger already records 2026-12-01/);
    expect(vendorWrites(vendor, mark)).toEqual([]);
  }, 240_000);

  test("a vendor read that loops fails the up naming the request, leaves state sound, and the next up carries on", async () => {
    const vendor = await freshVendor();
    const engine = engineFor("looping");
    const config = stackConfig(vendor);
    await createAndSignIn(engine, vendor, config);
    vendor.service.injectFault(
      { kind: "rewrite", rewrite: (res) => ({ ...res, body: { ...(res.body as object), nextPageToken: "again" } }) },
      1_000,
      (r) => r.path.endsWith("/entities"),
    );
    const looped = await up(engine, vendor, config);
    expect(looped.error?.message).toMatch(
      /Paged read listEntities GET \/v2\/tasks\/task-\d+\/entities stopped: page 2 handed back a continuation it had already given/,
    );
    expect(vendor.service.requests("GET", /\/entities$/).length).toBeLessThan(10);
    vendor.service.clearFaults();
    const next = ok(await up(engine, vendor, config));
    expect(progressOf(next).state).toBe("advanced");
  }, 240_000);

  test("an onboarded tenant's state and outputs hold no live password and no live pass, decrypted or not", async () => {
    const vendor = await freshVendor();
    // Entra as the engine meets it: users made in the Graph emulator (with the creation password the
    // program sends), the vault at the emulator's address; passwords and passes through the host.
    const unwrap = (v: unknown) => (v !== null && typeof v === "object" && "value" in v ? (v as { value: unknown }).value : v);
    const engine = new StackEngine(host, path.join(stateDir, "no-credentials.json"), "contoso", {
      drive: ["pulumi-nodejs:dynamic/m365-backup:BackupAccountPassword", "pulumi-nodejs:dynamic/m365-backup:TemporaryAccessPass"],
      answer: {
        "azuread:index/user:User": (args) => {
          const upn = String(args.inputs.userPrincipalName);
          const existing = [...graph.tenant.users.values()].find((u) => u.userPrincipalName === upn);
          const id = existing?.id ?? `0000${graph.tenant.users.size.toString(16).padStart(4, "0")}-0000-4000-8000-${"c".repeat(12)}`;
          if (!existing)
            graph.tenant.users.set(id, {
              id,
              userPrincipalName: upn,
              displayName: String(args.inputs.displayName),
              accountEnabled: true,
              assignedLicenses: [],
              memberOf: [],
              password: String(unwrap(args.inputs.password)),
            });
          return { id, state: { ...args.inputs, objectId: id } };
        },
        "azure-native:keyvault:Vault": (args) => ({
          id: `/vaults/${String(args.inputs.vaultName)}`,
          state: { ...args.inputs, name: args.inputs.vaultName, properties: { vaultUri: `${graph.url}/` } },
        }),
      },
    });
    const config = stackConfig(vendor);
    const backupUsers = () => [...graph.tenant.users.values()].filter((u) => /_backup@/.test(u.userPrincipalName));
    const exported = (run: UpResult) => JSON.stringify({ state: engine.state, resources: run.resources, outputs: run.outputs });

    const first = await createAndSignIn(engine, vendor, config);
    // Every account has a password set after its creation password, kept in the vault only.
    expect(backupUsers()).toHaveLength(4);
    const passes = [...access.passes.values()].map((p) => p.pass);
    expect(passes).toHaveLength(4);
    for (const u of backupUsers()) {
      const secret = `${u.userPrincipalName.split("_")[0]}-backup-account-password`;
      expect({ upn: u.userPrincipalName, inVault: vault.latest(secret) === u.password }).toEqual({
        upn: u.userPrincipalName,
        inVault: true,
      });
    }
    const live = [...backupUsers().map((u) => u.password!), ...passes];
    const whatAReaderDecrypts = exported(first);
    for (const credential of live) expect(whatAReaderDecrypts.includes(credential)).toBe(false);
    // The creation passwords are there (a secret in the User's inputs), and none of them works any more.
    const creation = first.resources.filter((r) => r.type === "azuread:index/user:User").map((r) => String(unwrap(r.inputs.password)));
    expect(creation).toHaveLength(4);
    for (const c of creation) expect(live).not.toContain(c);

    // Signed in: the passes are removed; a rerun sets no new password.
    const setAt = engine.state.filter((e) => e.type.endsWith(":BackupAccountPassword")).map((e) => e.outputs.setAt);
    await engine.refresh();
    const second = ok(await up(engine, vendor, config));
    expect(access.passes.size).toBe(0);
    expect(engine.state.filter((e) => e.type.endsWith(":BackupAccountPassword")).map((e) => e.outputs.setAt)).toEqual(setAt);
    for (const credential of live) expect(exported(second).includes(credential)).toBe(false);
  }, 240_000);
});
