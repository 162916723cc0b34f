import { execFileSync } from "child_process";
import { ConfigValidationError } from "../../infra/config/errors";
import { discoverStacks, readStackFile, stackFileConfig } from "../gate/stack-files";
import { backupTaskPlans } from "../../infra/backup-tasks/task-plan";
import { fleetConflicts } from "../gate/fleet-conflicts";

/** One tenant stack of the fleet, as the pipelines need it. */
export interface FleetStack {
  stack: string;
  /** The stack file, relative to the project (Pulumi.<stack>.yaml, or inside stackConfigDir). */
  file: string;
  tenantId: string;
  rolloutMode: "vendor-managed" | "self-service";
  /** ESC environments the stack file imports; a stack without one has no secrets to deploy with. */
  environments: string[];
  /** The tenant's own writer and reader apps; empty: the fleet's shared ones. */
  writerClientId: string;
  readerClientId: string;
  /** vendorApi.accountId, when set, and the stack's task names: two stacks must not share an account and a name. */
  vendorAccountId?: string;
  taskNames: string[];
}

/** Every stack of the project, read from the stack files only (no Pulumi Cloud, no secrets). */
export function readFleet(projectDir: string): FleetStack[] {
  return discoverStacks(projectDir).map((stack) => {
    const stackFile = readStackFile(projectDir, stack);
    let config;
    try {
      // The whole stack's config, every namespace: a secret or foreign azuread:tenantId never reaches the matrix.
      config = stackFileConfig(stackFile);
    } catch (e) {
      if (e instanceof ConfigValidationError)
        throw new Error(`${stackFile.file} is invalid:\n${e.problems.map((p) => `  - ${p}`).join("\n")}`);
      throw e;
    }
    return {
      stack,
      file: stackFile.file.split("\\").join("/"),
      // Validated above to equal azuread:tenantId where that is set.
      tenantId: config.tenant.id,
      rolloutMode: config.rollout.mode,
      environments: stackFile.environments,
      writerClientId: config.pipeline.writerClientId ?? "",
      readerClientId: config.pipeline.readerClientId ?? "",
      ...(config.vendorApi?.accountId ? { vendorAccountId: config.vendorApi.accountId } : {}),
      taskNames: backupTaskPlans(config).map((t) => t.taskName),
    };
  });
}

/** The fleet, refused when two stack files share a tenant, or a vendor account and task-name prefix (fleet-conflicts.ts). */
export function readDistinctFleet(projectDir: string): FleetStack[] {
  const stacks = readFleet(projectDir);
  const conflicts = fleetConflicts(stacks);
  if (conflicts.length > 0) throw new Error(`the fleet's stack files collide:\n${conflicts.map((c) => `  - ${c}`).join("\n")}`);
  return stacks;
}

/**
 * A pipeline has no source of a tenant's vendor secrets and Azure identity other than the ESC
 * environment its stack file imports; a stack without one (dev: the loopback emulator) is never deployed.
 */
export function isDeployable(s: FleetStack): boolean {
  return s.environments.length > 0;
}

// Changes here deploy nothing: documentation, tests, benchmarks, CI definitions.
const neutralPaths = [/^docs\//, /^tests\//, /^bench\//, /^\.github\//, /^\.ci\//, /\.md$/i];
const stackFilePattern = /(^|\/)Pulumi\.[A-Za-z0-9_.-]+\.yaml$/;

/**
 * The stacks a change can affect: an edited stack file selects its stack; any other file that is not
 * neutral (the program, the policies, package-lock.json, Pulumi.yaml) selects every stack.
 */
export function stacksAffectedBy(paths: readonly string[], stacks: readonly FleetStack[]): Set<string> {
  const byFile = new Map(stacks.map((s) => [s.file, s.stack]));
  const selected = new Set<string>();
  for (const p of paths) {
    const stack = byFile.get(p);
    if (stack !== undefined) selected.add(stack);
    else if (stackFilePattern.test(p))
      continue; // a deleted stack file: nothing left to deploy
    else if (!neutralPaths.some((r) => r.test(p))) return new Set(stacks.map((s) => s.stack));
  }
  return selected;
}

/** Paths a branch changed since it left `ref` (three dots: not what `ref` gained meanwhile). */
export function changedPathsSince(ref: string, projectDir: string): string[] {
  try {
    return execFileSync("git", ["diff", "--name-only", `${ref}...HEAD`], {
      cwd: projectDir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    })
      .split("\n")
      .filter(Boolean);
  } catch (e) {
    const reason = ((e as { stderr?: string }).stderr || (e as Error).message).split("\n")[0];
    throw new Error(`git diff against ${ref} failed (${reason}); fetch enough history (actions/checkout with fetch-depth: 0).`);
  }
}
