import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { AwaitingConsoleTask, BackupTaskStatus } from "../../components/backup-tasks";
import type { BackupService } from "../../infra/services/backup-services";
import type { OnboardingRequest } from "../../infra/rollout/onboarding-request";
import type { RolloutProgress } from "../../infra/rollout/wave-progress";
import { startVendorEmulator, testVendorAccountId, testVendorCredentials, vendorStackConfig } from "../harness/vendor-fixtures";
import type { CloudAllyEmulator } from "../emulators/cloudally/cloudally-emulator";
import { registerDiscoveryRoutes } from "../emulators/graph/discovery-routes";
import { GraphEmulator } from "../emulators/graph/graph-emulator";
import { seededTenant } from "../emulators/graph/seeded-tenant";
import { DynamicProviderHost } from "../harness/dynamic-provider-host";
import { StackEngine, UpResult } from "../harness/stack-engine";
import { devStackConfig } from "../harness/program-under-mocks";

/**
 * A 25,000-mailbox tenant onboarded with CloudAlly's public API alone (the emulator public-only):
 * discovery through Graph, the tasks made in the vendor's console from the steps a green first `pulumi up`
 * puts in its outputs (a scripted person between runs), adopted by the next up, activated by the vendor in daily batches from
 * the onboarding request's plan, followed by the rollout each day until every discovered entity is
 * active, with no call outside the public API.
 */

const seeded = seededTenant({ users: 25_000, seed: 25 });
const tenantId = seeded.tenant.tenantId;
const savedEnv = { ...process.env };
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "m365-public-"));
let graph: GraphEmulator;
let vendor: CloudAllyEmulator;
let host: DynamicProviderHost;

beforeAll(async () => {
  graph = new GraphEmulator(seeded.tenant);
  registerDiscoveryRoutes(graph);
  await graph.start();
  Object.assign(process.env, graph.environment());
  const c = seeded.counts;
  vendor = await startVendorEmulator({
    publicOnly: true,
    accountId: testVendorAccountId,
    m365TenantId: tenantId,
    tenant: {
      exchange: { mailbox: c.userMailboxes, sharedMailbox: c.sharedMailboxes },
      sharepoint: { site: c.sites },
      onedrive: { oneDrive: c.oneDrives },
      groupsTeams: { group: c.groups },
    },
  });
  host = await DynamicProviderHost.start();
  await host.configure(vendorStackConfig(vendor, "public"));
}, 60_000);
afterAll(async () => {
  await host?.stop();
  await vendor?.stop();
  await graph?.stop();
  process.env = savedEnv;
  fs.rmSync(stateDir, { recursive: true, force: true });
});

function stackConfig(): Record<string, unknown> {
  const c = devStackConfig() as Record<string, Record<string, unknown>>;
  c["azuread:tenantId"] = tenantId as never;
  // The counts come from discovery, not config.
  const tenant: Record<string, unknown> = { ...c["m365-backup:tenant"], id: tenantId };
  delete tenant.mailboxCount;
  c["m365-backup:tenant"] = tenant;
  c["m365-backup:rollout"] = { ...c["m365-backup:rollout"], mode: "vendor-managed", discovery: "graph" };
  c["m365-backup:vendorApi"] = {
    ...c["m365-backup:vendorApi"],
    emulatorUrl: vendor.url,
    capabilities: "public",
    accountId: testVendorAccountId,
  };
  return {
    ...c,
    "m365-backup:vendorClientSecret": testVendorCredentials.clientSecret,
    "m365-backup:vendorPassword": testVendorCredentials.password,
  };
}

async function up(engine: StackEngine): Promise<UpResult> {
  process.env.M365_BACKUP_TODAY = vendor.today;
  return engine.up(stackConfig());
}

/** What a person does with the steps an up printed: makes that task in the console, exactly as told. */
function followConsoleSteps(message: string): void {
  const service = /Create the (\w+) backup task in the CloudAlly console/.exec(message)?.[1] as BackupService;
  const name = /Name \(alias\): "([^"]+)" exactly/.exec(message)?.[1];
  const region = /Data region: (\w+)\./.exec(message)?.[1];
  const root = /root: https:\/\/(\S+)$/m.exec(message)?.[1];
  if (!service || !name || !region) throw new Error(`the console steps do not say what to make: ${message}`);
  vendor.consoleCreateTask({ service, name, region, ...(root ? { rootUrl: root } : {}) });
}

test("25,000 mailboxes with the public API alone: a green first up with console steps, adoption, the vendor's daily batches followed to complete, nothing outside the public API", async () => {
  const engine = new StackEngine(host, path.join(stateDir, "public.json"), "contoso");
  // The first up is green: every task waits to be made in the console, its steps in the outputs, nothing protected.
  let run = await up(engine);
  if (run.error) throw run.error;
  const awaiting = run.outputs.backupTasksAwaitingConsole as Record<string, AwaitingConsoleTask>;
  expect(Object.keys(awaiting).sort()).toEqual(["exchange", "groupsTeams", "onedrive", "sharepoint"]);
  const waitingProgress = run.outputs.rolloutProgress as RolloutProgress;
  expect(waitingProgress.state).toBe("vendor-managed");
  expect(waitingProgress.message).toMatch(
    /exchange: task not made yet in the vendor's console \(stack output backupTasksAwaitingConsole has the steps\)/,
  );
  expect(vendor.tasks()).toEqual([]);
  // The person makes each task as its steps say; the next up adopts all four.
  for (const task of Object.values(awaiting)) followConsoleSteps(task.steps);
  run = await up(engine);
  if (run.error) throw run.error;
  expect(run.outputs.backupTasksAwaitingConsole).toEqual({});
  const statuses = run.outputs.backupTaskStatuses as Record<string, BackupTaskStatus>;
  expect(Object.values(statuses).map((s) => s.status)).toEqual(["active", "active", "active", "active"]);
  // What the public API cannot show is listed to check by eye; until a first backup shows, the sign-in is not taken as done.
  expect(Object.values(statuses).every((s) => s.consoleChecks?.length === 1)).toBe(true);
  expect(Object.values(statuses).map((s) => s.actionRequired)).toEqual(
    Array.from({ length: 4 }, () => [expect.stringMatching(/^No backup of task .* shows yet/)]),
  );
  expect(Object.values(statuses).map((s) => s.connectionState)).toEqual(Array.from({ length: 4 }, () => "pending-authorization"));
  const request = run.outputs.onboardingRequest as OnboardingRequest;
  expect(request.counts.userMailboxes + request.counts.sharedMailboxes).toBeGreaterThan(20_000);
  expect(request.plan.daysToFullProtection).toBeGreaterThan(1);
  let progress = run.outputs.rolloutProgress as RolloutProgress;
  expect(progress).toMatchObject({ state: "vendor-managed", day: 0 });

  // The vendor works through the request's plan: each day, that day's waves.
  const taskOf = (service: BackupService) => vendor.tasks().find((t) => t.service === service)!.id;
  for (let day = 1; progress.state !== "complete"; day++) {
    expect(day).toBeLessThanOrEqual(request.plan.daysToFullProtection + 2);
    vendor.advanceDay();
    for (const wave of request.plan.waves.filter((w) => w.day === day)) vendor.vendorActivate(taskOf(wave.service), wave.entityCount);
    // After the plan, the vendor activates whatever is left.
    if (day > request.plan.daysToFullProtection) for (const t of vendor.tasks()) vendor.vendorActivate(t.id, Number.MAX_SAFE_INTEGER);
    run = await up(engine);
    if (run.error) throw run.error;
    progress = run.outputs.rolloutProgress as RolloutProgress;
    if (progress.state !== "complete") {
      expect(progress.day).toBe(day);
      expect(progress.message).toMatch(/on plan|behind plan/);
    }
  }
  const entities = vendor.tasks().flatMap((t) => vendor.entities(t.id));
  expect(entities.length).toBeGreaterThan(50_000);
  expect(entities.filter((e) => !e.active)).toEqual([]);
  expect(Object.values(progress.services ?? {}).every((s) => s?.complete && !s.notListedByVendor)).toBe(true);
  expect(vendor.callsOutsidePublicApi()).toEqual([]);
}, 420_000);
