import { GraphLicensingClient } from "../../infra/licensing/graph-licensing-client";
import { CloudAllyClient } from "../../infra/cloudally/cloudally-client";
import { credentialFromEnvironment } from "../../infra/azure/credential";
import { createGraphClient } from "../../infra/graph/graph-client";
import { GraphEmulator } from "../emulators/graph/graph-emulator";
import { emptyTenant } from "../emulators/graph/graph-tenant";
import { registerLicensingRoutes } from "../emulators/graph/licensing-routes";
import { LoopbackService, ServiceRequest, ServiceResponse } from "../emulators/loopback-service";
import { testVendorCredentials } from "../harness/vendor-fixtures";

/**
 * Every outbound client (vendor, Graph, licensing over Graph) against a server that redirects to
 * another origin or echoes what it was sent: nothing crosses to the other host, nothing secret
 * reaches an error.
 */
let attacker: LoopbackService;
let vendor: LoopbackService;
let graph: GraphEmulator;
type Handler = (req: ServiceRequest) => ServiceResponse;
// Each test decides what the vendor answers.
let signIn: Handler = () => ({
  status: 200,
  body: { accessToken: "vendor-token-0123456789", refreshToken: "vendor-refresh-0123456789", expiresIn: 3600 },
});
let tasks: Handler = () => ({ status: 200, body: { data: [] } });
const userId = "11111111-1111-4111-8111-111111111111";

beforeAll(async () => {
  attacker = new LoopbackService("x-request-id");
  attacker.route("POST", "/v2/auth/partner", () => ({
    status: 200,
    body: { accessToken: "stolen", refreshToken: "stolen", expiresIn: 3600 },
  }));
  attacker.route("GET", "/v2/tasks", () => ({ status: 200, body: { data: [], nextPageToken: undefined } }));
  attacker.route("GET", "/v1.0/users/:id", () => ({
    status: 200,
    body: { id: userId, userPrincipalName: "evil@attacker.example", assignedLicenses: [] },
  }));
  await attacker.start();

  vendor = new LoopbackService("x-request-id");
  vendor.route("POST", "/v2/auth/partner", (req) => signIn(req));
  vendor.route("GET", "/v2/tasks", (req) => tasks(req));
  await vendor.start();

  const tenant = emptyTenant("0f3a6b1e-2c4d-4e8f-9a0b-1c2d3e4f5a6b");
  tenant.users.set(userId, {
    id: userId,
    userPrincipalName: "sharepoint_backup@contoso.com",
    displayName: "x",
    usageLocation: "US",
    accountEnabled: true,
    assignedLicenses: [],
    memberOf: [],
  });
  graph = new GraphEmulator(tenant);
  registerLicensingRoutes(graph);
  await graph.start();
  // @azure/identity's managed identity credential reads its endpoint from the process environment.
  Object.assign(process.env, graph.environment());
});

afterAll(async () => {
  await Promise.all([attacker?.stop(), vendor?.stop(), graph?.stop()]);
});

const vendorClient = () =>
  new CloudAllyClient({
    baseUrl: vendor.url,
    credentials: testVendorCredentials,
    retry: { baseDelayMs: 5, jitterMs: 1, maxAttempts: 2 },
    timeoutMs: 5000,
  });
const graphClient = () => createGraphClient({ credential: credentialFromEnvironment(graph.environment()), baseUrl: graph.url });

describe("the vendor client", () => {
  it("refuses a 307 on sign-in: the client secret and password never reach the other host", async () => {
    const honest = signIn;
    signIn = () => ({ status: 307, headers: { Location: `${attacker.url}/v2/auth/partner?from=vendor` } });
    const failure = vendorClient().listTasks();
    await expect(failure).rejects.toThrow(
      /HTTP 307 \(RedirectRefused\): the vendor answered with a redirect to http:\/\/127\.0\.0\.1:\d+; the client follows no redirect/,
    );
    await failure.catch((e: Error) => expect(e.message).not.toContain("from=vendor"));
    expect(attacker.log).toEqual([]);
    signIn = honest;
  });

  it("refuses a 302 on a call: no other server's answer is accepted, the bearer token stays home", async () => {
    tasks = () => ({ status: 302, headers: { Location: `${attacker.url}/v2/tasks` } });
    await expect(vendorClient().listTasks()).rejects.toThrow(/HTTP 302 \(RedirectRefused\)/);
    expect(attacker.log).toEqual([]);
  });

  it("cleans a vendor error that echoes the request of the password, the client secret and the tokens", async () => {
    const { password, clientSecret } = testVendorCredentials;
    tasks = (req) => ({
      status: 400,
      body: {
        error: {
          code: "BadRequest",
          message: `bad request from ${req.headers["client-secret"] ?? ""} with ${req.headers.authorization ?? ""} (password ${password}, secret ${clientSecret})`,
        },
      },
    });
    const error = await vendorClient()
      .listTasks()
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).toMatch(/\[redacted\]/);
    for (const secret of [password, clientSecret, "vendor-token-0123456789"]) expect(error?.message).not.toContain(secret);
  });

  it("cleans every encoding of a sent secret from a vendor error: JSON-escaped, URL- and form-encoded, base64, Basic auth", async () => {
    const { password, clientSecret, clientId } = testVendorCredentials;
    const forms = (secret: string) => [
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(secret),
      Buffer.from(secret).toString("base64"),
      Buffer.from(secret).toString("base64url"),
      Buffer.from(`${clientId}:${secret}`).toString("base64"),
    ];
    tasks = () => ({
      status: 400,
      body: { error: { code: "BadRequest", message: `echo ${[...forms(password), ...forms(clientSecret)].join(" | ")}` } },
    });
    const error = await vendorClient()
      .listTasks()
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).toMatch(/\[redacted\]/);
    for (const form of [...forms(password), ...forms(clientSecret)]) expect(error?.message).not.toContain(form);
  });

  it("repeats no word of the vendor's answer to a sign-in, whatever encoding it echoes, and no code that is not a word", async () => {
    const saved = signIn;
    signIn = (req) => ({
      status: 401,
      body: {
        error: {
          code: "Bad code with spaces",
          message: `denied for ${JSON.stringify(req.body)} ${Buffer.from(JSON.stringify(req.body)).toString("hex")}`,
        },
      },
    });
    const error = await vendorClient()
      .listTasks()
      .then(
        () => undefined,
        (e: Error) => e,
      );
    signIn = saved;
    expect(error?.message).toMatch(/the vendor refused the sign-in \(its message is not shown/);
    expect(error?.message).not.toMatch(/denied|Bad code/);
  });

  it("stops reading an answer past the size cap, named, without retrying it", async () => {
    const huge = "x".repeat(17 * 1024 * 1024);
    let served = 0;
    tasks = () => {
      served += 1;
      return { status: 200, body: { data: [{ pad: huge }] } };
    };
    await expect(vendorClient().listTasks()).rejects.toThrow(/GET \/v2\/tasks.* answered more than 16,777,216 bytes/);
    expect(served).toBe(1);
    tasks = () => ({ status: 200, body: { data: [] } });
  });
});

describe("the Graph client and the licensing client over it", () => {
  it("stops reading a Graph answer past the size cap, named, without retrying it", async () => {
    let served = 0;
    graph.service.route("GET", "/v1.0/huge-page", () => {
      served += 1;
      return { status: 200, body: { value: [{ pad: "x".repeat(17 * 1024 * 1024) }] } };
    });
    await expect(graphClient().api("/huge-page").get()).rejects.toThrow(/GET \/v1\.0\/huge-page answered more than 16,777,216 bytes/);
    expect(served).toBe(1);
  });

  it("refuses a redirect to another origin: no token and no trust cross over", async () => {
    graph.service.route("GET", "/v1.0/redirect-away", () => ({
      status: 302,
      headers: { Location: `${attacker.url}/v1.0/users/${userId}` },
    }));
    await expect(graphClient().api("/redirect-away").get()).rejects.toThrow(
      /HTTP 302 redirecting to http:\/\/127\.0\.0\.1:\d+; the module follows redirects within/,
    );
    expect(attacker.log).toEqual([]);
  });

  it("follows a redirect within the Graph origin", async () => {
    graph.service.route("GET", "/v1.0/moved", () => ({ status: 301, headers: { Location: `/v1.0/users/${userId}` } }));
    const user = (await graphClient().api("/moved").get()) as { userPrincipalName: string };
    expect(user.userPrincipalName).toBe("sharepoint_backup@contoso.com");
  });

  it("stops a redirect loop within the Graph origin after 5 hops instead of following it forever", async () => {
    graph.service.route("GET", "/v1.0/loop", () => ({ status: 302, headers: { Location: "/v1.0/loop" } }));
    const before = graph.service.log.filter((r) => r.path === "/v1.0/loop").length;
    await expect(graphClient().api("/loop").get()).rejects.toThrow(
      /HTTP 302 redirecting to http:\/\/127\.0\.0\.1:\d+; the module follows redirects within .* only \(at most 5\)/,
    );
    expect(graph.service.log.filter((r) => r.path === "/v1.0/loop").length - before).toBe(6);
  });

  it("refuses a link to another origin (a poisoned @odata.nextLink) before sending anything", async () => {
    // The Graph client reads only https:// paths as absolute, as every real nextLink is.
    await expect(graphClient().api(`https://graph.attacker.example/v1.0/users/${userId}`).get()).rejects.toThrow(
      /Refused a Microsoft Graph request to https:\/\/graph\.attacker\.example: the module talks to http:\/\/127\.0\.0\.1:\d+ only/,
    );
  });

  it("licensing calls fail on a cross-origin redirect instead of reading another server's user", async () => {
    graph.service.before((req) =>
      req.path === `/v1.0/users/${userId}` && req.query.get("$select")?.includes("assignedLicenses")
        ? { status: 307, headers: { Location: `${attacker.url}${req.path}` } }
        : undefined,
    );
    await expect(new GraphLicensingClient(graphClient()).user(userId)).rejects.toThrow(/redirecting to http:\/\/127\.0\.0\.1:\d+/);
    expect(attacker.log).toEqual([]);
  });
});
