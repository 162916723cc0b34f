import type { Client } from "@microsoft/microsoft-graph-client";
import { credentialFromEnvironment } from "../../infra/azure/credential";
import { discoverTenantWithStats } from "../../infra/discovery/graph-discovery";
import { createGraphClient, graphUserAgent, graphUserAgentFor } from "../../infra/graph/graph-client";
import { GraphEmulator } from "../emulators/graph/graph-emulator";
import { changeDirectory, deltaPageSize, DiscoveryRouteOptions, registerDiscoveryRoutes } from "../emulators/graph/discovery-routes";
import { SeededCounts, seededTenant } from "../emulators/graph/seeded-tenant";

// One emulator for the file, re-seeded per test: @azure/identity caches managed-identity tokens per process.
const routeOptions: DiscoveryRouteOptions = {};
let emulator: GraphEmulator;
let client: Client;
beforeAll(async () => {
  emulator = new GraphEmulator(seededTenant({ users: 1 }).tenant);
  registerDiscoveryRoutes(emulator, routeOptions);
  await emulator.start();
  // The module's real credential code (managed identity) against the emulator's token endpoint.
  Object.assign(process.env, emulator.environment());
  client = createGraphClient({ credential: credentialFromEnvironment(emulator.environment()), baseUrl: emulator.url });
});
afterAll(() => emulator?.stop());

async function graphFor(users: number, options: DiscoveryRouteOptions = {}) {
  const { tenant, counts } = seededTenant({ users, seed: 7 });
  Object.assign(emulator.tenant, tenant);
  for (const k of Object.keys(routeOptions) as (keyof DiscoveryRouteOptions)[]) delete routeOptions[k];
  Object.assign(routeOptions, options);
  emulator.service.log.length = 0;
  return { emulator, client, counts };
}

const expectedCounts = (c: SeededCounts) => ({
  userMailboxes: c.userMailboxes,
  unlicensedUserMailboxes: c.unlicensedUserMailboxes,
  sharedMailboxes: c.sharedMailboxes,
  licensedUsers: c.licensedUsers,
  sites: c.sites,
  oneDrives: c.oneDrives,
  groups: c.groups,
  teams: c.teams,
});

describe("discovery through Microsoft Graph against the Graph emulator", () => {
  test("counts mode: exact counts for 1k and 25k users, one $count request per kind, sites listed 999 a page", async () => {
    for (const users of [1_000, 25_000]) {
      const { emulator, client, counts } = await graphFor(users);
      const { inventory, requests } = await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "counts" });
      expect(inventory.counts).toEqual(expectedCounts(counts));
      expect(inventory.source).toBe("graph");
      expect(inventory.entities).toBeUndefined();
      expect(requests).toEqual({ count: 6, users: 0, groups: 0, sites: Math.ceil((counts.sites + counts.oneDrives) / 999), batch: 0 });
      const countCalls = emulator.service.log.filter((r) => r.path.endsWith("/$count"));
      expect(countCalls.every((r) => r.headers.consistencylevel === "eventual")).toBe(true);
    }
  });

  test("lists mode: delta pages of about 200 with $select and no $top, every mailbox, group and site listed once, guests not counted, and delta links", async () => {
    const { emulator, client, counts } = await graphFor(25_000);
    const { inventory, requests } = await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "lists" });
    expect(inventory.counts).toEqual(expectedCounts(counts));
    expect(requests.users).toBe(Math.ceil(emulator.tenant.users.size / deltaPageSize));
    expect(requests.groups).toBe(Math.ceil(emulator.tenant.groups.size / deltaPageSize));
    expect([...emulator.tenant.users.values()].filter((u) => u.userType === "Guest").length).toBeGreaterThan(0);
    const keys = inventory.entities!.map((e) => `${e.kind}:${e.key}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(inventory.entities!.filter((e) => e.kind === "userMailboxes")).toHaveLength(counts.userMailboxes);
    const userPages = emulator.service.log.filter((r) => r.path === "/v1.0/users/delta");
    expect(userPages.every((r) => new URLSearchParams(r.query).get("$select") === "id,userPrincipalName,mail,accountEnabled,userType,assignedLicenses")).toBe(true);
    expect(userPages.every((r) => new URLSearchParams(r.query).get("$top") === null)).toBe(true);
    expect(inventory.deltaLinks?.userMailboxes).toMatch(/\/v1\.0\/users\/delta\?\$deltatoken=0/);

    // A later run with the delta link reads only what changed, applies it to the previous list, and still reports the whole tenant's counts.
    const removedId = [...emulator.tenant.users.values()].find((u) => u.mail && u.accountEnabled && (u.userType ?? "Member") === "Member")!.id;
    changeDirectory(emulator, { addUser: { id: "new-user", userPrincipalName: "new@contoso.com", displayName: "New", mail: "new@contoso.com", accountEnabled: true, assignedLicenses: [], memberOf: [] } });
    changeDirectory(emulator, { removeUserId: removedId });
    const later = await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "lists", deltaLinks: inventory.deltaLinks, previous: inventory });
    expect(later.requests.users).toBe(1);
    const mailboxKeys = (inv: typeof inventory) => inv.entities!.filter((e) => e.kind === "userMailboxes").map((e) => e.id).sort();
    expect(mailboxKeys(later.inventory)).toEqual([...mailboxKeys(inventory).filter((id) => id !== removedId), "new-user"].sort());
    expect(later.inventory.counts.userMailboxes).toBe(inventory.counts.userMailboxes);
    expect(later.inventory.deltaLinks?.userMailboxes).toMatch(/\$deltatoken=2/);

    // An expired delta token (410 Gone) reads everything again and gets the same list.
    emulator.service.injectFault({ kind: "rewrite", rewrite: (_res, req) => ({ status: 410, body: { error: { code: "SyncStateNotFound", message: "The delta token has expired.", innerError: { "request-id": req.requestId } } } }) }, 1, (r) => r.path === "/v1.0/users/delta" && r.query.get("$deltatoken") !== null);
    const resynced = await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "lists", deltaLinks: later.inventory.deltaLinks, previous: later.inventory });
    expect(mailboxKeys(resynced.inventory)).toEqual(mailboxKeys(later.inventory));
    expect(resynced.requests.users).toBe(1 + Math.ceil(emulator.tenant.users.size / deltaPageSize));
  });

  test("throttled by resource units: 429 with Retry-After is waited out by the Graph client's retry middleware, the result still exact", async () => {
    const { emulator, client, counts } = await graphFor(5_000, { directoryUnitsPerWindow: 3, directoryWindowMs: 1_000 });
    const { inventory } = await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "lists" });
    expect(inventory.counts).toEqual(expectedCounts(counts));
    const throttled = emulator.service.log.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    // Every throttled page was asked again and answered.
    expect(emulator.service.log.filter((r) => r.path === "/v1.0/users/delta" && r.status === 200)).toHaveLength(Math.ceil(emulator.tenant.users.size / deltaPageSize));
  }, 60_000);

  test("SharePoint calls carry the NONISV User-Agent of a tool the organisation runs for itself, and every call a bearer token", async () => {
    const { emulator, client } = await graphFor(1_000);
    await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "counts" });
    const sp = emulator.service.log.filter((r) => r.path === "/v1.0/sites/getAllSites");
    expect(sp.length).toBeGreaterThan(0);
    expect(sp.every((r) => r.headers["user-agent"] === graphUserAgent)).toBe(true);
    expect(graphUserAgent).toMatch(/^NONISV\|m365-backup\|m365-backup\/\d+\.\d+\.\d+$/);
    expect(graphUserAgentFor("Contoso Ltd|x")).toMatch(/^NONISV\|ContosoLtdx\|m365-backup\//);
    expect(emulator.service.log.filter((r) => r.path.startsWith("/v1.0")).every((r) => /^Bearer emu\./.test(String(r.headers.authorization)))).toBe(true);
  });

  test("a malformed answer fails with the request and the field named", async () => {
    const { emulator, client } = await graphFor(1_000);
    emulator.tenant.sites = [{ id: "s1" } as never];
    await expect(discoverTenantWithStats(client, { tenantId: "t", mode: "counts" })).rejects.toThrow(/GET \/sites\/getAllSites\?\$select=id,webUrl,isPersonalSite&\$top=999 with an unexpected body: value\.0\.webUrl/);
  });
});

describe("mailbox types", () => {
  test("counts mode labels shared mailboxes an estimate that takes in leavers and rooms; lists mode reads Exchange's type in batches of 20 and counts exactly", async () => {
    const { tenant, counts } = seededTenant({ users: 2_000, seed: 9, leaversAndRooms: true });
    Object.assign(emulator.tenant, tenant);
    emulator.service.log.length = 0;
    const leavers = [...tenant.users.values()].filter((u) => u.mailboxPurpose === "user" && !u.accountEnabled).length;
    const rooms = [...tenant.users.values()].filter((u) => u.mailboxPurpose === "room" || u.mailboxPurpose === "equipment").length;
    expect(leavers).toBe(20);
    expect(rooms).toBe(20);

    const estimate = await discoverTenantWithStats(client, { tenantId: tenant.tenantId, mode: "counts" });
    expect(estimate.inventory.counts.sharedMailboxes).toBe(counts.sharedMailboxes + leavers + rooms);
    expect(estimate.inventory.estimated).toEqual(["sharedMailboxes"]);

    const exact = await discoverTenantWithStats(client, { tenantId: tenant.tenantId, mode: "lists" });
    expect(exact.inventory.counts.sharedMailboxes).toBe(counts.sharedMailboxes);
    expect(exact.inventory.counts.userMailboxes).toBe(counts.userMailboxes);
    expect(exact.inventory.estimated).toBeUndefined();
    expect(exact.inventory.excluded).toEqual({ disabledLeavers: leavers, roomAndEquipment: rooms });
    expect(exact.requests.batch).toBe(Math.ceil((counts.sharedMailboxes + leavers + rooms) / 20));
  });

  test("without MailboxSettings.Read the batch answers 403 per user: the count stays an estimate, labelled", async () => {
    const { tenant } = seededTenant({ users: 500, seed: 4, leaversAndRooms: true });
    Object.assign(emulator.tenant, tenant);
    emulator.service.injectFault({ kind: "rewrite", rewrite: (res) => ({ ...res, body: { responses: ((res.body as { responses: { id: string }[] }).responses).map((r) => ({ id: r.id, status: 403, body: { error: { code: "ErrorAccessDenied", message: "Access is denied." } } })) } }) }, 100, (r) => r.path === "/v1.0/$batch");
    const run = await discoverTenantWithStats(client, { tenantId: tenant.tenantId, mode: "lists" });
    emulator.service.clearFaults();
    expect(run.inventory.estimated).toEqual(["sharedMailboxes"]);
    expect(run.inventory.excluded).toEqual({ disabledLeavers: 0, roomAndEquipment: 0 });
  });
});
