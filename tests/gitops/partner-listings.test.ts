import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { vendorFromConfig } from "../../infra/backup-tasks/vendor-connection";
import { partnerListingsVariable } from "../../infra/cloudally/partner-listing-snapshot";
import { emulatorSwitchVariable } from "../../infra/config/emulator-switch";
import { main } from "../../tools/fleet/partner-listings";
import { CloudAllyEmulator } from "../emulators/cloudally/cloudally-emulator";
import { startVendorEmulator, testVendorCredentials, vendorStackConfig } from "../harness/vendor-fixtures";

/** One read of the partner's listings a day for the whole fleet: the file the pipeline shares, and what refuses it. */

let vendor: CloudAllyEmulator;
let dir: string;
beforeAll(async () => {
  vendor = await startVendorEmulator({ tenant: { exchange: { mailbox: 1_200 } }, publicOnly: true });
  const task = vendor.consoleCreateTask({ service: "exchange", name: "Contoso Exchange backup", region: "us" });
  vendor.vendorActivate(task.id, 1_100);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "partner-listings-"));
});
afterAll(async () => {
  await vendor?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  [emulatorSwitchVariable]: "allow",
  CLOUDALLY_EMULATOR_URL: vendor.url,
  CLOUDALLY_CLIENT_ID: testVendorCredentials.clientId,
  CLOUDALLY_ACCOUNT_EMAIL: testVendorCredentials.email,
  CLOUDALLY_CLIENT_SECRET: testVendorCredentials.clientSecret,
  CLOUDALLY_PASSWORD: testVendorCredentials.password,
  ...extra,
});
const stackConfig = () => vendorStackConfig(vendor, "public");
const reader = (config: Record<string, unknown>) => (key: string) => {
  const v = config[key];
  return v === undefined ? undefined : typeof v === "string" ? v : JSON.stringify(v);
};
const partnerReads = (since: number) => vendor.service.log.slice(since).filter((r) => r.path.startsWith("/v1/partners/")).length;

async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const o = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
  const e = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    return await run();
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe("the fleet's partner listings, read once a day and shared by every stack", () => {
  test("written once; a stack given the file reads nothing from the vendor and sees what a live read sees", async () => {
    const file = path.join(dir, "today.json");
    const mark = vendor.service.log.length;
    expect(await quietly(() => main(["--out", file], env()))).toBe(0);
    // 1 page of tasks and 3 pages of statuses (1,100 at 500 a page): the one read of the day.
    expect(partnerReads(mark)).toBe(4);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const live = vendorFromConfig(reader(stackConfig()), env());
    const expected = { tasks: await live.accountTasks(), statuses: await live.entityStatuses("all") };
    const afterLive = vendor.service.log.length;
    // Fifty stacks of the fleet, each through the same connection code as its providers.
    for (let i = 0; i < 50; i++) {
      const shared = vendorFromConfig(reader(stackConfig()), env({ [partnerListingsVariable]: file }));
      expect(await shared.accountTasks()).toEqual(expected.tasks);
      expect(await shared.entityStatuses("all")).toEqual(expected.statuses);
    }
    expect(partnerReads(afterLive)).toBe(0);
    // The listing holds the activated entities only.
    expect([...expected.statuses.values()].flat()).toHaveLength(1_100);
  }, 60_000);

  test("a file of another day, from the future, or not a listing, is refused with the fix; another partner's is not used", async () => {
    const file = path.join(dir, "checked.json");
    await quietly(() => main(["--out", file], env()));
    const good = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    const open = (changes: Record<string, unknown>) => {
      const f = path.join(dir, `bad-${Object.keys(changes).join("-") || "none"}.json`);
      fs.writeFileSync(f, JSON.stringify({ ...good, ...changes }));
      return () => vendorFromConfig(reader(stackConfig()), env({ [partnerListingsVariable]: f }));
    };
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    expect(open({ readAt: yesterday })).toThrow(/read on \d{4}-\d\d-\d\d, not today .* Fix: run npm run partner-listings again/);
    expect(open({ readAt: new Date(Date.now() + 3 * 3_600_000).toISOString() })).toThrow(/after this run's clock/);
    // Another partner's (or another host's) listing is not this stack's: it reads its own, live.
    for (const other of [{ clientId: "another-partner" }, { host: "https://api.cloudally.com" }]) {
      const mark = vendor.service.log.length;
      await open(other)().entityStatuses("all");
      expect(partnerReads(mark)).toBeGreaterThan(0);
    }
    expect(open({ kind: "something else" })).toThrow(/not a partner listing file \(kind: /);
    expect(() => vendorFromConfig(reader(stackConfig()), env({ [partnerListingsVariable]: path.join(dir, "missing.json") }))).toThrow(
      /not a readable JSON file .* Fix: run npm run partner-listings -- --out/,
    );
    // An entry the contract does not allow is refused when served, like a page of the vendor's.
    const tampered = open({ statuses: [{ taskId: 1, entityName: 42 }] });
    await expect(tampered().entityStatuses("all")).rejects.toThrow(
      /shared partner listings hold a listPartnerStatuses entry the contract does not allow/,
    );
  });

  test("the command refuses a missing --out and an unknown flag with exit code 2", async () => {
    expect(await quietly(() => main([], env()))).toBe(2);
    expect(await quietly(() => main(["--out", "x", "--bogus"], env()))).toBe(2);
  });
});
