import { CloudAllyEmulator } from "../emulators/cloudally/cloudally-emulator";
import { nextDelayMs, retryAfterMs } from "../../infra/cloudally/retry-policy";
import { VendorApiError } from "../../infra/cloudally/vendor-api-error";
import { clientFor, defaultVendorSettings, startVendorEmulator, testOwner, testVendorCredentials } from "../harness/vendor-fixtures";

let emulator: CloudAllyEmulator;

beforeEach(async () => {
  emulator = await startVendorEmulator({ tenant: { exchange: { mailbox: 2500, sharedMailbox: 20 } } });
});
afterEach(() => emulator.stop());

const exchangeTask = {
  service: "exchange" as const,
  name: "Contoso Exchange backup",
  region: "us",
  settings: defaultVendorSettings,
  owner: testOwner(),
};

test("authenticates once, pages through lists and validates every answer", async () => {
  const client = clientFor(emulator);
  const task = await client.createTask(exchangeTask, "key-1");
  emulator.completeAuthorization(task.id);
  const entities = await client.listEntities(task.id);
  expect(entities).toHaveLength(2520);
  // Three pages of at most 1000 and one token request.
  expect(emulator.service.requests("GET", /\/entities$/)).toHaveLength(3);
  expect(emulator.service.requests("POST", /^\/v2\/auth\/partner$/)).toHaveLength(1);
});

test("a retried create after a lost answer makes exactly one task", async () => {
  const client = clientFor(emulator);
  emulator.service.injectFault({ kind: "drop-after" }, 1, (r) => r.method === "POST" && r.path === "/v2/tasks");
  const task = await client.createTask(exchangeTask, "key-2");
  expect(emulator.tasks()).toHaveLength(1);
  expect(task.id).toBe(emulator.tasks()[0].id);
  expect(emulator.service.requests("POST", /^\/v2\/tasks$/)).toHaveLength(2);
});

test("a create with a new key for an existing natural key adopts the existing task", async () => {
  const client = clientFor(emulator);
  const first = await client.createTask(exchangeTask, "key-3");
  const second = await client.createTask(exchangeTask, "another-key");
  expect(second.id).toBe(first.id);
  expect(emulator.tasks()).toHaveLength(1);
});

test("a 429 storm is survived by honouring Retry-After within the budget", async () => {
  const client = clientFor(emulator);
  emulator.service.injectFault({ kind: "throttle", retryAfterSeconds: 0 }, 5, (r) => r.path === "/v2/tasks");
  expect(await client.listTasks()).toEqual([]);
  const attempts = emulator.service.requests("GET", /^\/v2\/tasks$/);
  expect(attempts.map((a) => a.status)).toEqual([429, 429, 429, 429, 429, 200]);
});

test("throttling beyond the budget fails with status, request id and advice", async () => {
  const client = clientFor(emulator, { maxAttempts: 3 });
  emulator.service.injectFault({ kind: "throttle", status: 503, retryAfterSeconds: 0 }, 10, (r) => r.path === "/v2/tasks");
  const error = (await client.listTasks().catch((e: unknown) => e)) as VendorApiError;
  expect(error).toBeInstanceOf(VendorApiError);
  expect(error.status).toBe(503);
  expect(error.message).toMatch(/HTTP 503.*gave up after 3 attempt\(s\).*\[request id [0-9a-f-]{36}\]/);
  expect(error.message).toContain("Run `pulumi up` again later");
});

test("an expired token is renewed once and the call succeeds", async () => {
  const client = clientFor(emulator);
  await client.listTasks();
  emulator.expireTokens();
  await client.listTasks();
  expect(emulator.service.requests("POST", /^\/v2\/auth\/partner$/)).toHaveLength(2);
});

test("wrong credentials fail naming the config keys to check, never the secret", async () => {
  const { CloudAllyClient } = await import("../../infra/cloudally/cloudally-client");
  const client = new CloudAllyClient({ baseUrl: emulator.url, credentials: { ...testVendorCredentials, password: "wrong-password-123" } });
  const error = (await client.listTasks().catch((e: unknown) => e)) as Error;
  expect(error.message).toMatch(/HTTP 401 \(InvalidCredentials\).*vendorClientSecret and vendorPassword/);
  expect(error.message).not.toContain("wrong-password-123");
  expect(error.message).not.toContain(testVendorCredentials.clientSecret);
});

test("an answer that breaks the contract is refused with the field named", async () => {
  const client = clientFor(emulator);
  emulator.service.before((r) => (r.path === "/v2/tasks/broken" ? { status: 200, body: { id: "broken", service: "fax" } } : undefined));
  await expect(client.getTask("broken")).rejects.toThrow(/does not match the API contract at service/);
});

test("activation is idempotent and never activates an entity twice", async () => {
  const client = clientFor(emulator);
  const task = await client.createTask(exchangeTask, "key-4");
  emulator.completeAuthorization(task.id);
  const ids = emulator
    .entities(task.id)
    .slice(0, 1500)
    .map((e) => e.id);
  emulator.service.injectFault({ kind: "drop-after" }, 1, (r) => r.path.endsWith("/activate"));
  const first = await client.activateEntities(task.id, ids, "wave-1");
  expect(first.activated).toHaveLength(1500);
  const again = await client.activateEntities(task.id, ids.slice(0, 10), "wave-1-retry");
  expect(again.alreadyActive).toHaveLength(10);
  expect(emulator.entities(task.id).every((e) => e.activations <= 1)).toBe(true);
});

test("retry policy: Retry-After in seconds or as a date, jitter and the total budget", () => {
  expect(retryAfterMs("3")).toBe(3000);
  expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
  expect(retryAfterMs("soon")).toBeUndefined();
  const policy = { maxAttempts: 5, budgetMs: 10_000, baseDelayMs: 500, jitterMs: 100 };
  expect(nextDelayMs(policy, 1, 0, 2000, () => 0.5)).toBe(2050);
  expect(nextDelayMs(policy, 3, 0, undefined, () => 0)).toBe(2000);
  expect(nextDelayMs(policy, 5, 0, 0)).toBeUndefined();
  expect(nextDelayMs(policy, 2, 9000, 2000)).toBeUndefined();
});
