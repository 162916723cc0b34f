import type { Client } from "@microsoft/microsoft-graph-client";
import { credentialFromEnvironment } from "../../infra/azure/credential";
import { discoverTenantWithStats } from "../../infra/discovery/graph-discovery";
import { createGraphClient, graphUserAgent, graphUserAgentFor } from "../../infra/graph/graph-client";
import { GraphEmulator } from "../emulators/graph/graph-emulator";
import { changeDirectory, deltaPageSize, DiscoveryRouteOptions, registerDiscoveryRoutes } from "../emulators/graph/discovery-routes";
import { SeededCounts, seededTenant } from "../emulators/graph/seeded-tenant";
import { subscription } from "../emulators/graph/graph-tenant";
import { sharePointBand } from "../../infra/planner/throttling-limits";

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
      expect(requests).toEqual({ count: 6, users: 0, sites: Math.ceil((counts.sites + counts.oneDrives) / 999), batch: 0, groups: 0 });
      const countCalls = emulator.service.log.filter((r) => r.path.endsWith("/$count"));
      expect(countCalls.every((r) => r.headers.consistencylevel === "eventual")).toBe(true);
    }
  });

  test("SharePoint's licence band counts the SharePoint licences purchased (subscribedSkus), not the users who hold one", async () => {
    const { emulator, client, counts } = await graphFor(1_000);
    emulator.tenant.subscribedSkus = [
      subscription("05e9a617-0261-4cee-bb44-138d3ef5d965", "SPE_E3", 5_200, ["entraIdP1", "sharePointPlan2", "exchangePlan1"]),
      subscription("4b9405b0-7788-4568-add1-99614e613b69", "EXCHANGESTANDARD", 900, ["exchangePlan1"]),
      subscription("f245ecc8-75af-4f8e-b61f-27d8114de5f3", "O365_BUSINESS_ESSENTIALS", 300, ["sharePointPlan1"], "Warning"),
      subscription("c7df2760-2c81-4ef7-b578-5b5392b571df", "ENTERPRISEPREMIUM", 3_000, ["sharePointPlan2"], "LockedOut"),
    ];
    const { inventory } = await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "counts" });
    // E3 and the lapsing (Warning) Business Essentials: 5,500; Exchange-only and cancelled (LockedOut) SKUs are not counted.
    expect(inventory.counts.licensedUsers).toBe(5_500);
    expect(counts.licensedUsers).toBeLessThan(1_000);
    expect(sharePointBand(inventory.counts.licensedUsers).upToLicences).toBe(15_000);
  });

  test("lists mode, first run: users/delta read once in pages of about 200 ($select, no $top), priority entries looked up one by one, and a cursor", async () => {
    const { emulator, client, counts } = await graphFor(25_000);
    const users = [...emulator.tenant.users.values()];
    const guest = users.find((u) => u.userType === "Guest")!;
    const sharedBox = users.find((u) => !u.accountEnabled && u.mail)!;
    const site = emulator.tenant.sites!.find((s) => !s.isPersonalSite)!;
    const priority = [
      "USER17@contoso.com",
      `${site.webUrl}/`,
      "group3",
      sharedBox.userPrincipalName,
      "nobody@contoso.com",
      guest.userPrincipalName,
      "sec1",
      "no-such-group",
    ];
    const now = new Date("2026-12-05T06:00:00Z");
    const { inventory, requests } = await discoverTenantWithStats(client, {
      tenantId: emulator.tenant.tenantId,
      mode: "lists",
      priority,
      now,
    });
    expect(inventory.counts).toEqual(expectedCounts(counts));
    expect(requests.users).toBe(Math.ceil(emulator.tenant.users.size / deltaPageSize));
    // Users and groups are never listed for the priority entries: 8 entries, one batch each for users and groups.
    expect(emulator.service.log.filter((r) => r.path === "/v1.0/groups/delta")).toHaveLength(0);
    expect(requests.batch).toBe(1 + 1 + Math.ceil(counts.sharedMailboxes / 20));
    expect(inventory.entities).toEqual([
      { kind: "userMailboxes", id: users.find((u) => u.userPrincipalName === "user17@contoso.com")!.id, key: "USER17@contoso.com" },
      { kind: "sites", id: site.id, key: `${site.webUrl}/` },
      { kind: "groups", id: [...emulator.tenant.groups.values()].find((g) => g.mailNickname === "group3")!.id, key: "group3" },
      { kind: "sharedMailboxes", id: sharedBox.id, key: sharedBox.userPrincipalName },
    ]);
    // A missing user, a guest, a security group and a missing group name nothing a task backs up.
    expect(inventory.unmatchedPriority).toEqual(["nobody@contoso.com", guest.userPrincipalName, "sec1", "no-such-group"]);
    const userPages = emulator.service.log.filter((r) => r.path === "/v1.0/users/delta");
    expect(
      userPages.every(
        (r) => new URLSearchParams(r.query).get("$select") === "id,userPrincipalName,mail,accountEnabled,userType,assignedLicenses",
      ),
    ).toBe(true);
    expect(userPages.every((r) => new URLSearchParams(r.query).get("$top") === null)).toBe(true);
    expect(inventory.read).toBe("full");
    expect(inventory.fullReadBecause).toMatch(/first run/);
    expect(inventory.cursor).toMatchObject({ version: 1, tenantId: emulator.tenant.tenantId, fullReadAt: now.toISOString() });
    expect(inventory.cursor!.usersDeltaLink).toMatch(/\/v1\.0\/users\/delta\?\$deltatoken=0/);
    expect(Object.keys(inventory.cursor!.disabledMailboxes)).toHaveLength(counts.sharedMailboxes);
    // What the stack keeps is small: about 5% of the accounts, not the directory.
    expect(JSON.stringify(inventory.cursor).length).toBeLessThan(counts.sharedMailboxes * 60 + 500);
  });

  test("lists mode, next day: the cursor's delta link reads only the changes, updates with only their changed properties are read again by id, counts equal a full read", async () => {
    const { emulator, client } = await graphFor(5_000, { deltaUpdates: "changed" });
    const yesterday = await discoverTenantWithStats(client, {
      tenantId: emulator.tenant.tenantId,
      mode: "lists",
      now: new Date("2026-12-04T06:00:00Z"),
    });
    const users = [...emulator.tenant.users.values()];
    const member = users.filter((u) => u.mail && u.accountEnabled && (u.userType ?? "Member") === "Member");
    const shared = users.filter((u) => !u.accountEnabled && u.mail);
    // A leaver (disabled, mailbox kept), a user mailbox converted to shared, a shared mailbox deleted, a new shared mailbox, a new user.
    changeDirectory(emulator, { updateUser: { id: member[0].id, set: { accountEnabled: false, mailboxPurpose: "user" } } });
    changeDirectory(emulator, { updateUser: { id: member[1].id, set: { accountEnabled: false, mailboxPurpose: "shared" } } });
    changeDirectory(emulator, { removeUserId: shared[0].id });
    changeDirectory(emulator, {
      addUser: {
        id: "new-shared",
        userPrincipalName: "desk@contoso.com",
        displayName: "Desk",
        mail: "desk@contoso.com",
        accountEnabled: false,
        mailboxPurpose: "shared",
        assignedLicenses: [],
        memberOf: [],
      },
    });
    changeDirectory(emulator, {
      addUser: {
        id: "new-user",
        userPrincipalName: "new@contoso.com",
        displayName: "New",
        mail: "new@contoso.com",
        accountEnabled: true,
        assignedLicenses: [],
        memberOf: [],
      },
    });
    emulator.service.log.length = 0;

    const today = await discoverTenantWithStats(client, {
      tenantId: emulator.tenant.tenantId,
      mode: "lists",
      cursor: yesterday.inventory.cursor,
      now: new Date("2026-12-05T06:00:00Z"),
    });
    expect(today.inventory.read).toBe("changes");
    expect(today.inventory.fullReadBecause).toBeUndefined();
    expect(today.requests.users).toBe(1);
    // The two updates came back as { id, accountEnabled } only: one batch reads them again, one types the three new disabled mailboxes.
    const deltaBodies = emulator.service.log.filter((r) => r.path === "/v1.0/users/delta");
    expect(deltaBodies).toHaveLength(1);
    expect(today.requests.batch).toBe(2);
    expect(today.inventory.cursor!.usersDeltaLink).toMatch(/\$deltatoken=5/);
    expect(today.inventory.cursor!.fullReadAt).toBe(yesterday.inventory.cursor!.fullReadAt);

    const full = await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "lists" });
    expect(today.inventory.counts).toEqual(full.inventory.counts);
    expect(today.inventory.excluded).toEqual(full.inventory.excluded);
    expect(today.inventory.cursor!.disabledMailboxes).toEqual(full.inventory.cursor!.disabledMailboxes);
    expect(today.inventory.counts.sharedMailboxes).toBe(yesterday.inventory.counts.sharedMailboxes + 1);
    expect(today.inventory.excluded).toEqual({ disabledLeavers: 1, roomAndEquipment: 0 });

    // A re-read Graph throttles inside the batch stops the run rather than taking the user as gone.
    changeDirectory(emulator, { updateUser: { id: member[2].id, set: { accountEnabled: false } } });
    emulator.service.injectFault(
      {
        kind: "rewrite",
        rewrite: (res) => ({
          ...res,
          body: { responses: (res.body as { responses: { id: string }[] }).responses.map((r) => ({ id: r.id, status: 429, body: {} })) },
        }),
      },
      // Throttled on the first answer and every retry (3): the run stops rather than take the user as gone.
      4,
      (r) => r.path === "/v1.0/$batch",
    );
    await expect(
      discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "lists", cursor: today.inventory.cursor }),
    ).rejects.toThrow(/users by id\): 1 of 1 lookups failed \(429\)/);
    changeDirectory(emulator, { updateUser: { id: member[2].id, set: { accountEnabled: true } } });

    // An expired delta link (410 Gone) reads the whole directory again and arrives at the same figures.
    emulator.service.injectFault(
      {
        kind: "rewrite",
        rewrite: (_res, req) => ({
          status: 410,
          body: {
            error: { code: "SyncStateNotFound", message: "The delta token has expired.", innerError: { "request-id": req.requestId } },
          },
        }),
      },
      1,
      (r) => r.path === "/v1.0/users/delta" && r.query.get("$deltatoken") !== null,
    );
    const resynced = await discoverTenantWithStats(client, {
      tenantId: emulator.tenant.tenantId,
      mode: "lists",
      cursor: today.inventory.cursor,
    });
    expect(resynced.inventory.read).toBe("full");
    expect(resynced.inventory.fullReadBecause).toMatch(/410/);

    // What Graph answers for an identity resource's expired link: 400 syncStateNotFound, read in full too.
    emulator.service.injectFault(
      {
        kind: "rewrite",
        rewrite: (_res, req) => ({
          status: 400,
          body: {
            error: {
              code: "syncStateNotFound",
              message: "The sync state generation is not found. The delta token is expired and data must be synchronized again.",
              innerError: { "request-id": req.requestId },
            },
          },
        }),
      },
      1,
      (r) => r.path === "/v1.0/users/delta" && r.query.get("$deltatoken") !== null,
    );
    const expired = await discoverTenantWithStats(client, {
      tenantId: emulator.tenant.tenantId,
      mode: "lists",
      cursor: today.inventory.cursor,
    });
    expect(expired.inventory.fullReadBecause).toBe("Graph answered 400 syncStateNotFound: the delta link expired");
    expect(expired.inventory.counts).toEqual(full.inventory.counts);
    expect(resynced.requests.users).toBe(1 + Math.ceil(emulator.tenant.users.size / deltaPageSize));
    expect(resynced.inventory.counts).toEqual(full.inventory.counts);
  });

  test("a cursor is followed only when it is this tenant's, readable, from a full read under a week old and not dated after the run's clock", async () => {
    const { emulator, client } = await graphFor(1_000);
    const now = new Date("2026-12-05T06:00:00Z");
    const first = await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "lists", now });
    const cursor = first.inventory.cursor!;
    const run = (c: unknown, at = now) =>
      discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "lists", cursor: c, now: at });
    expect((await run(cursor, new Date("2026-12-11T05:59:00Z"))).inventory.read).toBe("changes");
    for (const [c, at, because] of [
      [{ ...cursor, tenantId: "11111111-2222-3333-4444-555555555555" }, now, /belongs to tenant 11111111/],
      [{ ...cursor, usersDeltaLink: "not a link" }, now, /not readable \(usersDeltaLink/],
      [
        { ...cursor, usersDeltaLink: cursor.usersDeltaLink.replace("/users/delta", "/users/someone/messages") },
        now,
        /usersDeltaLink: must be a users\/delta link/,
      ],
      ["garbage", now, /not readable/],
      [cursor, new Date("2026-12-12T06:00:00Z"), /7 or more days old/],
      [cursor, new Date("2026-12-05T05:00:00Z"), /after this run's clock/],
    ] as const) {
      const again = await run(c, at);
      expect(again.inventory.read).toBe("full");
      expect(again.inventory.fullReadBecause).toMatch(because);
      expect(again.inventory.counts).toEqual(first.inventory.counts);
    }
  });

  test("throttled by resource units: 429 with Retry-After is waited out by the Graph client's retry middleware, the result still exact", async () => {
    const { emulator, client, counts } = await graphFor(5_000, { directoryUnitsPerWindow: 3, directoryWindowMs: 1_000 });
    const { inventory } = await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "lists" });
    expect(inventory.counts).toEqual(expectedCounts(counts));
    const throttled = emulator.service.log.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    // Every throttled page was asked again and answered.
    expect(emulator.service.log.filter((r) => r.path === "/v1.0/users/delta" && r.status === 200)).toHaveLength(
      Math.ceil(emulator.tenant.users.size / deltaPageSize),
    );
  }, 60_000);

  test("SharePoint calls carry the NONISV User-Agent of a tool the organisation runs for itself, and every call a bearer token", async () => {
    const { emulator, client } = await graphFor(1_000);
    await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "counts" });
    const sp = emulator.service.log.filter((r) => r.path === "/v1.0/sites/getAllSites");
    expect(sp.length).toBeGreaterThan(0);
    expect(sp.every((r) => r.headers["user-agent"] === graphUserAgent)).toBe(true);
    expect(graphUserAgent).toMatch(/^NONISV\|m365-backup\|m365-backup\/\d+\.\d+\.\d+$/);
    expect(graphUserAgentFor("Contoso Ltd|x")).toMatch(/^NONISV\|ContosoLtdx\|m365-backup\//);
    expect(
      emulator.service.log.filter((r) => r.path.startsWith("/v1.0")).every((r) => /^Bearer emu\./.test(String(r.headers.authorization))),
    ).toBe(true);
  });

  test("a malformed answer fails with the request and the field named", async () => {
    const { emulator, client } = await graphFor(1_000);
    emulator.tenant.sites = [{ id: "s1" } as never];
    await expect(discoverTenantWithStats(client, { tenantId: "t", mode: "counts" })).rejects.toThrow(
      /GET \/sites\/getAllSites\?\$select=id,webUrl,isPersonalSite&\$top=999 with an unexpected body: value\.0\.webUrl/,
    );
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
    emulator.service.injectFault(
      {
        kind: "rewrite",
        rewrite: (res) => ({
          ...res,
          body: {
            responses: (res.body as { responses: { id: string }[] }).responses.map((r) => ({
              id: r.id,
              status: 403,
              body: { error: { code: "ErrorAccessDenied", message: "Access is denied." } },
            })),
          },
        }),
      },
      100,
      (r) => r.path === "/v1.0/$batch",
    );
    const run = await discoverTenantWithStats(client, { tenantId: tenant.tenantId, mode: "lists" });
    emulator.service.clearFaults();
    expect(run.inventory.estimated).toEqual(["sharedMailboxes"]);
    expect(run.inventory.excluded).toEqual({ disabledLeavers: 0, roomAndEquipment: 0 });
  });

  test("a batch that leaves out one request's answer, every retry, stops the run naming it; one left out once is asked again", async () => {
    const { emulator, client } = await graphFor(300);
    const priority = ["user17@contoso.com", "user18@contoso.com"];
    let dropped = 0;
    emulator.batchFault = (r) => (r.url.includes("user18") && dropped++ < 1 ? "drop" : undefined);
    const once = await discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "lists", priority });
    expect(once.inventory.unmatchedPriority).toBeUndefined();
    expect(once.inventory.entities?.map((e) => e.key)).toEqual(priority);
    emulator.batchFault = (r) => (r.url.includes("user18") ? "drop" : undefined);
    await expect(discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode: "lists", priority })).rejects.toThrow(
      /POST \/\$batch \(users by id\): 1 of 2 lookups failed \(no answer\); run again/,
    );
    emulator.batchFault = undefined;
  });

  test("a 429 inside the userPurpose batch is retried after its own Retry-After; one that stays throttled stops the run instead of leaving a type unknown", async () => {
    const { tenant, counts } = seededTenant({ users: 400, seed: 5, leaversAndRooms: true });
    Object.assign(emulator.tenant, tenant);
    let throttled = 0;
    emulator.batchFault = (r) => (r.url.endsWith("/userPurpose") && throttled++ < 3 ? { status: 429, retryAfterSeconds: 1 } : undefined);
    const run = await discoverTenantWithStats(client, { tenantId: tenant.tenantId, mode: "lists" });
    expect(throttled).toBeGreaterThanOrEqual(3);
    expect(run.inventory.estimated).toBeUndefined();
    expect(run.inventory.counts.sharedMailboxes).toBe(counts.sharedMailboxes);
    emulator.batchFault = (r) => (r.url.endsWith("/userPurpose") ? { status: 429, retryAfterSeconds: 0 } : undefined);
    await expect(discoverTenantWithStats(client, { tenantId: tenant.tenantId, mode: "lists" })).rejects.toThrow(
      /userPurpose\): \d+ of \d+ lookups stayed throttled or unanswered after 3 retries; run again/,
    );
    emulator.batchFault = undefined;
  }, 30_000);

  test("a leaver's mailbox converted to shared, its licence removed, is seen by the next day's cursor run, not a week later", async () => {
    const { tenant } = seededTenant({ users: 1_000, seed: 11, leaversAndRooms: true });
    Object.assign(emulator.tenant, tenant);
    routeOptions.deltaUpdates = "changed";
    const first = await discoverTenantWithStats(client, { tenantId: tenant.tenantId, mode: "lists" });
    const leaver = [...emulator.tenant.users.values()].find((u) => u.mailboxPurpose === "user" && !u.accountEnabled)!;
    changeDirectory(emulator, { updateUser: { id: leaver.id, set: { mailboxPurpose: "shared", assignedLicenses: [] } } });
    const next = await discoverTenantWithStats(client, { tenantId: tenant.tenantId, mode: "lists", cursor: first.inventory.cursor });
    delete routeOptions.deltaUpdates;
    expect(next.inventory.read).toBe("changes");
    expect(next.inventory.counts.sharedMailboxes).toBe(first.inventory.counts.sharedMailboxes + 1);
    expect(next.inventory.excluded?.disabledLeavers).toBe(first.inventory.excluded!.disabledLeavers - 1);
  });
});
