import { main } from "../../tools/fleet/vendor-tasks";
import { CloudAllyEmulator } from "../emulators/cloudally/cloudally-emulator";
import { startVendorEmulator } from "../harness/vendor-fixtures";
import { coverageEnvironment, coverageProject } from "../protection/coverage-world";

/** npm run vendor-tasks: what the vendor reports for an account, read-only, so an operator can check the source words. */

async function run(argv: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const o = jest.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
  const e = jest.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  try {
    return { code: await main(argv, env), out: out.join(""), err: err.join("") };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

let vendor: CloudAllyEmulator;
beforeAll(async () => {
  vendor = await startVendorEmulator({ tenant: { exchange: { mailbox: 20 } }, publicOnly: true });
  vendor.consoleCreateTask({ service: "exchange", name: "Contoso Exchange backup", region: "us" });
  vendor.consoleCreateTask({ service: "sharepoint", name: "Other SharePoint backup", region: "eu", accountId: "other-account" });
});
afterAll(() => vendor?.stop());

const tenant = { stack: "contoso", tenantId: "0f3a6b1e-2c4d-4e8f-9a0b-1c2d3e4f5a6b", name: "contoso" };

test("lists the stack account's tasks with their source word and the service the module takes them for, and changes nothing", async () => {
  const dir = coverageProject([tenant], vendor.url);
  const before = JSON.stringify(vendor.tasks());
  const mark = vendor.service.log.length;
  const res = await run(["--stack", "contoso", "--project-dir", dir], coverageEnvironment());
  expect(res.err).toBe("");
  expect(res.code).toBe(0);
  expect(res.out).toMatch(/^\| id \| name \| source \| service \| status \| region \| domain \| signInAccount \| entities \|$/m);
  expect(res.out).toMatch(/\| Contoso Exchange backup \| O365 \| exchange \| ACTIVE \| US_EST \|/);
  expect(res.out).not.toMatch(/Other SharePoint backup/);
  expect(res.out).toMatch(/^1 task\(s\)\.$/m);
  // Read-only: nothing but sign-in and the partner read reached the vendor, and nothing changed there.
  expect(vendor.service.log.slice(mark).filter((r) => r.method !== "GET" && !/token|auth/i.test(r.path))).toEqual([]);
  expect(JSON.stringify(vendor.tasks())).toBe(before);
});

test("names the source words the module does not know, and lists every account with --all-accounts", async () => {
  const dir = coverageProject([tenant], vendor.url, (c) => {
    (c["m365-backup:vendorApi"] as Record<string, unknown>).sources = { exchange: "EXCHANGE_MAILBOXES" };
  });
  const res = await run(["--stack", "contoso", "--project-dir", dir, "--all-accounts", "--json"], coverageEnvironment());
  expect(res.code).toBe(0);
  const rows = JSON.parse(res.out) as { name: string; source: string; service: string }[];
  expect(rows.map((r) => [r.name, r.source, r.service])).toEqual([
    ["Contoso Exchange backup", "O365", "(unknown)"],
    ["Other SharePoint backup", "SHAREPOINT_MULTI", "sharepoint"],
  ]);
  const text = await run(["--stack", "contoso", "--project-dir", dir], coverageEnvironment());
  expect(text.out).toMatch(/Source words the module does not know: O365 \(set vendorApi\.sources, and report them\)\./);
});

test("a missing --stack or an unknown stack exits 2 with the reason", async () => {
  expect((await run([], coverageEnvironment())).code).toBe(2);
  const dir = coverageProject([tenant], vendor.url);
  const res = await run(["--stack", "nowhere", "--project-dir", dir], coverageEnvironment());
  expect(res.code).toBe(2);
  expect(res.err).toMatch(/^vendor-tasks: /);
});
