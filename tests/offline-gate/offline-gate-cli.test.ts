import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { discoverStacks } from "../../tools/gate/stack-files";

const projectDir = path.resolve(__dirname, "..", "..");
const tsNode = path.join(projectDir, "node_modules", "ts-node", "dist", "bin.js");
const denyNetwork = path.join(__dirname, "deny-network.js");

/** The gate as a fresh clone runs it: its own process, no cloud credentials, no Pulumi login, no network. */
function plan(args: string[]): { code: number; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(ARM_|AZURE_|PULUMI_|M365_BACKUP_|CLOUDALLY)/.test(k)) env[k] = v;
  const res = spawnSync(process.execPath, ["--require", denyNetwork, tsNode, "--transpile-only", "tools/gate/plan.ts", ...args], {
    cwd: projectDir,
    env: { ...env, HOME: fs.mkdtempSync(path.join(os.tmpdir(), "gate-home-")) },
    encoding: "utf8",
    timeout: 120000,
  });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

let scratch: string;
beforeAll(() => (scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gate-stacks-"))));

function writeStack(name: string, change: (config: Record<string, unknown>) => void): string {
  const doc = parse(fs.readFileSync(path.join(projectDir, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
  change(doc.config);
  const file = path.join(scratch, `Pulumi.${name}.yaml`);
  fs.writeFileSync(file, stringify(doc));
  return file;
}

describe("npm run plan (the offline gate)", () => {
  it("passes every example tenant stack and reports resources, rollout and verdicts as JSON", () => {
    const stacks = discoverStacks(projectDir);
    expect(stacks).toEqual(expect.arrayContaining(["dev", "fabrikam", "northwind", "adatum"]));
    const res = plan(["--all", "--json"]);
    expect(res.stderr).not.toMatch(/tried to reach/);
    expect(res.code).toBe(0);
    const verdicts = JSON.parse(res.stdout) as {
      stack: string;
      passed: boolean;
      resources: { type: string }[];
      violations: unknown[];
      configProblems: string[];
      consoleSteps?: string[];
    }[];
    expect(verdicts.map((v) => v.stack)).toEqual(stacks);
    // Northwind's self-service example speaks the contract to the real host: a word for the reviewer, not a failure.
    const expectedWarnings: Record<string, string[]> = { northwind: ["vendor-contract-at-named-host"] };
    for (const v of verdicts) {
      expect({
        stack: v.stack,
        passed: v.passed,
        violations: (v.violations as { policyName: string; enforcementLevel: string }[]).map(
          (x) => `${x.enforcementLevel} ${x.policyName}`,
        ),
        configProblems: v.configProblems,
      }).toEqual({
        stack: v.stack,
        passed: true,
        violations: (expectedWarnings[v.stack] ?? []).map((p) => `advisory ${p}`),
        configProblems: [],
      });
      expect(v.resources.filter((r) => r.type === "azuread:index/user:User").length).toBeGreaterThan(0);
    }
    // Stacks on CloudAlly's public API learn every console step up front; contract stacks have none to take.
    const steps = Object.fromEntries(
      verdicts.map((v) => [v.stack, (v.consoleSteps ?? []).map((s) => /Name \(alias\): "([^"]+)"/.exec(s)?.[1])]),
    );
    expect(steps.fabrikam).toEqual([
      "Fabrikam Exchange backup",
      "Fabrikam Groups-Teams backup",
      "Fabrikam SharePoint backup",
      "Fabrikam OneDrive backup",
    ]);
    expect({ dev: steps.dev, northwind: steps.northwind }).toEqual({ dev: [], northwind: [] });
  });

  it("prints the resource tree and the verdicts for one stack: an advisory warns, the same policy made mandatory by policy config fails with exit 1", () => {
    const file = writeStack("unlicensed", (c) => {
      const accounts = c["m365-backup:accounts"] as { licensing: { skus: Record<string, string[]> } };
      accounts.licensing.skus.sharepoint = [];
    });
    // The licence is the guide's "should": advisory by default, a warning that does not fail the stack.
    const res = plan(["--stack-file", file]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Config: valid/);
    expect(res.stdout).toMatch(/^ {4}\+ m365-backup:onboarding:TenantOnboarding {2}contoso$/m);
    expect(res.stdout).toMatch(/^ {8}\+ m365-backup:identities:BackupServiceAccount {2}contoso-identities-sharepoint$/m);
    expect(res.stdout).toMatch(/\+ azuread:index\/user:User {2}contoso-identities-exchange-user {2}\[secret password\]/);
    expect(res.stdout).toMatch(/^ {4}warn {2}backup-accounts-licensed \[advisory\]: 1 violation\(s\)$/m);
    // A policy config that raises the policy is what the report names, and the violation fails the stack with exit 1.
    const config = path.join(scratch, "mandatory.json");
    fs.writeFileSync(config, JSON.stringify({ "backup-accounts-licensed": { enforcementLevel: "mandatory" } }));
    const raised = plan(["--stack-file", file, "--policy-config", config]);
    expect(raised.code).toBe(1);
    expect(raised.stdout).toMatch(
      /\[mandatory\] backup-accounts-licensed: Backup account sharepoint_backup@contoso\.com \(sharepoint\) has no licence/,
    );
    expect(raised.stdout).toMatch(/Result: FAIL/);
    // A misspelt policy or setting is refused, never ignored: the level it meant would silently not apply.
    const typo = path.join(scratch, "typo.json");
    fs.writeFileSync(typo, JSON.stringify({ "backup-account-licensed": "mandatory", "who-gets-access-allow-list": { vendorAppId: [] } }));
    const refused = plan(["--stack-file", file, "--policy-config", typo]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /backup-account-licensed: this pack has no policy of that name \(its policies: .*backup-accounts-licensed/,
    );
    expect(refused.stderr).toMatch(
      /who-gets-access-allow-list: has no setting vendorAppId \(its settings: federatedIdentities, licensingGroupObjectIds, secretReaderObjectIds, vendorAppIds\)/,
    );
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  });

  it("stops with exit 2 on invalid config, naming the key, the value and the fix, before evaluating anything", () => {
    const file = writeStack("badtenant", (c) => {
      (c["m365-backup:tenant"] as Record<string, unknown>).id = "not-a-guid";
    });
    const res = plan(["--stack-file", file]);
    expect(res.code).toBe(2);
    expect(res.stdout).toMatch(
      /Config: INVALID\n {4}- m365-backup:tenant\.id = "not-a-guid": must be a GUID .* Fix: pulumi config set --path 'tenant\.id' <value>/,
    );
    expect(res.stdout).not.toMatch(/Resources that would be created/);
  });

  it("explains its usage (--help exits 0; bad arguments exit 2) and an unknown stack", () => {
    const help = plan(["--help"]);
    expect({ code: help.code, usage: help.stdout }).toEqual({
      code: 0,
      usage: expect.stringMatching(
        /^Usage: npm run plan -- .*\n[\s\S]*Exit code: 0 every stack passes; 1 a mandatory policy violation \(and nothing else\); 2 anything else/,
      ),
    });
    for (const args of [[], ["--stak", "dev"], ["--stack"]]) {
      const res = plan(args);
      expect({ args, code: res.code, stderr: res.stderr }).toEqual({
        args,
        code: 2,
        stderr: expect.stringMatching(/\n\nUsage: npm run plan/),
      });
    }
    const res = plan(["--stack", "nosuchtenant", "--json"]);
    expect(res.code).toBe(2);
    const [verdict] = JSON.parse(res.stdout) as { stack: string; configProblems: string[] }[];
    expect(verdict).toMatchObject({
      stack: "nosuchtenant",
      configProblems: [
        expect.stringMatching(
          /No stack file Pulumi\.nosuchtenant\.yaml: create it \(pulumi stack init nosuchtenant\) or pick one of: .*dev/,
        ),
      ],
    });
  });

  it("gives a broken file its own verdict naming the file as given, and still checks the others; progress goes to stderr", () => {
    const broken = path.join(scratch, "mytenant.yaml");
    fs.writeFileSync(broken, "config:\n  m365-backup:tenant: [unclosed\n");
    const res = plan(["--stack", "dev", "--stack-file", broken, "--json"]);
    expect(res.code).toBe(2);
    const verdicts = JSON.parse(res.stdout) as { stack: string; file: string; passed: boolean; configProblems: string[] }[];
    expect(verdicts.map((v) => ({ stack: v.stack, passed: v.passed }))).toEqual([
      { stack: "dev", passed: true },
      { stack: "mytenant", passed: false },
    ]);
    expect(verdicts[1]).toMatchObject({
      file: broken,
      configProblems: [expect.stringMatching(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not valid YAML`))],
    });
    expect(res.stderr).toMatch(/\[1\/2\] dev \(Pulumi\.dev\.yaml\) \.\.\.\n\[1\/2\] dev: pass in [\d.]+ s\n\[2\/2\] mytenant/);
  });

  it("never starts the policy pack for a stack whose config is invalid", () => {
    const file = writeStack("typo", (c) => (c["m365backup:services"] = { exchange: false }));
    // A pack that cannot start would fail the run; invalid config must stop before it is needed.
    const res = plan(["--stack-file", file, "--policy-pack", path.join(scratch, "no-such-pack")]);
    expect(res.code).toBe(2);
    expect(res.stdout).toMatch(/m365backup:services: unknown namespace "m365backup".* Did you mean m365-backup:services\?/);
    expect(res.stderr).not.toMatch(/policy pack/);
  });

  it("reports each wave under its real day with each scope's use in its unit, the floor, every policy's verdict, and the onboarding request with --request", () => {
    const res = plan(["--stack", "northwind", "--request"]);
    expect(res.code).toBe(0);
    const days = [...res.stdout.matchAll(/^ {4}day (\d+): /gm)].map((m) => Number(m[1]));
    const last = Number(
      /Rollout plan: self-service, (\d+) day\(s\) to full protection \(the throttling floor is (\d+) day\(s\) at safety factor [\d.]+\)/.exec(
        res.stdout,
      )?.[1],
    );
    expect(days).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(res.stdout).toMatch(
      /day 1: .*exchange [\d,]+ of [\d,]+ requests\/day \([\d.]+%\); sharepoint [\d,]+ of [\d,]+ resource units\/day \([\d.]+%\)/,
    );
    expect(res.stdout).toMatch(
      /Policy verdicts \(19 policies ran\): 1 violation\(s\), 0 mandatory\n {4}pass {2}resource-types-allow-list \[mandatory\]/,
    );
    expect(res.stdout).toMatch(
      /\[advisory\] vendor-contract-at-named-host: Pulumi\.northwind\.yaml: m365-backup:vendorApi\.capabilities = "contract" against https:\/\/api\.cloudally\.com/,
    );
    expect(res.stdout).toMatch(/Onboarding request for northwind \(as the vendor receives it\):\n\n# /);
  });

  it("leaves no policy-pack process behind when it is stopped half-way", async () => {
    const marker = `gate-${process.pid}-${Date.now()}`;
    const child = spawn(process.execPath, [tsNode, "--transpile-only", "tools/gate/plan.ts", "--all"], {
      cwd: projectDir,
      env: { ...process.env, M365_GATE_TEST_MARKER: marker },
    });
    // Stopped once the first stack has been judged, so the pack is running.
    await new Promise<void>((resolve) => child.stderr.on("data", (d: Buffer) => /\[1\/\d+\] \w+: /.test(d.toString()) && resolve()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(2);
    await new Promise((r) => setTimeout(r, 500));
    const marked = fs.readdirSync("/proc").filter((pid) => {
      try {
        return /^\d+$/.test(pid) && fs.readFileSync(`/proc/${pid}/environ`, "utf8").includes(marker);
      } catch {
        return false;
      }
    });
    expect(marked).toEqual([]);
  }, 120_000);

  it("prints the onboarding request the operator's guide shows as its sample", () => {
    const res = plan(["--stack", "dev", "--request"]);
    const printed = res.stdout.split("Onboarding request for dev (as the vendor receives it):\n\n")[1]?.trimEnd();
    const readme = fs.readFileSync(path.join(projectDir, "docs", "operators-guide.md"), "utf8");
    const sample = /A sample onboarding request[^\n]*\n\n```text\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(printed).toBeDefined();
    expect(sample).toBe(printed);
  });

  it("a misspelt name in consent.vendorPermissions is the stack's program error with exit 2, the key and the fix, never a crash", () => {
    const file = writeStack("typo", (c) => {
      (c["m365-backup:consent"] as Record<string, unknown>).vendorPermissions = [
        { resource: "microsoftGraph", kind: "application", value: "Mail.ReadWrit" },
      ];
    });
    const res = plan(["--stack-file", file]);
    expect(res.code).toBe(2);
    expect(res.stdout).toMatch(
      /Program failed: .*m365-backup:consent\.vendorPermissions\[0\]\.value = "Mail\.ReadWrit": microsoftGraph publishes no app role of that name .* Fix: pulumi config set --path 'consent\.vendorPermissions\[0\]\.value'/,
    );
    expect(res.stdout).toMatch(/Result: FAIL/);
    expect(`${res.stdout}${res.stderr}`).not.toMatch(/\n\s+at [^\n]*\.ts:\d+/);
  });

  it("says a plan is decided by discovery at run time when the config has no counts", () => {
    const file = writeStack("nocounts", (c) => delete (c["m365-backup:tenant"] as Record<string, unknown>).mailboxCount);
    const res = plan(["--stack-file", file]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Rollout plan: vendor-managed: decided by discovery at run time/);
  });
});

describe("the gate at the trust boundary (stack files a pull request can change)", () => {
  function writeDeployable(name: string, change: (config: Record<string, unknown>) => void): string {
    const file = writeStack(name, change);
    const doc = parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(file, stringify({ environment: [`m365-backup/${name}`], ...doc }));
    return file;
  }
  const vendorApi = (config: Record<string, unknown>) => config["m365-backup:vendorApi"] as Record<string, unknown>;

  it("reports every mistake of a file at once: a deployable stack without vendorApi and with invalid config gets both, in one run", () => {
    const file = writeDeployable("novendor", (c) => {
      delete c["m365-backup:vendorApi"];
      (c["m365-backup:tenant"] as Record<string, unknown>).mailboxCount = -5;
    });
    const res = plan(["--stack-file", file, "--json"]);
    expect(res.code).toBe(2);
    const [verdict] = JSON.parse(res.stdout) as { configProblems: string[]; violations: { policyName: string; message: string }[] }[];
    expect(verdict.configProblems).toEqual([expect.stringMatching(/^m365-backup:tenant\.mailboxCount = -5: /)]);
    expect(verdict.violations.map((v) => v.policyName)).toEqual(["vendor-api-configured"]);
    expect(verdict.violations[0].message).toMatch(
      /no m365-backup:vendorApi in a deployable stack .* Fix: pulumi config set --path 'vendorApi\.accountId'/,
    );
    const text = plan(["--stack-file", file]);
    expect(text.stdout).toMatch(/Config: INVALID[\s\S]*Stack-file checks:\n {4}\[mandatory\] vendor-api-configured: /);
  });

  it("fails a deployable stack with an emulator URL, a free base URL, and each credential written in plain text, naming the key and the fix", () => {
    const files = [
      writeDeployable("foreignvendor", (c) => (vendorApi(c).emulatorUrl = "https://cloudally-api.attacker.example")),
      writeStack("freeurl", (c) => {
        delete vendorApi(c).emulatorUrl;
        vendorApi(c).baseUrl = "https://cloudally-api.attacker.example";
      }),
      writeStack("plainvendor", (c) => {
        c["m365-backup:vendorPassword"] = "Winter2026!";
        c["m365-backup:vendorClientSecret"] = "partner-secret-123";
      }),
      writeStack("plainazure", (c) => (c["azuread:clientSecret"] = "abc8Q~0123456789012345678901234567890123")),
      // The same secret set with pulumi config set --secret is accepted.
      writeStack("securevendor", (c) => (c["m365-backup:vendorPassword"] = { secure: "v1:AAAABBBBCCCC" })),
    ];
    const res = plan([...files.flatMap((f) => ["--stack-file", f]), "--json"]);
    expect(res.code).toBe(2);
    const verdicts = JSON.parse(res.stdout) as {
      stack: string;
      passed: boolean;
      configProblems: string[];
      violations: { policyName: string; enforcementLevel: string; message: string }[];
    }[];
    const of = (stack: string) => verdicts.find((v) => v.stack === stack)!;

    expect(of("foreignvendor").passed).toBe(false);
    expect(
      of("foreignvendor")
        .violations.filter((v) => v.enforcementLevel === "mandatory")
        .map((v) => v.policyName),
    ).toEqual(["vendor-endpoint-named-host"]);
    expect(of("foreignvendor").violations[0].message).toMatch(
      /m365-backup:vendorApi\.emulatorUrl = "https:\/\/cloudally-api\.attacker\.example" in a deployable stack .* Fix: remove emulatorUrl \(pulumi config rm --path 'vendorApi\.emulatorUrl'\); the vendor's host is vendorApi\.region/,
    );
    expect(of("freeurl").configProblems).toEqual([
      expect.stringMatching(
        /^m365-backup:vendorApi\.baseUrl = "https:\/\/cloudally-api\.attacker\.example": is no longer accepted: the vendor host is chosen by name with vendorApi\.region.* Fix: pulumi config rm --path 'vendorApi\.baseUrl'/,
      ),
    ]);
    expect(of("plainvendor").configProblems).toEqual([
      expect.stringMatching(
        /^m365-backup:vendorClientSecret is set in plain text: .* pulumi config set --secret vendorClientSecret <value>/,
      ),
      expect.stringMatching(/^m365-backup:vendorPassword is set in plain text: .* pulumi config set --secret vendorPassword <value>/),
    ]);
    expect(of("plainazure").configProblems).toEqual([
      expect.stringMatching(/^azuread:clientSecret is set in plain text: .* rotate it .* no stack may set a provider credential/),
      expect.stringMatching(
        /^azuread:clientSecret: not a key this stack may set \(allowed here: azuread:tenantId and azuread:environment\)/,
      ),
    ]);
    expect(of("securevendor")).toMatchObject({ passed: true, configProblems: [] });
    // No problem text repeats the plain value it refuses.
    expect(res.stdout).not.toMatch(/Winter2026!|partner-secret-123|abc8Q~/);
  });

  it("refuses a provider key that moves where the deploy's credential goes, and a secure: tenant id, with exit 2 before evaluating anything", () => {
    const files = [
      writeDeployable("oidchost", (c) => (c["azuread:oidcRequestUrl"] = "https://attacker.example/token")),
      writeDeployable("securetenant", (c) => (c["azuread:tenantId"] = { secure: "v1:AAAA" })),
    ];
    const res = plan([...files.flatMap((f) => ["--stack-file", f]), "--json"]);
    expect(res.code).toBe(2);
    const verdicts = JSON.parse(res.stdout) as { stack: string; configProblems: string[]; resources: unknown[] }[];
    expect(verdicts.map((v) => [v.stack, v.configProblems.map((p) => p.split(":").slice(0, 2).join(":")), v.resources.length])).toEqual([
      ["oidchost", ["azuread:oidcRequestUrl"], 0],
      ["securetenant", ["azuread:tenantId"], 0],
    ]);
  });

  it("starts every verdict with who gets access, and warns (advisory) when services are paused", () => {
    const file = writeStack("paused", (c) => {
      (c["m365-backup:backupTasks"] as Record<string, unknown>).pausedServices = ["exchange", "sharepoint"];
    });
    const res = plan(["--stack-file", file]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      /Config: valid\n {2}Who gets access:\n {4}backup app: the vendor's multi-tenant app 9c1f8e2a-7b3d-4a6c-8e5f-0a1b2c3d4e5f \(consent\.vendorAppId\)[^\n]*\n {4}exchange account: Global Administrator for 72 hours \(grant 1\)/,
    );
    expect(res.stdout).toMatch(/ {4}paused services: exchange, sharepoint\n {4}keys outside m365-backup: azuread:tenantId = "0f3a6b1e-/);
    expect(res.stdout).toMatch(
      /\[advisory\] backup-services-paused: .*pausedServices = \["exchange","sharepoint"\]: these services take no backups/,
    );
  });
});
