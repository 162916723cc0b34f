import { backupTaskPlans } from "../../infra/backup-tasks/task-plan";
import { tenantMismatch } from "../../infra/backup-tasks/tenant-binding";
import type { BackupVendorApi } from "../../infra/cloudally/backup-vendor-api";
import { vendorFromConfig } from "../../infra/backup-tasks/vendor-connection";
import { credentialFromEnvironment } from "../../infra/azure/credential";
import type { TenantConfig } from "../../infra/config/schema";
import { enabledServices } from "../../infra/config/sections/services";
import { listDirectoryEntities } from "../../infra/discovery/directory-entities";
import { createGraphClient, graphBaseUrl, graphUserAgentFor } from "../../infra/graph/graph-client";
import { brownfieldProposal } from "../../infra/protection/brownfield-proposal";
import { contractProtection, PartnerListings, publicProtection } from "../../infra/protection/cloudally-protection";
import type { CoverageReport, HistoryPoint, TenantCoverage } from "../../infra/protection/coverage-report";
import type { EntityRecord, ProtectedTask, ProtectionSource } from "../../infra/protection/protection-source";
import { ExpectedTask, tenantCoverage } from "../../infra/protection/tenant-coverage";
import type { BackupService } from "../../infra/services/backup-services";

/**
 * Coverage for a set of stacks, read-only: each tenant's directory through Graph and its protection
 * through the one protection source. Stacks on one partner account share one client and one read of the
 * partner's task and status listings, however many tenants the fleet has.
 */

export interface CoverageOptions {
  now: Date;
  graceHours: number;
  listLimit: number;
  propose: boolean;
  /** Skip Graph: every tenant is then "unverified". */
  graph: boolean;
  env: NodeJS.ProcessEnv;
  /** Last report's history, merged with today's (90 days kept). */
  history: HistoryPoint[];
}

export interface CoverageStack {
  stack: string;
  config: TenantConfig;
}

const historyDays = 90;

/** One client per partner identity: the listings it reads serve every stack on that partner. */
class PartnerClients {
  private readonly clients = new Map<string, { api: BackupVendorApi; listings: PartnerListings }>();
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  sourceFor(config: TenantConfig, today: string): ProtectionSource {
    const v = config.vendorApi;
    if (!v)
      throw new Error(
        "the stack has no vendorApi section, so nothing says where its backups are; set vendorApi (clientId, accountEmail, accountId) in the stack file.",
      );
    const identity = JSON.stringify([v.emulatorUrl ?? v.region, v.clientId, v.accountEmail, v.capabilities]);
    let client = this.clients.get(identity);
    if (!client) {
      const api = vendorFromConfig((key) => (key === "m365-backup:vendorApi" ? JSON.stringify(v) : undefined), this.env);
      client = { api, listings: new PartnerListings(api) };
      this.clients.set(identity, client);
    }
    if (v.capabilities === "contract") return contractProtection(client.api, today);
    if (!v.accountId) throw new Error("vendorApi.accountId is not set: the partner listings hold every customer's tasks.");
    return publicProtection(client.listings, v.accountId);
  }
}

function expectedTasks(config: TenantConfig): ExpectedTask[] {
  return backupTaskPlans(config).map((p) => ({
    service: p.service,
    taskName: p.taskName,
    ...(p.rootUrl ? { rootUrl: p.rootUrl } : {}),
    settings: p.requested,
    paused: config.backupTasks.pausedServices.includes(p.service),
  }));
}

const tenantDomainsOf = (config: TenantConfig) => [
  config.tenant.primaryDomain.toLowerCase(),
  `${config.tenant.initialDomainName.toLowerCase()}.onmicrosoft.com`,
];

async function directoryOf(config: TenantConfig, services: readonly BackupService[], env: NodeJS.ProcessEnv) {
  // The stack's own tenant and reader app (pipeline.readerClientId) when it has one; the environment's otherwise.
  const tenantEnv: NodeJS.ProcessEnv = {
    ...env,
    AZURE_TENANT_ID: config.tenant.id,
    ARM_TENANT_ID: config.tenant.id,
    ...(config.pipeline.readerClientId ? { AZURE_CLIENT_ID: config.pipeline.readerClientId, ARM_CLIENT_ID: config.pipeline.readerClientId } : {}),
  };
  const client = createGraphClient({
    credential: credentialFromEnvironment(tenantEnv),
    baseUrl: graphBaseUrl(env),
    userAgent: graphUserAgentFor(config.tenant.organisation ?? config.tenant.initialDomainName),
  });
  return (await listDirectoryEntities(client, services)).entities;
}

async function stackCoverage(s: CoverageStack, partners: PartnerClients, o: CoverageOptions): Promise<TenantCoverage> {
  const { config } = s;
  const today = o.now.toISOString().slice(0, 10);
  const expected = expectedTasks(config);
  const services = enabledServices(config.services);
  const problems: string[] = [];
  const fail = (what: string, e: unknown) => problems.push(`${what}: ${(e as Error).message}`);
  let source: ProtectionSource | undefined;
  let tasks: ProtectedTask[] = [];
  let rows = new Map<string, EntityRecord[]>();
  let tasksRead = false;
  try {
    source = partners.sourceFor(config, today);
    const all = (await source.tasks()).filter((t) => t.service !== undefined && services.includes(t.service));
    // The expected task of each service; where none has the expected name, every task of the service (renamed or hand-made).
    tasks = all.filter((t) => expected.some((e) => e.service === t.service && (t.name === e.taskName || !all.some((o) => o.service === e.service && o.name === e.taskName))));
    tasksRead = true;
    rows = await source.entities(tasks.map((t) => t.id));
  } catch (e) {
    fail("reading the backup service", e);
  }
  let directory;
  if (o.graph && config.rollout.discovery === "graph") {
    try {
      directory = await directoryOf(config, services, o.env);
    } catch (e) {
      fail("reading the directory through Microsoft Graph", e);
    }
  }
  const coverage = tenantCoverage({
    stack: s.stack,
    tenantId: config.tenant.id,
    tenantDomains: tenantDomainsOf(config),
    backend: source?.backend ?? "none",
    expected,
    tasks,
    rows,
    ...(directory ? { directory } : {}),
    now: o.now,
    windowHours: config.rollout.protectionWindowHours,
    graceHours: o.graceHours,
    listLimit: o.listLimit,
    problems,
    tasksRead,
  });
  if (!o.propose) return coverage;
  const bound: Partial<Record<BackupService, ProtectedTask>> = {};
  for (const e of expected) {
    const candidates = tasks.filter(
      (t) =>
        t.service === e.service &&
        tenantMismatch(
          { service: e.service, taskName: e.taskName, ...(e.rootUrl ? { rootUrl: e.rootUrl } : {}), tenantDomains: tenantDomainsOf(config), owner: { tenantId: config.tenant.id, stack: s.stack, resource: "" } },
          t,
          (rows.get(t.id) ?? []).map((r) => r.name),
        ) === undefined,
    );
    const chosen = candidates.find((t) => t.name === e.taskName) ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (chosen) bound[e.service] = chosen;
  }
  return { ...coverage, proposal: brownfieldProposal(s.stack, expected, bound, config.backupTasks.region) };
}

export async function fleetCoverage(stacks: readonly CoverageStack[], o: CoverageOptions): Promise<CoverageReport> {
  const partners = new PartnerClients(o.env);
  const tenants: TenantCoverage[] = [];
  // One tenant at a time: the partner listings are read once and shared; Graph is each tenant's own.
  for (const s of stacks) tenants.push(await stackCoverage(s, partners, o));
  const windows = new Set(stacks.map((s) => s.config.rollout.protectionWindowHours));
  const today = o.now.toISOString().slice(0, 10);
  const todays: HistoryPoint[] = tenants.flatMap((t) =>
    t.services.map((s) => ({
      day: today,
      stack: t.stack,
      service: s.service,
      protected: s.protected,
      ...(s.discovered !== undefined ? { discovered: s.discovered } : {}),
      listed: s.listed,
    })),
  );
  const first = new Date(o.now.getTime() - historyDays * 86_400_000).toISOString().slice(0, 10);
  const history = [...o.history.filter((h) => h.day !== today && h.day >= first), ...todays].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const serviceOrder = [...new Set(tenants.flatMap((t) => t.services.map((s) => s.service)))];
  return {
    version: 1,
    generatedAt: o.now.toISOString(),
    // Stacks may set their own window; the report names the one they share, or the widest.
    protectionWindowHours: Math.max(...windows, 0) || 36,
    graceHours: o.graceHours,
    tenants,
    totals: serviceOrder.map((service) => {
      const all = tenants.flatMap((t) => t.services.filter((s) => s.service === service));
      const add = (pick: (s: (typeof all)[number]) => number) => all.reduce((a, s) => a + pick(s), 0);
      return { service, discovered: add((s) => s.discovered ?? 0), protected: add((s) => s.protected), breaches: add((s) => s.breaches), orphaned: add((s) => s.orphaned) };
    }),
    history,
  };
}
