import { main as coverage } from "../tools/coverage/coverage";
import { startVendorEmulator } from "../tests/harness/vendor-fixtures";
import { registerDiscoveryRoutes } from "../tests/emulators/graph/discovery-routes";
import { GraphEmulator } from "../tests/emulators/graph/graph-emulator";
import { emptyTenant } from "../tests/emulators/graph/graph-tenant";
import { coverageEnvironment, coverageProject, directoryFromVendor, exchangeFleet } from "../tests/protection/coverage-world";

/**
 * npm run coverage against the public-only vendor emulator: requests and wall time for one 25,000-mailbox
 * tenant (with its Graph directory) and for a fleet of 50 tenants on one partner account, whose partner
 * listings are read once. (The Graph emulator holds one tenant, so the fleet runs with --no-graph.)
 */
export async function coverageBenchRows(): Promise<string[][]> {
  const rows = [["fleet", "entities at the vendor", "vendor requests", "of them partner listing pages", "Graph requests", "wall ms"]];
  const quiet = async (run: () => Promise<number>) => {
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      return await run();
    } finally {
      process.stdout.write = write;
    }
  };

  {
    const vendor = await startVendorEmulator({ tenant: { exchange: { mailbox: 25_000 } }, publicOnly: true });
    const task = vendor.consoleCreateTask({ service: "exchange", name: "Contoso Exchange backup", region: "us" });
    vendor.vendorActivate(task.id, 25_000);
    vendor.advanceDay();
    const tenant = emptyTenant("0f3a6b1e-2c4d-4e8f-9a0b-1c2d3e4f5a6b");
    tenant.sites = [];
    directoryFromVendor(tenant, vendor, task.id, new Set());
    const graph = new GraphEmulator(tenant);
    registerDiscoveryRoutes(graph);
    await graph.start();
    Object.assign(process.env, graph.environment());
    const dir = coverageProject([{ stack: "contoso", tenantId: tenant.tenantId, name: "contoso", services: ["exchange"] }], vendor.url);
    const [v0, g0] = [vendor.service.log.length, graph.service.log.length];
    const t = performance.now();
    await quiet(() =>
      coverage(["--stack", "contoso"], dir, coverageEnvironment(graph.environment()), new Date(`${vendor.today}T06:00:00Z`)),
    );
    const ms = performance.now() - t;
    const calls = vendor.service.log.slice(v0);
    rows.push([
      "1 tenant, 25,000 mailboxes, with Graph",
      "25,000",
      String(calls.length),
      String(calls.filter((r) => r.path.startsWith("/v1/partners/")).length),
      String(graph.service.log.slice(g0).filter((r) => r.path.startsWith("/v1.0/")).length),
      ms.toFixed(0),
    ]);
    await graph.stop();
    await vendor.stop();
  }

  {
    const vendor = await startVendorEmulator({ tenant: { exchange: { mailbox: 500 } }, publicOnly: true });
    const dir = exchangeFleet(vendor, 50, 500);
    const v0 = vendor.service.log.length;
    const t = performance.now();
    await quiet(() => coverage(["--all", "--no-graph"], dir, coverageEnvironment(), new Date(`${vendor.today}T06:00:00Z`)));
    const ms = performance.now() - t;
    const calls = vendor.service.log.slice(v0);
    rows.push([
      "50 tenants, 500 mailboxes each, --no-graph",
      "25,000",
      String(calls.length),
      String(calls.filter((r) => r.path.startsWith("/v1/partners/")).length),
      "0",
      ms.toFixed(0),
    ]);
    await vendor.stop();
  }
  return rows;
}
