import type { Client } from "@microsoft/microsoft-graph-client";
import { credentialFromEnvironment } from "../../infra/azure/credential";
import { discoverTenantWithStats, latestById } from "../../infra/discovery/graph-discovery";
import { createGraphClient } from "../../infra/graph/graph-client";
import { GraphEmulator } from "../emulators/graph/graph-emulator";
import { registerDiscoveryRoutes } from "../emulators/graph/discovery-routes";
import { seededTenant } from "../emulators/graph/seeded-tenant";

// Short timeouts and waits keep the faults quick; the middleware and the limits are the real ones.
let emulator: GraphEmulator;
let client: Client;
beforeAll(async () => {
  emulator = new GraphEmulator(seededTenant({ users: 2_000, seed: 3 }).tenant);
  registerDiscoveryRoutes(emulator);
  await emulator.start();
  Object.assign(process.env, emulator.environment());
  client = createGraphClient({
    credential: credentialFromEnvironment(emulator.environment()),
    baseUrl: emulator.url,
    transientFaults: { timeoutMs: 400, baseDelayMs: 10 },
  });
});
afterAll(() => emulator?.stop());
beforeEach(() => {
  emulator.service.clearFaults();
  emulator.service.log.length = 0;
});

const discover = (mode: "counts" | "lists" = "counts") => discoverTenantWithStats(client, { tenantId: emulator.tenant.tenantId, mode });
const isSites = (r: { path: string }) => r.path === "/v1.0/sites/getAllSites";

describe("every Graph read ends", () => {
  test("a nextLink handed back twice stops the read with the request named, after three pages", async () => {
    // From the second page on, the emulator keeps pointing at the same page.
    emulator.service.injectFault(
      {
        kind: "rewrite",
        rewrite: (res) => ({
          ...res,
          body: { ...(res.body as object), "@odata.nextLink": `${emulator.url}/v1.0/sites/getAllSites?$top=999&$skiptoken=999` },
        }),
      },
      100,
      (r) => isSites(r) && r.query.get("$skiptoken") !== null,
    );
    emulator.tenant.sites = Array.from({ length: 1_500 }, (_, i) => ({
      id: `s${i}`,
      webUrl: `https://contoso.sharepoint.com/sites/s${i}`,
      isPersonalSite: false,
    }));
    await expect(discover()).rejects.toThrow(
      /Paged read GET \/sites\/getAllSites stopped: page 3 handed back a continuation it had already given/,
    );
    expect(emulator.service.log.filter(isSites)).toHaveLength(3);
  });

  test("a listing that pages past what its count allows stops at the cap", async () => {
    // Every users/delta page links to a fresh next page, forever.
    let n = 0;
    emulator.service.injectFault(
      {
        kind: "rewrite",
        rewrite: (res) => ({ ...res, body: { value: [], "@odata.nextLink": `${emulator.url}/v1.0/users/delta?$skiptoken=loop${++n}` } }),
      },
      1_000,
      (r) => r.path === "/v1.0/users/delta",
    );
    const users = emulator.tenant.users.size;
    await expect(discover("lists")).rejects.toThrow(/Paged read GET \/users\/delta stopped: more than \d+ pages/);
    // The cap comes from the directory's size: ceil(users / 50) + 10 pages.
    expect(emulator.service.log.filter((r) => r.path === "/v1.0/users/delta")).toHaveLength(Math.ceil(users / 50) + 10);
  });

  test("a stalled answer is abandoned at the timeout and retried; a server that never answers fails naming the request", async () => {
    emulator.service.injectFault({ kind: "stall", ms: 1_500 }, 1, isSites);
    const { inventory } = await discover();
    expect(inventory.counts.sites).toBeGreaterThan(0);
    expect(emulator.service.log.filter(isSites).length).toBe(Math.ceil((inventory.counts.sites + inventory.counts.oneDrives) / 999) + 1);

    emulator.service.injectFault({ kind: "stall", ms: 1_500 }, 4, isSites);
    const started = Date.now();
    await expect(discover()).rejects.toThrow(
      /Microsoft Graph GET \/v1\.0\/sites\/getAllSites: no complete answer within 0 s, after 4 attempt\(s\)/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test("a reset connection and a cut-off body are retried, not taken for a malformed answer", async () => {
    emulator.service.injectFault({ kind: "truncate" }, 1, isSites);
    emulator.service.injectFault({ kind: "drop-before" }, 1, (r) => r.path === "/v1.0/users/$count");
    emulator.service.injectFault({ kind: "error", status: 502 }, 1, (r) => r.path === "/v1.0/groups/$count");
    const { inventory } = await discover();
    expect(inventory.counts.userMailboxes).toBeGreaterThan(0);
  });

  test("Graph's own code and message survive a failed $count, with advice for the status and no credential advice on a 400", async () => {
    emulator.service.injectFault(
      {
        kind: "rewrite",
        rewrite: (_res, req) => ({
          status: 400,
          body: { error: { code: "Request_UnsupportedQuery", message: "Unsupported Query.", innerError: { "request-id": req.requestId } } },
        }),
      },
      1,
      (r) => r.path === "/v1.0/users/$count",
    );
    const error = (await discover().catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      /Discovery GET \/users\/\$count\?\$filter=mail ne null and accountEnabled eq true and userType eq 'Member' failed: HTTP 400 Request_UnsupportedQuery \(request-id [0-9a-f-]{36}\): Unsupported Query\./,
    );
    expect(error.message).toMatch(/Fix: correct the request/);
    expect(error.message).not.toMatch(/M365_BACKUP_AZURE_AUTH/);
  });

  test("delta: an object on two pages counts once, and @removed objects not at all", () => {
    const items = [
      { id: "a", mail: "a@x" },
      { id: "b", mail: "b@x" },
      { id: "a", mail: "a2@x" },
      { id: "c", mail: "c@x" },
      { id: "b", "@removed": { reason: "deleted" } },
    ];
    expect(latestById(items).map((i) => `${i.id}:${i.mail}`)).toEqual(["a:a2@x", "c:c@x"]);
  });

  test("delta: duplicates across pages from the service are counted once", async () => {
    const before = (await discover("lists")).inventory.counts;
    // Every users/delta page also carries a shared mailbox again, and one removed object.
    const first = [...emulator.tenant.users.values()].find((u) => u.mail && !u.accountEnabled)!;
    emulator.service.injectFault(
      {
        kind: "rewrite",
        rewrite: (res) => {
          const body = res.body as { value: unknown[] };
          return {
            ...res,
            body: {
              ...body,
              value: [
                ...body.value,
                {
                  id: first.id,
                  userPrincipalName: first.userPrincipalName,
                  mail: first.mail ?? null,
                  accountEnabled: first.accountEnabled,
                  userType: "Member",
                },
                { id: "gone", "@removed": { reason: "deleted" } },
              ],
            },
          };
        },
      },
      100,
      (r) => r.path === "/v1.0/users/delta",
    );
    const after = (await discover("lists")).inventory;
    expect(after.counts).toEqual(before);
    expect(after.counts.sharedMailboxes).toBeGreaterThan(0);
    expect(Object.keys(after.cursor!.disabledMailboxes)).toHaveLength(after.counts.sharedMailboxes);
  });
});
