import { credentialFromEnvironment } from "../infra/azure/credential";
import { discoverTenantWithStats } from "../infra/discovery/graph-discovery";
import { createGraphClient } from "../infra/graph/graph-client";
import { changeDirectory, registerDiscoveryRoutes } from "../tests/emulators/graph/discovery-routes";
import { GraphEmulator } from "../tests/emulators/graph/graph-emulator";
import { seededTenant } from "../tests/emulators/graph/seeded-tenant";

/** Graph requests discovery makes per kind for seeded tenants (delta pages hold about 200 objects), and its wall time on loopback. */
export async function discoveryBenchRows(sizes = [1_000, 25_000, 100_000]): Promise<string[][]> {
  const rows = [
    [
      "users",
      "counts-mode requests",
      "user pages (lists)",
      "ceil(directory users/200)",
      "batches (lists)",
      "site pages",
      "counts ms",
      "lists ms",
    ],
  ];
  const emulator = new GraphEmulator(seededTenant({ users: 1 }).tenant);
  registerDiscoveryRoutes(emulator);
  await emulator.start();
  Object.assign(process.env, emulator.environment());
  const client = createGraphClient({ credential: credentialFromEnvironment(emulator.environment()), baseUrl: emulator.url });
  try {
    for (const users of sizes) {
      Object.assign(emulator.tenant, seededTenant({ users, seed: users }).tenant);
      let t = performance.now();
      const counts = await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "counts" });
      const countsMs = performance.now() - t;
      t = performance.now();
      const lists = await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "lists" });
      const listsMs = performance.now() - t;
      const countRequests = counts.requests.count + counts.requests.sites;
      rows.push(
        [
          users,
          `${countRequests} (${counts.requests.count} $count + ${counts.requests.sites} site pages)`,
          lists.requests.users,
          Math.ceil(emulator.tenant.users.size / 200),
          lists.requests.batch,
          lists.requests.sites,
          countsMs.toFixed(0),
          listsMs.toFixed(0),
        ].map(String),
      );
    }
  } finally {
    await emulator.stop();
  }
  return rows;
}

/** A daily run in lists mode on a 100,000-user tenant after 1% churn: a full read against following yesterday's cursor. */
export async function deltaBenchRows(users = 100_000, churn = 0.01): Promise<string[][]> {
  const rows = [["users", "changed", "run", "Graph requests", "user pages", "batches", "site pages", "$count", "ms"]];
  const emulator = new GraphEmulator(seededTenant({ users, seed: 100 }).tenant);
  registerDiscoveryRoutes(emulator);
  await emulator.start();
  Object.assign(process.env, emulator.environment());
  const client = createGraphClient({ credential: credentialFromEnvironment(emulator.environment()), baseUrl: emulator.url });
  try {
    const total = (r: { count: number; users: number; batch: number; sites: number }) => r.count + r.users + r.batch + r.sites;
    const yesterday = await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "lists" });
    const ids = [...emulator.tenant.users.keys()];
    const changed = Math.round(users * churn);
    // Churn as a directory sees it: most changes are renames; some users leave (disabled, mailbox kept).
    for (let i = 0; i < changed; i++) {
      const u = emulator.tenant.users.get(ids[i * 7])!;
      const leaves = i % 10 === 0 && u.accountEnabled;
      changeDirectory(emulator, {
        updateUser: {
          id: u.id,
          set: leaves ? { accountEnabled: false, mailboxPurpose: "user" } : { displayName: `${u.displayName} (renamed)` },
        },
      });
    }
    let t = performance.now();
    const full = await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "lists" });
    const fullMs = performance.now() - t;
    t = performance.now();
    const delta = await discoverTenantWithStats(client, {
      tenantId: emulator.tenant.tenantId,
      mode: "lists",
      cursor: yesterday.inventory.cursor,
    });
    if (JSON.stringify(delta.inventory.counts) !== JSON.stringify(full.inventory.counts))
      throw new Error("the delta run's counts differ from the full read's");
    const deltaMs = performance.now() - t;
    for (const [label, run, ms] of [
      ["full read", full, fullMs],
      ["following yesterday's cursor", delta, deltaMs],
    ] as const) {
      rows.push(
        [
          users,
          changed,
          label,
          total(run.requests),
          run.requests.users,
          run.requests.batch,
          run.requests.sites,
          run.requests.count,
          ms.toFixed(0),
        ].map(String),
      );
    }
  } finally {
    await emulator.stop();
  }
  return rows;
}
