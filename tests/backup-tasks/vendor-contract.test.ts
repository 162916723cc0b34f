import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { activationChunkSize, CloudAllyClient } from "../../infra/cloudally/cloudally-client";
import { OperationNotOffered } from "../../infra/cloudally/vendor-capabilities";
import { entitySchema, partnerStatusSchema, partnerTaskSchema, taskSchema } from "../../infra/cloudally/vendor-schemas";
import { CloudAllyEmulator, emulatorAccountId, publicRoutes } from "../emulators/cloudally/cloudally-emulator";
import { defaultVendorSettings, testOwner, testVendorCredentials } from "../harness/vendor-fixtures";

/** The written contract, the client's schemas and requests, and the emulator's routes and answers held against each other. */
type Operation = { "x-source"?: string };
type Schema = { required?: string[]; properties: Record<string, unknown> };
const contract = parse(fs.readFileSync(path.join(__dirname, "..", "..", "docs", "cloudally-api.openapi.yaml"), "utf8")) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const operations = Object.entries(contract.paths).flatMap(([p, ops]) =>
  Object.entries(ops)
    .filter(([m]) => m !== "parameters")
    .map(([m, op]) => ({ route: `${m.toUpperCase()} ${p.replace(/\{[^}]+\}/g, "{}")}`, source: op["x-source"] })),
);
const documented = operations.map((o) => o.route);
const confirmed = operations.filter((o) => o.source === "confirmed").map((o) => o.route);
const asRoute = (r: string) => r.replace(/:\w+/g, "{}");
/** The confirmed route a logged request matches, if any. */
const confirmedRouteOf = (method: string, p: string) =>
  confirmed.find((r) => {
    const [m, route] = r.split(" ");
    return m === method && new RegExp(`^${route.replace(/\{\}/g, "[^/]+")}$`).test(p);
  });

const emulators: CloudAllyEmulator[] = [];
afterAll(() => Promise.all(emulators.map((e) => e.stop())));
async function emulator(publicOnly: boolean): Promise<CloudAllyEmulator> {
  const e = new CloudAllyEmulator({
    credentials: testVendorCredentials,
    domain: "contoso.com",
    publicOnly,
    tenant: { exchange: { mailbox: 30 }, sharepoint: { site: 12 } },
  });
  await e.start();
  emulators.push(e);
  return e;
}
const publicClient = (e: CloudAllyEmulator) =>
  new CloudAllyClient({
    baseUrl: e.url,
    credentials: testVendorCredentials,
    capabilities: "public",
    accountId: emulatorAccountId,
    retry: { baseDelayMs: 5, jitterMs: 1 },
    timeoutMs: 5000,
  });

test("every route the emulator serves is in the contract (the sign-in page and the console aside)", () => {
  const served = new CloudAllyEmulator({ credentials: testVendorCredentials }).service
    .routeList()
    .filter((r) => !r.startsWith("GET /oauth/") && !r.includes(" /console/"));
  expect(served.length).toBeGreaterThan(10);
  expect(served.filter((r) => !documented.includes(r))).toEqual([]);
});

test("the operations marked confirmed are exactly the public partner API the emulator serves public-only", async () => {
  expect([...publicRoutes].map(asRoute).sort()).toEqual([...confirmed].sort());
  const e = await emulator(true);
  // Every contract-only operation answers 404 public-only, signed in or not.
  const token = (
    (await (
      await fetch(`${e.url}/v2/auth/partner`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "client-id": testVendorCredentials.clientId,
          "client-secret": testVendorCredentials.clientSecret,
        },
        body: JSON.stringify({ email: testVendorCredentials.email, password: testVendorCredentials.password }),
      })
    ).json()) as { accessToken: string }
  ).accessToken;
  const headers = {
    authorization: `Bearer ${token}`,
    "client-id": testVendorCredentials.clientId,
    "client-secret": testVendorCredentials.clientSecret,
    "content-type": "application/json",
  };
  for (const route of documented.filter((r) => !confirmed.includes(r))) {
    const [method, p] = route.split(" ");
    const answer = await fetch(`${e.url}${p.replace(/\{\}/g, "x")}`, {
      method,
      headers,
      ...(method === "GET" || method === "DELETE" ? {} : { body: "{}" }),
    });
    expect({ route, status: answer.status }).toEqual({ route, status: 404 });
  }
});

test("an activation request carries at most the contract's maximum of entities, in the client and the rollout alike", () => {
  const activate = contract.paths["/v2/tasks/{taskId}/entities/activate"] as unknown as {
    post: { requestBody: { content: { "application/json": { schema: { properties: { entityIds: { maxItems: number } } } } } } };
  };
  expect(activationChunkSize).toBe(activate.post.requestBody.content["application/json"].schema.properties.entityIds.maxItems);
});

test("the client's schemas read exactly the contract's fields", () => {
  for (const [name, schema] of [
    ["Task", taskSchema],
    ["Entity", entitySchema],
    ["PartnerTask", partnerTaskSchema],
    ["PartnerStatus", partnerStatusSchema],
  ] as const) {
    const written = contract.components.schemas[name];
    expect({ name, fields: Object.keys(schema.shape).sort() }).toEqual({ name, fields: Object.keys(written.properties).sort() });
    const required = Object.entries(schema.shape)
      .filter(([, f]) => !f.safeParse(undefined).success)
      .map(([k]) => k);
    expect({ name, required: required.sort() }).toEqual({ name, required: [...(written.required ?? [])].sort() });
  }
});

test("a public-API client makes only confirmed requests, sends the partner client on every one, and refuses the rest unsent", async () => {
  const e = await emulator(true);
  const exchange = e.consoleCreateTask({ service: "exchange", name: "Contoso Exchange backup", region: "us" });
  e.consoleCreateTask({
    service: "sharepoint",
    name: "Other customer SharePoint",
    region: "us",
    rootUrl: "fabrikam.sharepoint.com",
    accountId: "fabrikam-1",
  });
  e.vendorActivate(exchange.id, 10);
  e.advanceDay();
  const client = publicClient(e);
  const tasks = await client.accountTasks();
  // The partner lists every customer's tasks; the account's are the stack's.
  expect(
    tasks.map((t) => ({ name: t.name, service: t.service, status: t.status, entities: t.entities, billed: t.billedEntities })),
  ).toEqual([{ name: "Contoso Exchange backup", service: "exchange", status: "active", entities: 30, billed: 10 }]);
  expect((await client.entityStatuses([exchange.id])).get(exchange.id)!.filter((s) => s.statuses.includes("ACTIVE"))).toHaveLength(10);
  for (const refused of [
    () => client.createTask({ service: "exchange", name: "x", region: "us", settings: defaultVendorSettings, owner: testOwner() }, "k"),
    () => client.getTask(exchange.id),
    () => client.listEntities(exchange.id),
  ]) {
    await expect(refused()).rejects.toBeInstanceOf(OperationNotOffered);
  }
  expect(e.callsOutsidePublicApi()).toEqual([]);
  for (const r of e.service.log) {
    expect({ request: `${r.method} ${r.path}`, route: confirmedRouteOf(r.method, r.path) !== undefined }).toEqual({
      request: `${r.method} ${r.path}`,
      route: true,
    });
    expect({ request: `${r.method} ${r.path}`, client: r.headers["client-id"], secret: r.headers["client-secret"] }).toEqual({
      request: `${r.method} ${r.path}`,
      client: testVendorCredentials.clientId,
      secret: testVendorCredentials.clientSecret,
    });
  }
});

test("the emulator's public answers carry the contract's envelopes and required fields, and the client follows v1 paging to the end", async () => {
  const e = await emulator(true);
  for (let i = 0; i < 1203; i++) e.consoleCreateTask({ service: "groupsTeams", name: `Task ${i}`, region: "eu" });
  const client = publicClient(e);
  expect(await client.accountTasks()).toHaveLength(1203);
  const pages = e.service.requests("GET", /^\/v1\/partners\/tasks$/);
  // 500 a page: three pages; from the second on, the page number and the token of the page before.
  expect(pages.map((p) => new URLSearchParams(p.query).get("page"))).toEqual([null, "2", "3"]);
  expect(pages.every((p) => p.status === 200)).toBe(true);
  const signIn = { "client-id": testVendorCredentials.clientId, "client-secret": testVendorCredentials.clientSecret };
  const token = (
    (await (
      await fetch(`${e.url}/v2/auth/partner`, {
        method: "POST",
        headers: { ...signIn, "content-type": "application/json" },
        body: JSON.stringify({ email: testVendorCredentials.email, password: testVendorCredentials.password }),
      })
    ).json()) as { accessToken: string }
  ).accessToken;
  const get = async (p: string) =>
    (await (await fetch(`${e.url}${p}`, { headers: { ...signIn, authorization: `Bearer ${token}` } })).json()) as Record<
      string,
      unknown
    > & { data: Record<string, unknown>[] };
  const requiredOf = (name: string) => contract.components.schemas[name].required ?? [];
  for (const [p, envelope, item] of [
    ["/v1/partners/tasks?pageSize=500", "PartnerPage", "PartnerTask"],
    ["/v1/partners/status?pageSize=500", "PartnerPage", "PartnerStatus"],
    ["/v2/resellers/accounts", "ResellerPage", undefined],
    [`/v2/resellers/accounts/${emulatorAccountId}/backup-tasks`, "ResellerPage", "PartnerTask"],
    ["/v2/resellers/accounts/backup-statuses", "ResellerPage", "PartnerStatus"],
  ] as const) {
    const body = await get(p);
    expect({ p, missing: requiredOf(envelope).filter((k) => !(k in body)) }).toEqual({ p, missing: [] });
    if (item)
      for (const row of body.data.slice(0, 5))
        expect({ p, missing: requiredOf(item).filter((k) => !(k in row)) }).toEqual({ p, missing: [] });
  }
});

test("a call without the partner client's headers is refused, even with a valid token", async () => {
  const e = await emulator(true);
  const client = publicClient(e);
  await client.accountTasks();
  const token = (e.service.log.at(-1)!.headers.authorization ?? "").toString();
  expect((await fetch(`${e.url}/v1/partners/tasks`, { headers: { authorization: token } })).status).toBe(401);
});
