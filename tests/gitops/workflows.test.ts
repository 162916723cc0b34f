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
const runsPulumi = (job: Job) => /^\s*pulumi (preview|up|refresh)/m.test(runs(job));
const needs = (job: Job) => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
const sameRepository = "github.event.pull_request.head.repo.full_name == github.repository";

/** Whether a job only runs for branches of this repository: its own condition, or one of a job it needs. */
function onlyForOwnBranches(wf: Workflow, jobName: string): boolean {
  const job = wf.jobs[jobName];
  return (job.if ?? "").includes(sameRepository) || needs(job).some((n) => onlyForOwnBranches(wf, n));
}

/** Runs a workflow step's shell script as the runner would, returning what it wrote to $GITHUB_OUTPUT. */
function runStep(step: Step, env: Record<string, string>): Record<string, string> {
  const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gh-output-")), "output");
  fs.writeFileSync(output, "");
  const res = spawnSync("bash", ["-e", "-o", "pipefail", "-c", step.run ?? ""], { cwd: projectDir, encoding: "utf8", timeout: 60000, env: { ...process.env, ...env, GITHUB_OUTPUT: output } });
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
    expect(Object.keys(workflow("pull-request").on)).toEqual(["pull_request"]);
    expect(workflow("deploy").on).toMatchObject({ push: { branches: ["main"] } });
    expect(Object.keys(workflow("advance-rollouts").on)).toEqual(expect.arrayContaining(["schedule", "workflow_dispatch"]));
    for (const n of names) {
      // pull_request_target would run a fork's code with this repository's secrets.
      expect(text(n)).not.toMatch(/pull_request_target/);
      expect({ n, permissions: workflow(n).permissions }).toEqual({ n, permissions: { contents: "read" } });
      for (const job of Object.values(workflow(n).jobs)) {
        for (const step of job.steps.filter((s) => s.uses?.startsWith("actions/checkout"))) expect(step).toMatchObject({ with: { "persist-credentials": false } });
      }
    }
  });

  it("give a fork's pull request the tests and the offline gate with nothing secret, and previews only to branches of this repository", () => {
    const wf = workflow("pull-request");
    const gate = wf.jobs["offline-gate"];
    expect(gate.if).toBeUndefined();
    expect(JSON.stringify(gate)).not.toMatch(/secrets\.|id-token/);
    expect(runs(gate)).toMatch(/^npm test$/m);
    expect(runs(gate)).toMatch(/^npm run --silent plan -- --all --json/m);
    for (const [name, job] of Object.entries(wf.jobs)) {
      const privileged = /secrets\./.test(JSON.stringify(job)) || job.permissions?.["id-token"] === "write";
      if (privileged) expect({ name, onlyForOwnBranches: onlyForOwnBranches(wf, name) }).toEqual({ name, onlyForOwnBranches: true });
    }
    expect(needs(wf.jobs.preview)).toEqual(expect.arrayContaining(["offline-gate", "stacks"]));
    expect(text("pull-request")).not.toMatch(/pulumi up/);
  });

  it("run every preview and up with the policy pack, unattended, against the org-qualified stack", () => {
    const commands = names.flatMap((n) => Object.values(workflow(n).jobs).flatMap((j) => runs(j).split("\n"))).filter((l) => /^\s*pulumi (preview|up)\b/.test(l));
    expect(commands.length).toBe(3);
    for (const c of commands) {
      expect(c).toMatch(/--policy-pack policies\b/);
      expect(c).toMatch(/--non-interactive/);
      expect(c).toMatch(/--stack "\$\{PULUMI_ORG:\+\$PULUMI_ORG\/\}\$STACK"/);
      if (/pulumi up/.test(c)) expect(c).toMatch(/--yes/);
    }
  });

  it("authenticate every Pulumi job to Azure through OIDC workload identity federation; the only stored secret is the Pulumi token", () => {
    for (const n of names) {
      expect(text(n)).not.toMatch(/CLIENT_SECRET|clientSecret|CLIENT_CERTIFICATE/);
      expect([...new Set(text(n).match(/secrets\.[A-Z_]+/g) ?? [])]).toEqual(["secrets.PULUMI_ACCESS_TOKEN"]);
      for (const [name, job] of Object.entries(workflow(n).jobs).filter(([, j]) => runsPulumi(j))) {
        expect({ name, idToken: job.permissions?.["id-token"] }).toEqual({ name, idToken: "write" });
        // The module's own Graph calls use the same federation as the azuread provider.
        expect(credentialKindFromEnvironment(job.env as NodeJS.ProcessEnv)).toBe("workload-identity");
        expect(job.env).toMatchObject({ ARM_USE_OIDC: "true", ARM_TENANT_ID: "${{ matrix.tenantId }}" });
      }
    }
  });

  it("never run two updates on one stack at once, never cancel one half-way, and let one tenant fail without stopping the others", () => {
    const groups = (["deploy", "advance-rollouts"] as const).map((n) => {
      const [name, job] = Object.entries(workflow(n).jobs).find(([, j]) => /pulumi up/.test(runs(j))) as [string, Job];
      expect({ name, cancel: job.concurrency?.["cancel-in-progress"], failFast: job.strategy?.["fail-fast"] }).toEqual({ name, cancel: false, failFast: false });
      expect(job.strategy?.matrix?.include).toBe("${{ fromJSON(needs.stacks.outputs.stacks) }}");
      expect(job.environment).toBe("m365-backup-fleet");
      return job.concurrency?.group;
    });
    expect(groups[0]).toBe("pulumi-stack-${{ matrix.stack }}");
    expect(groups[1]).toBe(groups[0]);
  });

  it("check a merged stack offline before up, and refresh a self-service stack before the day's up", () => {
    const deploy = runs(workflow("deploy").jobs.up);
    expect(deploy.indexOf('npm run --silent plan -- --stack "$STACK"')).toBeGreaterThan(-1);
    expect(deploy.indexOf('npm run --silent plan -- --stack "$STACK"')).toBeLessThan(deploy.indexOf("pulumi up"));
    const advance = runs(workflow("advance-rollouts").jobs.advance);
    expect(advance.indexOf("pulumi refresh")).toBeGreaterThan(-1);
    expect(advance.indexOf("pulumi refresh")).toBeLessThan(advance.indexOf("pulumi up"));
    expect(listStep(workflow("advance-rollouts"), "stacks").run).toMatch(/stacks -- --deployable --self-service/);
  });

  it("call only npm scripts that exist", () => {
    const scripts = Object.keys((JSON.parse(fs.readFileSync(path.join(projectDir, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
    const called = names.flatMap((n) => [...text(n).matchAll(/npm run (?:--silent )?([\w-]+)/g)].map((m) => m[1]));
    expect(called.length).toBeGreaterThan(0);
    for (const script of called) expect(scripts).toContain(script);
  });

  it("build the matrix their jobs consume: the deploy's changed stacks (all after a force-push), the pull request's, the self-service ones", () => {
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: projectDir, encoding: "utf8" }).trim();
    const deploy = listStep(workflow("deploy"), "stacks");
    expect(runStep(deploy, { EVENT: "push", BEFORE: head })).toEqual({ stacks: "[]", count: "0" });
    const all = runStep(deploy, { EVENT: "push", BEFORE: "0000000000000000000000000000000000000000" });
    expect({ stacks: stacksOf(all), count: all.count }).toEqual({ stacks: ["adatum", "fabrikam", "northwind"], count: "3" });
    expect(stacksOf(runStep(deploy, { EVENT: "workflow_dispatch", BEFORE: "" }))).toEqual(["adatum", "fabrikam", "northwind"]);

    expect(runStep(listStep(workflow("pull-request"), "stacks"), { BASE_SHA: head })).toEqual({ stacks: "[]", count: "0" });

    const advance = listStep(workflow("advance-rollouts"), "stacks");
    expect(stacksOf(runStep(advance, { ONLY: "" }))).toEqual(["northwind"]);
    expect(stacksOf(runStep(advance, { ONLY: "northwind" }))).toEqual(["northwind"]);
  });
});
