import { main } from "../../tools/coverage/coverage";
import type { CoverageReport } from "../../infra/protection/coverage-report";
import { coverageReportSchema } from "../../infra/protection/coverage-report";
import { CloudAllyEmulator } from "../emulators/cloudally/cloudally-emulator";
import { registerDiscoveryRoutes } from "../emulators/graph/discovery-routes";
import { GraphEmulator } from "../emulators/graph/graph-emulator";
import { emptyTenant } from "../emulators/graph/graph-tenant";
import { startVendorEmulator } from "../harness/vendor-fixtures";
import { coverageEnvironment, coverageProject, directoryFromVendor, exchangeFleet } from "./coverage-world";

/** npm run coverage against the public-only vendor emulator and the Graph emulator, as a pipeline runs it. */

async function run(argv: string[], dir: string, env: NodeJS.ProcessEnv, now: Date) {
  const out: string[] = [];
  const err: string[] = [];
  const o = jest.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
  const e = jest.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  try {
    const code = await main(argv, dir, env, now);
    return { code, out: out.join(""), err: err.join("") };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const contosoId = "0f3a6b1e-2c4d-4e8f-9a0b-1c2d3e4f5a6b";

describe("npm run coverage", () => {
  let vendor: CloudAllyEmulator;
  let graph: GraphEmulator;
  let restore = () => {};
  afterEach(async () => {
    restore();
    await vendor?.stop();
    await graph?.stop();
  });

  test("a 25,000-mailbox tenant with 1% unprotected, 0.5% failing and 0.2% orphaned reports exactly those mailboxes", async () => {
    vendor = await startVendorEmulator({ tenant: { exchange: { mailbox: 25_000 } }, publicOnly: true });
    const task = vendor.consoleCreateTask({ service: "exchange", name: "Contoso Exchange backup", region: "us" });
    const addresses = vendor
      .entities(task.id)
      .map((e) => e.address)
      .sort();
    // The vendor activates all but 250 (in address order); 125 of the active fail every night; 50 people left.
    vendor.vendorActivate(task.id, 24_750);
    const active = vendor.entities(task.id).filter((e) => e.active);
    const failing = active.filter((_, i) => i % 198 === 7).slice(0, 125);
    const rest = active.filter((e) => !failing.includes(e));
    const leavers = new Set(
      rest
        .filter((_, i) => i % 490 === 3)
        .slice(0, 50)
        .map((e) => e.address),
    );
    expect([failing.length, leavers.size]).toEqual([125, 50]);
    vendor.setEntitiesFailing(
      failing.map((e) => e.id),
      true,
    );
    vendor.advanceDay();

    const tenant = emptyTenant(contosoId);
    tenant.sites = [];
    directoryFromVendor(tenant, vendor, task.id, leavers);
    graph = new GraphEmulator(tenant);
    registerDiscoveryRoutes(graph);
    await graph.start();
    const dir = coverageProject([{ stack: "contoso", tenantId: contosoId, name: "contoso", services: ["exchange"] }], vendor.url);
    const now = new Date(`${vendor.today}T06:00:00Z`);
    const mark = vendor.service.log.length;
    // @azure/identity's managed-identity credential reads its endpoint from the process environment.
    const saved = { ...process.env };
    Object.assign(process.env, graph.environment());
    restore = () => (process.env = saved);

    const res = await run(["--stack", "contoso", "--format", "json", "--list", "1000"], dir, coverageEnvironment(graph.environment()), now);
    expect(res.err).toBe("");
    expect((JSON.parse(res.out) as CoverageReport).tenants[0].problems).toEqual([]);
    expect(res.code).toBe(1);
    const report = coverageReportSchema.parse(JSON.parse(res.out)) as CoverageReport;
    const exchange = report.tenants[0].services[0];
    const inactive = addresses.filter((a) => !active.some((e) => e.address === a));
    expect(exchange).toMatchObject({
      discovered: 24_950,
      listed: 25_000,
      protected: 24_750 - 125 - 50,
      unprotected: 250,
      failing: 125,
      orphaned: 50,
      stale: 0,
      notVerified: 0,
      breaches: 375,
    });
    expect(exchange.entities.unprotected.sort()).toEqual(inactive);
    expect(exchange.entities.failing.sort()).toEqual(failing.map((e) => e.address).sort());
    expect(exchange.entities.orphaned.sort()).toEqual([...leavers].sort());
    expect(report.tenants[0].verdict).toBe("not-protected");
    // Read-only: the public listings, nothing else, and each once.
    const calls = vendor.service.log.slice(mark).map((r) => `${r.method} ${r.path}`);
    expect(calls.filter((c) => !c.includes("/auth"))).toEqual(
      expect.arrayContaining(["GET /v1/partners/tasks", "GET /v1/partners/status"]),
    );
    expect(calls.every((c) => c.startsWith("GET ") || c.includes("/auth"))).toBe(true);
    expect(vendor.callsOutsidePublicApi()).toEqual([]);

    // The Markdown a job summary shows names the same entities.
    const md = await run(["--stack", "contoso", "--list", "5"], dir, coverageEnvironment(graph.environment()), now);
    expect(md.out).toMatch(/\| contoso \| \*\*not protected\*\* \| 24,950 \| 24,575 \| 375 \| 50 \|/);
    expect(md.out).toMatch(/Failing, Exchange: `[^`]+`(, `[^`]+`){4} and 120 more/);
    expect(md.out).toMatch(/Orphaned \(at the vendor, gone from the directory\), Exchange: `[^`]+`(, `[^`]+`){4} and 45 more/);
    expect(md.out).toMatch(/Unprotected, Exchange: `[^`]+`(, `[^`]+`){4} and 245 more/);
  }, 120_000);

  test("a fleet of 50 stacks on one partner account gives one report, and the partner's listings are read once", async () => {
    vendor = await startVendorEmulator({ tenant: { exchange: { mailbox: 40 } }, publicOnly: true });
    const dir = exchangeFleet(vendor, 50, 40);
    const mark = vendor.service.log.length;
    const res = await run(["--all", "--no-graph", "--format", "json"], dir, coverageEnvironment(), new Date(`${vendor.today}T06:00:00Z`));
    expect(res.err).toBe("");
    const report = JSON.parse(res.out) as CoverageReport;
    expect(report.tenants).toHaveLength(50);
    expect(report.tenants.every((t) => t.verdict === "unverified" && t.services[0].protected === 40)).toBe(true);
    expect(report.totals).toEqual([{ service: "exchange", discovered: 0, protected: 2000, breaches: 0, orphaned: 0 }]);
    // One read of each listing for the fleet: each page once (50 tasks on one page, 2,000 statuses on four of 500).
    const pages = (p: string) =>
      vendor.service.log
        .slice(mark)
        .filter((r) => r.path === p)
        .map((r) => r.query);
    expect(pages("/v1/partners/tasks")).toHaveLength(1);
    expect(pages("/v1/partners/status")).toHaveLength(4);
    expect(new Set(pages("/v1/partners/status")).size).toBe(4);
    expect(res.code).toBe(0);
  }, 120_000);
});
