import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { sharePointTaskInputs } from "../backup-tasks/task-provider-fixture";
import { DynamicProviderHost } from "../harness/dynamic-provider-host";
import { projectDir } from "../gitops/fleet-fixtures";

/**
 * The module as an MSP takes it: `npm pack` builds the package, its tarball is installed into a fresh
 * copy of the fleet template (templates/fleet, as `pulumi new` writes it), and there, with none of this
 * repository's sources, a tenant is added in one command, the gate and the fleet tooling run, and a
 * dynamic provider runs in the engine's provider host from the installed package.
 */
const moduleName = "m365-backup-onboarding";
const template = path.join(projectDir, "templates", "fleet");
const version = (JSON.parse(fs.readFileSync(path.join(projectDir, "package.json"), "utf8")) as { version: string }).version;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "m365-fleet-"));
const fleet = path.join(work, "contoso-fleet");
let tarball: string;

/** Runs a command in the fleet the way npm runs a script: the fleet's node_modules/.bin first on PATH. */
function inFleet(command: string, args: readonly string[]) {
  return spawnSync(command, [...args], {
    cwd: fleet,
    encoding: "utf8",
    timeout: 180_000,
    env: { ...process.env, PATH: `${path.join(fleet, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}` },
  });
}

beforeAll(() => {
  // prepack builds dist/ first, as `npm publish` would.
  const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: projectDir, encoding: "utf8" })) as {
    filename: string;
  }[];
  tarball = path.join(work, packed[0].filename);
  // What `pulumi new` does with the template: copy it and fill in its placeholders.
  fs.cpSync(template, fleet, { recursive: true });
  for (const file of ["package.json", "README.md", "Pulumi.yaml"]) {
    const p = path.join(fleet, file);
    fs.writeFileSync(
      p,
      fs.readFileSync(p, "utf8").replaceAll("${PROJECT}", "contoso-fleet").replaceAll("${DESCRIPTION}", "Contoso's MSP fleet"),
    );
  }
  // What `npm install` does with the tarball; the module's dependencies come from this repository's install (no network).
  const installed = path.join(fleet, "node_modules", moduleName);
  fs.mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
  for (const dep of fs.readdirSync(path.join(projectDir, "node_modules")))
    if (dep !== ".bin" && dep !== moduleName)
      fs.symlinkSync(path.join(projectDir, "node_modules", dep), path.join(fleet, "node_modules", dep));
  fs.mkdirSync(path.join(fleet, "node_modules", ".bin"));
  fs.symlinkSync(path.join("..", moduleName, "dist", "tools", "cli.js"), path.join(fleet, "node_modules", ".bin", "m365-backup"));
}, 240_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test("the package holds the compiled module, its public API and its policy pack, and no test, bench or stack file", () => {
  const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean);
  for (const required of [
    "package/LICENSE",
    "package/dist/components/index.js",
    "package/dist/components/index.d.ts",
    "package/dist/infra/index.js",
    "package/dist/infra/providers/runtime-loader.js",
    "package/dist/policies/index.js",
    "package/dist/policies/PulumiPolicy.yaml",
    "package/dist/policies/package.json",
    "package/dist/tools/cli.js",
    "package/templates/fleet/Pulumi.yaml",
  ])
    expect(files).toContain(required);
  expect(files.filter((f) => /^package\/(tests|bench)\//.test(f) || /^package\/Pulumi\.[\w-]+\.yaml$/.test(f))).toEqual([]);
  // Every runtime a provider text names (state-stored) is in the package at the same path, compiled.
  const runtimes = fs
    .readFileSync(path.join(projectDir, "infra", "providers", "state-stored-runtime-paths.txt"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  for (const runtime of runtimes) expect(files).toContain(`package/dist/${runtime.replace(/\.ts$/, ".js")}`);
});

test("the template is a fleet without tenants, pinned to this module version in its package and its workflows", () => {
  expect(fs.readdirSync(template).filter((f) => /^Pulumi\..+\.yaml$/.test(f))).toEqual([]);
  const pkg = JSON.parse(fs.readFileSync(path.join(template, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    scripts: Record<string, string>;
  };
  expect(pkg.dependencies[moduleName]).toBe(version);
  const workflows = path.join(template, ".github", "workflows");
  const called = fs
    .readdirSync(workflows)
    .flatMap((f) =>
      [
        ...fs
          .readFileSync(path.join(workflows, f), "utf8")
          .matchAll(/uses: ([\w.-]+\/[\w.-]+)\/\.github\/workflows\/([\w.-]+\.yml)@(\S+)/g),
      ].map((m) => ({ workflow: m[2], ref: m[3] })),
    );
  expect(called.map((c) => c.workflow).sort()).toEqual(["advance-rollouts.yml", "deploy.yml", "pull-request.yml"]);
  for (const { workflow, ref } of called) {
    expect(ref).toBe(`v${version}`);
    // The module's workflow is callable, and every npm script it runs exists in the template.
    const text = fs.readFileSync(path.join(projectDir, ".github", "workflows", workflow), "utf8");
    expect((parse(text) as { on: Record<string, unknown> }).on).toHaveProperty("workflow_call");
    for (const m of text.matchAll(/npm run (?:--silent )?([\w-]+)/g))
      expect({ workflow, script: m[1], defined: m[1] in pkg.scripts }).toEqual({ workflow, script: m[1], defined: true });
  }
});

test("in a fresh fleet from the template: a tenant added in one command passes the gate, npm test and the fleet tooling", () => {
  // Once per fleet, reviewed: the vendor's app ids go on the fleet's list of who may get access.
  const policyConfigFile = path.join(fleet, "policy-config.json");
  const policyConfig = JSON.parse(fs.readFileSync(policyConfigFile, "utf8")) as Record<string, { vendorAppIds: string[] }>;
  expect(policyConfig["who-gets-access-allow-list"].vendorAppIds).toEqual([]);
  policyConfig["who-gets-access-allow-list"].vendorAppIds = [
    "9c1f8e2a-7b3d-4a6c-8e5f-0a1b2c3d4e5f",
    "4d7b2e91-6a3c-4f08-9e1d-2b5c8a0f6e34",
  ];
  fs.writeFileSync(policyConfigFile, JSON.stringify(policyConfig, null, 2));
  const add = inFleet("npm", [
    "run",
    "--silent",
    "add-tenant",
    "--",
    "--stack",
    "contoso",
    "--tenant-id",
    "7c1e3a52-9b4d-4e8f-a2c6-5d0b8f1e3a97",
    "--primary-domain",
    "contoso.com",
    "--initial-domain",
    "contoso",
    "--mailboxes",
    "12000",
    "--vendor-account",
    "contoso-1",
    "--vendor-client-id",
    "msp-partner",
    "--vendor-account-email",
    "backup@msp.example",
    "--vendor-app-id",
    "9c1f8e2a-7b3d-4a6c-8e5f-0a1b2c3d4e5f",
    "--vendor-sharepoint-app-id",
    "4d7b2e91-6a3c-4f08-9e1d-2b5c8a0f6e34",
    "--contact",
    "ops@msp.example",
  ]);
  expect({ status: add.status, stderr: add.status === 0 ? "" : add.stderr }).toEqual({ status: 0, stderr: "" });
  expect(add.stdout).toMatch(/Result: PASS/);
  expect(add.stdout).toMatch(
    /pulumi env set <org>\/m365-backup\/contoso-vendor environmentVariables\.CLOUDALLY_CLIENT_SECRET --secret <value>/,
  );
  const stackFile = fs.readFileSync(path.join(fleet, "Pulumi.contoso.yaml"), "utf8");
  expect(parse(stackFile)).toMatchObject({
    config: {
      "m365-backup:tenant": { id: "7c1e3a52-9b4d-4e8f-a2c6-5d0b8f1e3a97", mailboxCount: 12000 },
      "m365-backup:vendorApi": { accountId: "contoso-1", clientId: "msp-partner" },
      "m365-backup:rollout": { operatorContact: "ops@msp.example" },
    },
  });
  // No secret in any form: no secure value, no secret key.
  expect(stackFile).not.toMatch(/secure:|vendorClientSecret|vendorPassword/);

  // The pull request's check in the fleet: npm test is the gate over every stack, with the installed module's program and pack.
  const test = inFleet("npm", ["test", "--silent"]);
  expect({ status: test.status, stderr: test.status === 0 ? "" : test.stderr }).toEqual({ status: 0, stderr: "" });
  expect(test.stdout).toMatch(/Stack contoso \(Pulumi\.contoso\.yaml\)[\s\S]*Policy verdicts \(\d+ policies ran\)[\s\S]*Result: PASS/);
  const stacks = inFleet("m365-backup", ["stacks", "--deployable"]);
  expect(stacks.status).toBe(0);
  expect((JSON.parse(stacks.stdout) as { stack: string }[]).map((s) => s.stack)).toEqual(["contoso"]);

  // A vendor app the fleet has not reviewed: written, and refused by name until the list has it.
  const unreviewed = inFleet("npm", [
    ...["run", "--silent", "add-tenant", "--", "--stack", "wingtip", "--tenant-id", "0d2c4e6a-8b1f-4c3d-9e5a-7b9d1f3e5a72"],
    ...["--primary-domain", "wingtip.com", "--initial-domain", "wingtip", "--mailboxes", "300", "--vendor-account", "w-1"],
    ...[
      "--vendor-client-id",
      "msp-partner",
      "--vendor-account-email",
      "backup@msp.example",
      "--vendor-app-id",
      "1f3e5a7c-9b2d-4e6f-8a0c-2d4f6b8e0a13",
    ],
  ]);
  expect(unreviewed.status).toBe(1);
  expect(unreviewed.stdout).toMatch(/FAIL {2}who-gets-access-allow-list \[mandatory\]/);
  fs.rmSync(path.join(fleet, "Pulumi.wingtip.yaml"));

  // A second stack for the same tenant (a copied stack file) is refused against the fleet, and not kept.
  const copy = inFleet("npm", [
    ...["run", "--silent", "add-tenant", "--", "--stack", "contoso-copy", "--tenant-id", "7c1e3a52-9b4d-4e8f-a2c6-5d0b8f1e3a97"],
    ...["--primary-domain", "contoso.com", "--initial-domain", "contoso", "--mailboxes", "12000", "--vendor-account", "contoso-9"],
    ...[
      "--vendor-client-id",
      "msp-partner",
      "--vendor-account-email",
      "backup@msp.example",
      "--vendor-app-id",
      "9c1f8e2a-7b3d-4a6c-8e5f-0a1b2c3d4e5f",
    ],
  ]);
  expect(copy.status).toBe(2);
  expect(copy.stdout).toMatch(
    /The stack files collide:\n {2}- Pulumi\.contoso(-copy)?\.yaml and Pulumi\.contoso(-copy)?\.yaml both onboard tenant 7c1e3a52-9b4d-4e8f-a2c6-5d0b8f1e3a97/,
  );
  expect(fs.existsSync(path.join(fleet, "Pulumi.contoso-copy.yaml"))).toBe(false);

  // A misspelt service is refused, not taken as "off".
  const misspelt = inFleet("m365-backup", ["add-tenant", "--stack", "litware", "--services", "exchange,sharepont"]);
  expect(misspelt.status).toBe(2);
  expect(misspelt.stderr).toMatch(
    /--services "exchange,sharepont" names "sharepont", not one of exchange, sharepoint, onedrive, groupsTeams/,
  );

  // The same values again: nothing is overwritten. A bad value: nothing is written.
  expect(inFleet("m365-backup", ["add-tenant", "--stack", "contoso", "--tenant-id", "x"]).status).toBe(2);
  const bad = inFleet("m365-backup", [
    "add-tenant",
    ...["--stack", "tailspin", "--tenant-id", "not-a-guid", "--primary-domain", "tailspin.com", "--initial-domain", "tailspin"],
    ...[
      "--mailboxes",
      "300",
      "--vendor-account",
      "t-1",
      "--vendor-client-id",
      "msp-partner",
      "--vendor-account-email",
      "backup@msp.example",
    ],
    ...["--vendor-app-id", "9c1f8e2a-7b3d-4a6c-8e5f-0a1b2c3d4e5f"],
  ]);
  expect(bad.status).toBe(2);
  expect(bad.stdout).toMatch(/m365-backup:tenant\.id = "not-a-guid"/);
  expect(fs.existsSync(path.join(fleet, "Pulumi.tailspin.yaml"))).toBe(false);
}, 300_000);

test("a dynamic provider serialized from the installed package runs in the engine's provider host in the fleet", async () => {
  // Serialized as the fleet's program does: Pulumi writes the package's loader as a require of its one state-stored file.
  const shim = path.join(fleet, "node_modules", moduleName, "dist", "infra", "providers", "backup-task-provider.js");
  const serialize = inFleet("node", [
    "-e",
    `const { backupTaskProvider } = require(${JSON.stringify(shim)});
     require("@pulumi/pulumi").runtime.serializeFunction(() => backupTaskProvider, { allowSecrets: true }).then((f) => process.stdout.write(f.text));`,
  ]);
  expect(serialize.status).toBe(0);
  const provider = serialize.stdout;
  expect(provider).toContain(`require("${moduleName}/dist/infra/providers/runtime-loader.js")`);
  const host = await DynamicProviderHost.start({}, fleet);
  try {
    const checked = await host.check(
      "urn:pulumi:contoso::m365-backup::pulumi-nodejs:dynamic/m365-backup:BackupTask::t",
      {},
      sharePointTaskInputs(provider, "Contoso SharePoint backup"),
    );
    // The compiled runtime answered: its schema's defaults are in the checked inputs.
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({ consoleWaitDays: 7, paused: false });
  } finally {
    await host.stop();
  }
}, 120_000);
