import { expectedEntities } from "../../infra/rollout/expected-entities";
import type { Client } from "@microsoft/microsoft-graph-client";
import { credentialFromEnvironment } from "../../infra/azure/credential";
import type { BackupService } from "../../infra/services/backup-services";
import { discoverTenantWithStats } from "../../infra/discovery/graph-discovery";
import { createGraphClient } from "../../infra/graph/graph-client";
import { planActivation } from "../../infra/planner/activation-planner";
import { onboardingRequestMarkdown } from "../../infra/rollout/onboarding-request";
import type { RolloutProgress } from "../../infra/rollout/wave-progress";
import { startVendorEmulator, testVendorCredentials, vendorStackConfig } from "../harness/vendor-fixtures";
import type { CloudAllyEmulator } from "../emulators/cloudally/cloudally-emulator";
import { registerDiscoveryRoutes } from "../emulators/graph/discovery-routes";
import { GraphEmulator } from "../emulators/graph/graph-emulator";
import { seededTenant } from "../emulators/graph/seeded-tenant";
import { DynamicProviderHost } from "../harness/dynamic-provider-host";
import { EngineLifecycle } from "../harness/engine-lifecycle";
import { serializedRolloutProvider } from "../rollout/rollout-fixtures";
import { serializedTaskProvider } from "../backup-tasks/task-provider-fixture";

const urn = (type: string, name: string) => `urn:pulumi:contoso::m365-backup::pulumi-nodejs:dynamic/m365-backup:${type}::${name}`;
const services: BackupService[] = ["exchange", "sharepoint", "onedrive", "groupsTeams"];

let graph: GraphEmulator;
let vendor: CloudAllyEmulator;
let host: DynamicProviderHost;
/** Every entity of every task at the vendor. */
const everyEntity = () => vendor.tasks().flatMap((t) => vendor.entities(t.id));
afterAll(async () => {
  await host?.stop();
  await vendor?.stop();
  await graph?.stop();
});

test("a 25,000-mailbox tenant onboarded end to end: tasks, sign-in, discovery, the vendor request, then self-service waves until all is active, through faults", async () => {
  // Discovery through Graph.
  const seeded = seededTenant({ users: 25_000, seed: 25 });
  graph = new GraphEmulator(seeded.tenant);
  registerDiscoveryRoutes(graph);
  await graph.start();
  Object.assign(process.env, graph.environment());
  const client: Client = createGraphClient({ credential: credentialFromEnvironment(graph.environment()), baseUrl: graph.url });
  const { inventory } = await discoverTenantWithStats(client, { tenantId: seeded.tenant.tenantId, mode: "counts" });
  const counts = inventory.counts;
  expect(counts.userMailboxes + counts.sharedMailboxes).toBeGreaterThan(24_000);

  // The vendor sees the same tenant once the tasks are signed in.
  vendor = await startVendorEmulator({
    tenant: {
      exchange: { mailbox: counts.userMailboxes, sharedMailbox: counts.sharedMailboxes },
      sharepoint: { site: counts.sites },
      onedrive: { oneDrive: counts.oneDrives },
      groupsTeams: { group: counts.groups },
    },
    dailyFailureRate: 0.01,
  });
  host = await DynamicProviderHost.start();
  await host.configure(vendorStackConfig(vendor));

  // Stage 3-6: one task per service, created waiting for sign-in, nothing activated.
  const taskProvider = await serializedTaskProvider();
  const tasks: Partial<Record<BackupService, string>> = {};
  const taskEngines: EngineLifecycle[] = [];
  for (const service of services) {
    const engine = new EngineLifecycle(host, urn("BackupTask", `contoso-tasks-${service}`));
    taskEngines.push(engine);
    const rootUrl = service === "sharepoint" ? "contoso.sharepoint.com" : service === "onedrive" ? "contoso-my.sharepoint.com" : undefined;
    const { state } = await engine.up({
      __provider: taskProvider,
      service,
      taskName: `Contoso ${service} backup`,
      ...(rootUrl ? { rootUrl } : {}),
      region: "us",
      settings: { indexForSearch: true, backupUnlicensedAccounts: true, retainArchivedDays: 365, autoActivateNew: false },
      enterprise: true,
      owner: { tenantId: seeded.tenant.tenantId, stack: "contoso", resource: `contoso-tasks-${service}` },
    });
    expect(state.outputs).toMatchObject({
      connectionState: "pending-authorization",
      authorizationUrl: expect.stringContaining("/oauth/authorize"),
    });
    tasks[service] = String(state.outputs.taskId);
    // The admin opens the sign-in link once; refresh shows the task connected with its discovered counts.
    vendor.completeAuthorization(tasks[service]!, seeded.tenant.tenantId);
    const refreshed = await engine.refresh();
    expect(refreshed!.outputs.connectionState).toBe("connected");
  }
  expect(everyEntity().filter((e) => e.active)).toHaveLength(0);

  // Stage 7: the plan and the vendor-managed request.
  const plan = planActivation({ counts, services, safetyFactor: 1.5, exchangeParallelMailboxes: 50 });
  const rolloutInputs = (mode: "vendor-managed" | "self-service") => ({
    __provider: rolloutProvider,
    tenantName: "contoso",
    mode,
    paused: false,
    enterprise: true,
    safetyFactor: 1.5,
    healthyThreshold: 0.95,
    priority: ["user17@contoso.com"],
    dailyBudget: plan.dailyBudget,
    waves: plan.waves.map(({ entityKeys: _k, ...w }) => w),
    tasks: tasks as Record<string, string>,
    expected: expectedEntities(inventory, services, () => false),
    today: vendor.today,
  });
  const rolloutProvider = await serializedRolloutProvider();
  const rollout = new EngineLifecycle(host, urn("ActivationRollout", "contoso-rollout-activation"));
  await rollout.up(rolloutInputs("vendor-managed"));
  expect((rollout.state!.outputs.progress as RolloutProgress).state).toBe("vendor-managed");
  const markdown = onboardingRequestMarkdown({
    tenant: { id: seeded.tenant.tenantId, primaryDomain: "contoso.com", initialDomainName: "contoso", enterprise: true },
    mode: "vendor-managed",
    tasks: services.map((s) => ({ service: s, taskName: `Contoso ${s} backup`, taskId: tasks[s]!, connectionState: "connected" })),
    counts,
    countsSource: inventory.source,
    priority: ["user17@contoso.com"],
    plan: {
      ...plan,
      waves: plan.waves.map((w) => ({
        day: w.index,
        service: w.service,
        entityCount: w.entityCount,
        estimatedCost: w.estimatedCost,
        budget: w.budget,
      })),
    },
    vendorActions: [],
    autoActivateAfterRollout: ["exchange", "onedrive"],
    requester: { vendorAccountId: "contoso-7731", contact: "backup-ops@msp.example", proposedStartDate: "2026-12-14" },
  });
  // What the vendor needs to plan the call: the account, whom to answer, from when; the waves dated from it.
  expect(markdown).toMatch(
    /\n- Vendor account: contoso-7731\n- Contact: backup-ops@msp\.example\n- Proposed start: 2026-12-14 \(day 1 of the waves below\)\n/,
  );
  expect(markdown).toMatch(/\n\| 2 \(2026-12-15\) \| /);
  expect(markdown).toMatch(new RegExp(`Proposed daily waves \\(${plan.daysToFullProtection} days to full protection`));
  expect(markdown).toMatch(
    /## After the last wave\n\nSwitch on "Automatically activate new mailboxes" \(new objects\) for: Exchange, OneDrive\.\n/,
  );
  expect(everyEntity().filter((e) => e.active)).toHaveLength(0);

  // Self-service: one scheduled `up` a day, with faults on some days; a failed run is run again the same day.
  const faults: Record<number, () => void> = {
    1: () => vendor.service.injectFault({ kind: "drop-after" }, 1, (r) => r.path.endsWith("/activate")),
    2: () => vendor.service.injectFault({ kind: "throttle", retryAfterSeconds: 0 }, 4, (r) => r.path.endsWith("/entities")),
    3: () => vendor.service.injectFault({ kind: "error", status: 503 }, 3, (r) => r.path.endsWith("/status")),
    4: () => vendor.service.injectFault({ kind: "error", status: 422 }, 50, (r) => r.path.endsWith("/activate")),
    5: () => vendor.service.injectFault({ kind: "drop-before" }, 2, (r) => r.path.endsWith("/activate")),
  };
  let failedRuns = 0;
  for (let day = 1; day <= 80; day++) {
    faults[day]?.();
    try {
      await rollout.up(rolloutInputs("self-service"));
    } catch {
      failedRuns += 1;
      vendor.service.clearFaults();
      await rollout.up(rolloutInputs("self-service"));
    }
    const progress = rollout.state!.outputs.progress as RolloutProgress;
    if (progress.state === "complete") break;
    // 1% of the nightly backups fail: with everything active, those entities keep the rollout from complete.
    const allActive = everyEntity().every((e) => e.active);
    expect(allActive ? ["advanced", "incomplete"] : ["advanced"]).toContain(progress.state);
    if (allActive && progress.state === "incomplete") {
      expect(progress.message).toMatch(/failing/);
      expect(progress.autoActivationReleased).toBeUndefined();
      // The failures are fixed at the vendor; the next nights back everything up.
      vendor.setDailyFailureRate(0);
    }
    vendor.advanceDay();
  }
  const progress = rollout.state!.outputs.progress as RolloutProgress;
  expect(progress.state).toBe("complete");
  expect(failedRuns).toBeGreaterThan(0);

  const entities = everyEntity();
  expect(entities.length).toBe(counts.userMailboxes + counts.sharedMailboxes + counts.sites + counts.oneDrives + counts.groups);
  expect(entities.filter((e) => !e.active)).toHaveLength(0);
  expect(entities.filter((e) => e.activations !== 1)).toHaveLength(0);
  for (const wave of progress.waves)
    for (const [scope, cost] of Object.entries(wave.cost))
      expect(cost).toBeLessThanOrEqual(plan.dailyBudget[scope as "exchange" | "sharepoint"]);
  expect(new Set(progress.waves.map((w) => w.activatedOn)).size).toBe(progress.waves.length);
  // The named priority mailbox went in the first wave.
  expect(entities.find((e) => e.address === "user17@contoso.com")!.activatedOn).toBe(progress.waves[0].activatedOn);
  for (const secret of [testVendorCredentials.clientSecret, testVendorCredentials.password]) {
    expect(JSON.stringify([rollout.state, ...taskEngines.map((e) => e.state)]) + host.logs).not.toContain(secret);
  }
  console.log(
    `25k scenario: ${progress.waves.length} waves over ${progress.day} days (plan ${plan.daysToFullProtection}, floor ${plan.floorDays}), ${failedRuns} failed run(s) resumed`,
  );
}, 300_000);
