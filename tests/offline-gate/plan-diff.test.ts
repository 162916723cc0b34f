import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { planDiff } from "../../tools/gate/plan-diff";

/** What a pull request changes, as the reviewer's comment shows it: the gate at the base and at the head, diffed. */
const projectDir = path.resolve(__dirname, "..", "..");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const tsNode = path.join(projectDir, "node_modules", "ts-node", "dist", "bin.js");

function stackFile(name: string, change: (c: Record<string, Record<string, unknown>>) => void = () => undefined): string {
  const doc = parse(fs.readFileSync(path.join(projectDir, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, Record<string, unknown>>;
  };
  change(doc.config);
  const file = path.join(scratch, `${name}-${Math.random().toString(36).slice(2)}`, `Pulumi.${name}.yaml`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, stringify(doc));
  return file;
}

/** The gate's --json verdicts, as the pull-request workflow runs it at the base and at the head (its own process each). */
function gate(files: string[]): Parameters<typeof planDiff>[0] {
  const res = spawnSync(
    process.execPath,
    [tsNode, "--transpile-only", "tools/gate/plan.ts", ...files.flatMap((f) => ["--stack-file", f]), "--json"],
    {
      cwd: projectDir,
      encoding: "utf8",
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(res.stdout) as Parameters<typeof planDiff>[0];
}

test("a pull request that changes retention, removes a service and adds a tenant: each change on its own line, then the fleet", async () => {
  const base = gate([stackFile("contoso")]);
  const head = gate([
    stackFile("contoso", (c) => {
      c["m365-backup:backupTasks"].defaults = { ...(c["m365-backup:backupTasks"].defaults as object), retainArchivedDays: 730 };
      c["m365-backup:services"].groupsTeams = false;
    }),
    stackFile("woodgrove", (c) => {
      c["m365-backup:tenant"] = {
        ...c["m365-backup:tenant"],
        id: "5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b",
        primaryDomain: "woodgrove.com",
        initialDomainName: "woodgrove",
      };
      c["azuread:tenantId"] = "5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b" as never;
      c["m365-backup:backupTasks"].namePrefix = "Woodgrove";
    }),
  ]);
  const lines = planDiff(base, head).split("\n");
  const section = (title: string) => {
    const start = lines.indexOf(title);
    expect(start).toBeGreaterThanOrEqual(0);
    return lines.slice(start + 3, lines.indexOf("```", start + 3));
  };
  const contoso = section("### contoso");
  expect(contoso).toEqual(
    expect.arrayContaining([
      "Config:",
      "  - `m365-backup:backupTasks.defaults.retainArchivedDays`: 365 → 730",
      "  - `m365-backup:services.groupsTeams`: true → false",
      "- azuread:index/user:User  contoso-identities-teams-user",
      "- pulumi-nodejs:dynamic/m365-backup:BackupTask  contoso-tasks-groupsteams",
      "Rollout: 4 → 3 day(s) to full protection",
      "~ pulumi-nodejs:dynamic/m365-backup:BackupTask  contoso-tasks-exchange",
      "    `settings.retainArchivedDays`: 365 → 730",
    ]),
  );
  // Nothing is said of what did not change: the exchange account is neither added, removed nor changed.
  expect(contoso.filter((l) => l.includes("contoso-identities-exchange-user"))).toEqual([]);
  expect(section("### woodgrove (new)")).toEqual([
    expect.stringMatching(/^New stack \(\S*Pulumi\.woodgrove\.yaml\): \d+ resource\(s\), pass$/),
  ]);
  expect(lines).toContain("**Fleet:** 2 stack(s) checked, 2 pass, 0 fail; 0 policy violation(s), 0 mandatory.");
}, 180_000);

test("no change says so, and the masked secrets never reach the diff", async () => {
  const withSecret = stackFile(
    "contoso",
    (c) => ((c as Record<string, unknown>)["m365-backup:vendorPassword"] = { secure: "v1:AAAABBBBCCCC" }),
  );
  const verdicts = gate([withSecret]);
  const text = planDiff(verdicts, verdicts);
  expect(text).toMatch(/No stack changes: the same resources, inputs, plans and verdicts as the base\./);
  expect(JSON.stringify(verdicts)).not.toContain("AAAABBBBCCCC");
}, 120_000);
