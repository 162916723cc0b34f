import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { credentialKindFromEnvironment } from "../../infra/azure/credential";
import { projectDir } from "./fleet-fixtures";

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];

  permissions?: Record<string, string>;
  env?: Record<string, string>;
  environment?: string;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  strategy?: { "fail-fast"?: boolean; matrix?: { include?: string } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflowsDir = path.join(projectDir, ".github", "workflows");
const text = (name: string) => fs.readFileSync(path.join(workflowsDir, `${name}.yml`), "utf8");
const workflow = (name: string) => parse(text(name)) as Workflow;
const names = fs.readdirSync(workflowsDir).map((f) => f.replace(/\.yml$/, ""));
const runs = (job: Job) => job.steps.map((s) => s.run ?? "").join("\n");
const runsPulumi = (job: Job) => /(^\s*|-- )pulumi (preview|up|refresh)/m.test(runs(job));

/** Runs a workflow step's shell script as the runner would, returning what it wrote to $GITHUB_OUTPUT. */
function runStep(step: Step, env: Record<string, string>): Record<string, string> {
  const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gh-output-")), "output");
  fs.writeFileSync(output, "");
  const res = spawnSync("bash", ["-e", "-o", "pipefail", "-c", step.run ?? ""], {
    cwd: projectDir,
    encoding: "utf8",
    timeout: 60000,
    env: { ...process.env, ...env, GITHUB_OUTPUT: output },
  });
  expect({ status: res.status, stderr: res.stderr.replace(/^npm warn.*\n/gm, "") }).toEqual({ status: 0, stderr: "" });
  return Object.fromEntries(
    fs
      .readFileSync(output, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}
const listStep = (wf: Workflow, job: string) => wf.jobs[job].steps.find((s) => s.id === "list") as Step;
const stacksOf = (out: Record<string, string>) => (JSON.parse(out.stacks) as { stack: string }[]).map((s) => s.stack);

describe("GitHub Actions workflows", () => {
  it("are the pull-request gate, the deploy on merge and the daily rollout advance, each reading the repository only by default", () => {
    expect(names.sort()).toEqual(["advance-rollouts", "deploy", "pull-request"]);
    // A fleet repository calls each of them at a module version (templates/fleet), naming its installed pack.
    expect(Object.keys(workflow("pull-request").on)).toEqual(["pull_request", "workflow_call"]);
    for (const n of names)
      expect({ n, inputs: Object.keys((workflow(n).on.workflow_call as { inputs: object }).inputs) }).toEqual({
        n,
        inputs: n === "advance-rollouts" ? ["policy-pack", "policy-config", "stack"] : ["policy-pack", "policy-config"],
      });
    expect(workflow("deploy").on).toMatchObject({ push: { branches: ["main"] } });
    expect(Object.keys(workflow("advance-rollouts").on)).toEqual(expect.arrayContaining(["schedule", "workflow_dispatch"]));
    for (const n of names) {
      // pull_request_target would run a fork's code with this repository's secrets.
      expect(text(n)).not.toMatch(/pull_request_target/);
      expect({ n, permissions: workflow(n).permissions }).toEqual({ n, permissions: { contents: "read" } });
      for (const job of Object.values(workflow(n).jobs)) {
        for (const step of job.steps.filter((s) => s.uses?.startsWith("actions/checkout")))
          expect(step).toMatchObject({ with: { "persist-credentials": false } });
      }
    }
  });

  it("give a pull request the tests and the offline gate, judged by the base branch's pack, and no credential of any kind in any job", () => {
    const wf = workflow("pull-request");
    const gate = wf.jobs["offline-gate"];
    expect(runs(gate)).toMatch(/^npm test$/m);
    // The pack and a fleet's policy config (its reviewed lists) are the base branch's, never the pull request's.
    expect(runs(gate)).toMatch(
      /^npm run --silent plan -- --all --json --policy-pack "\.trusted\/\$POLICY_PACK" \$\{POLICY_CONFIG:\+--policy-config "\.trusted\/\$POLICY_CONFIG"\} /m,
    );
    expect(gate.steps.find((st) => /--policy-pack/.test(st.run ?? ""))?.env).toEqual({
      POLICY_PACK: "${{ inputs.policy-pack || 'policies' }}",
      POLICY_CONFIG: "${{ inputs.policy-config }}",
    });
    const trusted = gate.steps.find((st) => (st as { with?: { path?: string } }).with?.path === ".trusted") as {
      with: Record<string, string>;
    };
    expect(trusted.with.ref).toBe("${{ github.event.pull_request.base.sha }}");
    // The tests run before the base branch is checked out beside them, so they never read it.
    expect(gate.steps.indexOf(gate.steps.find((st) => st.run === "npm test") as Step)).toBeLessThan(gate.steps.indexOf(trusted as Step));
    // GitHub runs a pull request's own code and workflow file: no job there may hold an OIDC permission, a secret, an environment or a token.
    for (const [name, job] of Object.entries(wf.jobs)) {
      const held = {
        idToken: job.permissions?.["id-token"] ?? wf.permissions["id-token"],
        environment: job.environment,
        secrets: JSON.stringify(job).match(/secrets\.[A-Za-z_]+/g),
        auth: job.steps.filter((st) => /^(pulumi\/auth-actions|azure\/login)@/.test(st.uses ?? "")).map((st) => st.uses),
        pulumi: runsPulumi(job),
      };
      expect({ name, held }).toEqual({
        name,
        held: { idToken: undefined, environment: undefined, secrets: null, auth: [], pulumi: false },
      });
    }
    expect(text("pull-request")).not.toMatch(/PULUMI_PREVIEW_TEAM|READER_CLIENT_ID|WRITER_CLIENT_ID|PULUMI_DEPLOY_TEAM/);
  });

  it("show a pull request what it changes: the gate at the base, the diff in the summary, one comment posted by a job that runs none of its code", () => {
    const wf = workflow("pull-request");
    const gate = wf.jobs["offline-gate"];
    const base = gate.steps.find((st) => st.name === "Offline gate at the base") as Step & { "working-directory"?: string };
    expect(base["working-directory"]).toBe(".trusted");
    expect(base.run).toMatch(
      /npm run --silent plan -- --all --json \$\{POLICY_CONFIG:\+--policy-config "\$POLICY_CONFIG"\} > \.\.\/offline-gate-base\.json/,
    );
    expect(runs(gate)).toMatch(
      /npm run --silent plan-diff -- --base offline-gate-base\.json --head offline-gate\.json --out plan-diff\.md/,
    );
    expect(runs(gate)).toMatch(/cat plan-diff\.md >> "\$GITHUB_STEP_SUMMARY"/);

    const comment = wf.jobs.comment;
    expect(comment.needs).toBe("offline-gate");
    // Only its own token's right to comment; a fork's pull request (read-only token) is not commented.
    expect(comment.permissions).toEqual({ "pull-requests": "write" });
    expect(comment.if).toMatch(/github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
    // It runs none of the pull request's code: no checkout, no npm, no node; only the artifact and gh.
    expect(comment.steps.map((st) => st.uses?.split("@")[0] ?? "run")).toEqual(["actions/download-artifact", "run"]);
    expect(runs(comment)).not.toMatch(/\b(npm|node|npx|ts-node)\b/);
    // Nothing the pull request's author writes (title, body, branch) is expanded into the script.
    expect(runs(comment)).not.toMatch(/\$\{\{/);
    expect(runs(comment)).toMatch(/-F body=@body\.md/);
  });

  it("run every preview and up unattended against the org-qualified stack, judged by the protected branch's policy pack", () => {
    const lines = names.flatMap((n) =>
      Object.values(workflow(n).jobs).flatMap((j) =>
        runs(j)
          .split("\n")
          .map((line) => ({ n, line })),
      ),
    );
    const commands = lines.filter(({ line }) => /(^|-- )pulumi (preview|up)\b/.test(line.trim()));
    expect(commands.length).toBe(2);
    for (const { n, line } of commands) {
      expect(line).toMatch(/--non-interactive/);
      expect(line).toMatch(/--stack "\$\{PULUMI_ORG:\+\$PULUMI_ORG\/\}\$STACK"/);
      if (/pulumi up/.test(line)) expect(line).toMatch(/--yes/);
      expect(n).not.toBe("pull-request");
      expect(line).toMatch(/--policy-pack "\$POLICY_PACK"/);
    }
    // The pack is the checkout's (main's): policies/ here, the installed module's in a fleet.
    for (const n of ["deploy", "advance-rollouts"]) {
      const step = Object.values(workflow(n).jobs)
        .flatMap((j) => j.steps)
        .find((st) => /pulumi up/.test(st.run ?? ""));
      expect(step?.env).toEqual({ POLICY_PACK: "${{ inputs.policy-pack || 'policies' }}", POLICY_CONFIG: "${{ inputs.policy-config }}" });
      expect(step?.run).toMatch(/--policy-pack "\$POLICY_PACK" \$\{POLICY_CONFIG:\+--policy-pack-config "\$POLICY_CONFIG"\}/);
    }
    // up runs only main's code (the protected branch), whatever triggered it.
    for (const n of ["deploy", "advance-rollouts"]) {
      const [, job] = Object.entries(workflow(n).jobs).find(([, j]) => /pulumi up/.test(runs(j))) as [string, Job];
      expect(job.if).toContain("github.ref == 'refs/heads/main'");
    }
  });

  it("hold no stored secret: Pulumi tokens come from OIDC exchange per team, Azure from federated credentials, the writer only in the protected environment", () => {
    for (const n of names) {
      expect(text(n)).not.toMatch(/CLIENT_SECRET|clientSecret|CLIENT_CERTIFICATE|PULUMI_ACCESS_TOKEN:/);
      for (const [name, job] of Object.entries(workflow(n).jobs)) {
        // GITHUB_TOKEN would be the only acceptable secret, and only in a job without a protected environment.
        const used = [...new Set(JSON.stringify(job).match(/secrets\.[A-Za-z_]+/g) ?? [])];
        expect({ n, name, used: used.filter((u) => job.environment || u !== "secrets.GITHUB_TOKEN") }).toEqual({ n, name, used: [] });
      }
      for (const [name, job] of Object.entries(workflow(n).jobs).filter(([, j]) => runsPulumi(j))) {
        expect({ name, idToken: job.permissions?.["id-token"] }).toEqual({ name, idToken: "write" });
        expect(credentialKindFromEnvironment(job.env as NodeJS.ProcessEnv)).toBe("workload-identity");
        expect(job.env).toMatchObject({ ARM_USE_OIDC: "true", ARM_TENANT_ID: "${{ matrix.tenantId }}" });
        const auth = job.steps.find((st) => st.uses?.startsWith("pulumi/auth-actions@")) as
          | { with: Record<string, string | number> }
          | undefined;
        expect(auth?.with).toMatchObject({
          organization: "${{ vars.PULUMI_ORG }}",
          "requested-token-type": "urn:pulumi:token-type:access_token:team",
        });
        expect(job.environment).toBe("m365-backup-fleet");
        expect(job.env?.ARM_CLIENT_ID).toBe("${{ matrix.writerClientId || vars.M365_BACKUP_WRITER_CLIENT_ID }}");
        expect(auth?.with.scope).toBe("team:${{ vars.PULUMI_DEPLOY_TEAM }}");
      }
    }
  });

  it("pin every action to a full commit, the Pulumi CLI to the SDK's version, and run no install script where a credential is held", () => {
    const sdk = (
      JSON.parse(fs.readFileSync(path.join(projectDir, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string }
    ).version;
    for (const n of names) {
      for (const [name, job] of Object.entries(workflow(n).jobs)) {
        for (const step of job.steps.filter((st) => st.uses))
          expect({ n, name, uses: step.uses }).toEqual({ n, name, uses: expect.stringMatching(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/) });
        for (const step of job.steps.filter((st) => st.uses?.startsWith("pulumi/actions@"))) {
          expect((step as { with?: Record<string, string> }).with?.["pulumi-version"]).toBe(sdk);
        }
        const holdsCredential = job.permissions?.["id-token"] === "write" || job.environment !== undefined;
        if (!holdsCredential) continue;
        const installs = job.steps.map((st) => st.run ?? "").filter((r) => /\bnpm (ci|install)\b/.test(r));
        expect(installs.length).toBeGreaterThan(0);
        for (const install of installs)
          expect({ n, name, install }).toEqual({ n, name, install: expect.stringMatching(/--ignore-scripts/) });
      }
      // Every pin says which release it is, so a reviewer can tell an upgrade from a swap.
      for (const line of text(n)
        .split("\n")
        .filter((l) => /uses: /.test(l)))
        expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+/);
    }
  });

  it("never run two updates on one stack at once, never cancel one half-way, and let one tenant fail without stopping the others", () => {
    const groups = (["deploy", "advance-rollouts"] as const).map((n) => {
      const [name, job] = Object.entries(workflow(n).jobs).find(([, j]) => /pulumi up/.test(runs(j))) as [string, Job];
      expect({ name, cancel: job.concurrency?.["cancel-in-progress"], failFast: job.strategy?.["fail-fast"] }).toEqual({
        name,
        cancel: false,
        failFast: false,
      });
      expect(job.strategy?.matrix?.include).toBe("${{ fromJSON(needs.stacks.outputs.stacks) }}");
      expect(job.environment).toBe("m365-backup-fleet");
      return job.concurrency?.group;
    });
    expect(groups[0]).toBe("pulumi-stack-${{ matrix.stack }}");
    expect(groups[1]).toBe(groups[0]);
  });

  it("check a merged stack offline before up, and refresh every stack before its up", () => {
    const deploy = runs(workflow("deploy").jobs.up);
    expect(deploy.indexOf('npm run --silent plan -- --stack "$STACK"')).toBeGreaterThan(-1);
    expect(deploy.indexOf('npm run --silent plan -- --stack "$STACK"')).toBeLessThan(deploy.indexOf("pulumi up"));
    // Refresh before up: the Exchange task's connection and the Global Administrator's end are read first.
    expect(deploy.indexOf("pulumi refresh")).toBeGreaterThan(-1);
    expect(deploy.indexOf("pulumi refresh")).toBeLessThan(deploy.indexOf("pulumi up"));
    const advance = runs(workflow("advance-rollouts").jobs.advance);
    expect(advance.indexOf("pulumi refresh")).toBeGreaterThan(-1);
    expect(advance.indexOf("pulumi refresh")).toBeLessThan(advance.indexOf("pulumi up"));
    expect(listStep(workflow("advance-rollouts"), "stacks").run).toMatch(/stacks -- --deployable /);
  });

  it("call only npm scripts that exist", () => {
    const scripts = Object.keys(
      (JSON.parse(fs.readFileSync(path.join(projectDir, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts,
    );
    const called = names.flatMap((n) => [...text(n).matchAll(/npm run (?:--silent )?([\w-]+)/g)].map((m) => m[1]));
    expect(called.length).toBeGreaterThan(0);
    for (const script of called) expect(scripts).toContain(script);
  });

  it("build the matrix their jobs consume: the deploy's changed stacks (all after a force-push), every deployable one daily", () => {
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: projectDir, encoding: "utf8" }).trim();
    const deploy = listStep(workflow("deploy"), "stacks");
    expect(runStep(deploy, { EVENT: "push", BEFORE: head })).toEqual({ stacks: "[]", count: "0" });
    const all = runStep(deploy, { EVENT: "push", BEFORE: "0000000000000000000000000000000000000000" });
    expect({ stacks: stacksOf(all), count: all.count }).toEqual({ stacks: ["adatum", "fabrikam", "northwind"], count: "3" });
    expect(stacksOf(runStep(deploy, { EVENT: "workflow_dispatch", BEFORE: "" }))).toEqual(["adatum", "fabrikam", "northwind"]);

    const advance = listStep(workflow("advance-rollouts"), "stacks");
    // Every rollout is followed daily: self-service ones advance, vendor-managed ones follow the vendor.
    expect(stacksOf(runStep(advance, { ONLY: "" }))).toEqual(["adatum", "fabrikam", "northwind"]);
    expect(stacksOf(runStep(advance, { ONLY: "northwind" }))).toEqual(["northwind"]);
  });

  it("check the fleet's coverage every day after the ups, read-only, red when anything is not protected, without the run's token", () => {
    const jobs = workflow("advance-rollouts").jobs;
    const coverage = jobs.coverage;
    expect(coverage.needs).toEqual(expect.arrayContaining(["advance", "coverage-history"]));
    expect(coverage.if).toMatch(/^\$\{\{ !cancelled\(\) && .*github\.ref == 'refs\/heads\/main' \}\}$/);
    expect(runs(coverage)).toMatch(
      /-- \\\n\s*npm run --silent coverage -- --all --deployable --history history\/coverage\.json .*--markdown-out "\$GITHUB_STEP_SUMMARY"/,
    );
    // The reader app, never the writer; no GitHub token where the environment's credentials are.
    expect(coverage.env?.ARM_CLIENT_ID).toBe("${{ vars.M365_BACKUP_READER_CLIENT_ID }}");
    expect(JSON.stringify(coverage)).not.toMatch(/github\.token|GITHUB_TOKEN|WRITER/);
    expect(runsPulumi(coverage)).toBe(false);
    // The history is fetched with the read-only token by a job that holds nothing else.
    const history = jobs["coverage-history"];
    expect({ environment: history.environment, permissions: history.permissions }).toEqual({
      environment: undefined,
      permissions: { actions: "read", contents: "read" },
    });
  });
});
