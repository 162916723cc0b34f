import { CloudAllyClient } from "../../infra/cloudally/cloudally-client";
import { VendorApiError } from "../../infra/cloudally/vendor-api-error";
import { CloudAllyEmulator, emulatorAccountId } from "../emulators/cloudally/cloudally-emulator";
import { defaultVendorSettings, startVendorEmulator, testOwner, testVendorCredentials } from "../harness/vendor-fixtures";

let emulator: CloudAllyEmulator;
let taskId: string;
beforeAll(async () => {
  emulator = await startVendorEmulator({ tenant: { exchange: { mailbox: 2_500 } } });
  taskId = (
    await client().createTask(
      { service: "exchange", name: "Contoso Exchange backup", region: "us", settings: defaultVendorSettings, owner: testOwner() },
      "k1",
    )
  ).id;
  emulator.completeAuthorization(taskId);
});
afterAll(() => emulator?.stop());
beforeEach(() => {
  emulator.service.clearFaults();
  emulator.service.log.length = 0;
});

/** The real client with a short timeout and quick waits. */
function client(timeoutMs = 300): CloudAllyClient {
  return new CloudAllyClient({
    baseUrl: emulator.url,
    credentials: testVendorCredentials,
    timeoutMs,
    retry: { baseDelayMs: 10, jitterMs: 5, maxAttempts: 4 },
  });
}
const entityPages = (r: { path: string }) => r.path.endsWith("/entities");

describe("every vendor read ends", () => {
  test("a nextPageToken handed back twice stops the read, naming the operation", async () => {
    emulator.service.injectFault(
      { kind: "rewrite", rewrite: (res) => ({ ...res, body: { ...(res.body as object), nextPageToken: "same-token" } }) },
      100,
      entityPages,
    );
    await expect(client().listEntities(taskId)).rejects.toThrow(
      /Paged read listEntities GET \/v2\/tasks\/task-1\/entities stopped: page 2 handed back a continuation it had already given \(same-token\)/,
    );
    expect(emulator.service.log.filter(entityPages)).toHaveLength(2);
  });

  test("a page count the vendor states bounds the read", async () => {
    let n = 0;
    emulator.service.injectFault(
      { kind: "rewrite", rewrite: (res) => ({ ...res, body: { data: [], total: 3, nextPageToken: `t${++n}` } }) },
      100,
      entityPages,
    );
    await expect(client().listEntities(taskId)).rejects.toThrow(/more than 13 pages/);
    expect(emulator.service.log.filter(entityPages)).toHaveLength(13);
  });

  test("the public partner reads end too: a repeated nextPageToken, or pages past the stated totalPages", async () => {
    const publicClient = () =>
      new CloudAllyClient({
        baseUrl: emulator.url,
        credentials: testVendorCredentials,
        capabilities: "public",
        accountId: emulatorAccountId,
        timeoutMs: 300,
        retry: { baseDelayMs: 10, jitterMs: 5, maxAttempts: 4 },
      });
    const partnerTasks = (r: { path: string }) => r.path === "/v1/partners/tasks";
    emulator.service.injectFault(
      { kind: "rewrite", rewrite: () => ({ status: 200, body: { data: [], page: 1, totalPages: null, nextPageToken: "same-token" } }) },
      100,
      partnerTasks,
    );
    await expect(publicClient().accountTasks()).rejects.toThrow(
      /listPartnerTasks GET \/v1\/partners\/tasks stopped: page 2 handed back a continuation it had already given \(same-token\)/,
    );
    emulator.service.clearFaults();
    let n = 0;
    // A vendor that says 2 pages but keeps handing out new tokens and never reaches the last page number.
    emulator.service.injectFault(
      { kind: "rewrite", rewrite: () => ({ status: 200, body: { data: [], page: 0, totalPages: 2, nextPageToken: `t${++n}` } }) },
      100,
      partnerTasks,
    );
    await expect(publicClient().accountTasks()).rejects.toThrow(/more than 12 pages/);
  });

  test("a stalled answer times out and is retried; a cut-off body and a reset are retried, not reported as a contract breach", async () => {
    emulator.service.injectFault({ kind: "stall", ms: 1_000 }, 1, entityPages);
    emulator.service.injectFault({ kind: "truncate" }, 1, entityPages);
    emulator.service.injectFault({ kind: "drop-before" }, 1, entityPages);
    expect(await client().listEntities(taskId)).toHaveLength(2_500);
    expect(emulator.service.log.filter(entityPages).map((r) => r.status)).toEqual(["dropped", 200, "dropped", 200, 200, 200]);
  });

  test("an answer that keeps breaking off fails as such after the attempts, with the vendor's request id", async () => {
    emulator.service.injectFault({ kind: "truncate" }, 10, entityPages);
    const error = (await client()
      .listEntities(taskId)
      .catch((e: unknown) => e)) as VendorApiError;
    expect(error).toBeInstanceOf(VendorApiError);
    expect(error.message).toMatch(
      /listEntities \(GET \/v2\/tasks\/task-1\/entities\) failed with HTTP 200 \(TruncatedAnswer\): the answer broke off after 4 attempt\(s\)/,
    );
    expect(error.message).toMatch(/Run `pulumi up` again later\.$/);
    expect(error.message).not.toMatch(/credentials/);
    expect(error.message).not.toMatch(/does not match the API contract/);
  });
});
