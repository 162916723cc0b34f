import { backupTaskInputs } from "../backup-tasks/backup-task-inputs";
import { consoleSteps as consoleStepsFor } from "../backup-tasks/console-assisted-task";
import { ConfigValidationError } from "../config/errors";
import { parseStackConfig } from "../config/load";
import type { TenantConfig } from "../config/schema";
import { evaluateStack } from "./evaluate-stack";
import { PolicyAnalyzer, PolicyPackConfig, PolicyViolation } from "./policy-analyzer-client";
import type { RecordedResource } from "./recording-monitor";
import { stackFileViolations } from "./stack-file-policies";
import { StackFile, tenantConfigValues } from "./stack-files";

export const project = "m365-backup";
const rolloutType = "pulumi-nodejs:dynamic/m365-backup:ActivationRollout";
const backupTaskType = "pulumi-nodejs:dynamic/m365-backup:BackupTask";

export interface RolloutWavePlan {
  day: number;
  index: number;
  service: string;
  entityCount?: number;
  estimatedCost?: number;
  budget?: number;
}

export interface RolloutPlan {
  mode: string;
  paused: boolean;
  waves: RolloutWavePlan[];
  days: number;
}

/** What the gate decided for one stack. */
export interface StackVerdict {
  stack: string;
  file: string;
  /** Config problems (key, value, fix); empty when the config is valid. */
  configProblems: string[];
  /** The program failed for a reason other than config. */
  programError?: string;
  resources: RecordedResource[];
  rollout?: RolloutPlan;
  violations: PolicyViolation[];
  environments: string[];
  /** With CloudAlly's public API (vendorApi.capabilities public): the console steps that make each backup task. */
  consoleSteps?: string[];
  passed: boolean;
}

/** The rollout the stack would run, read from the ActivationRollout's inputs: one wave a day. */
export function rolloutPlanOf(resources: readonly RecordedResource[]): RolloutPlan | undefined {
  const rollout = resources.find((r) => r.type === rolloutType);
  if (!rollout) return undefined;
  const inputs = rollout.inputs as { mode?: string; paused?: boolean; waves?: Record<string, unknown>[] };
  const num = (v: unknown) => (typeof v === "number" ? v : undefined);
  const waves = (inputs.waves ?? []).map((w, i) => ({
    day: num(w.day) ?? i + 1,
    index: num(w.index) ?? i + 1,
    service: String(w.service ?? "?"),
    entityCount: num(w.entityCount),
    estimatedCost: num(w.estimatedCost),
    budget: num(w.budget),
  }));
  return { mode: String(inputs.mode ?? "?"), paused: inputs.paused === true, waves, days: waves.reduce((d, w) => Math.max(d, w.day), 0) };
}

/**
 * The pull-request gate for one stack: validate the config, evaluate the program under mocks, ask the
 * policy pack (already started and configured) over gRPC. Needs no cloud account and no secret.
 */
export async function checkStack(analyzer: PolicyAnalyzer, stackFile: StackFile): Promise<StackVerdict> {
  const base = { stack: stackFile.stack, file: stackFile.file, environments: stackFile.environments, resources: [], violations: [] };
  let config: TenantConfig;
  try {
    config = parseStackConfig(tenantConfigValues(stackFile), stackFile.config, (key) => stackFile.secretKeys.includes(key));
  } catch (e) {
    if (e instanceof ConfigValidationError) return { ...base, configProblems: e.problems, passed: false };
    throw e;
  }
  const run = await evaluateStack(project, stackFile);
  if (run.error) {
    const problems = run.error instanceof ConfigValidationError ? run.error.problems : [];
    return { ...base, configProblems: problems, programError: problems.length ? undefined : run.error.message, resources: run.resources, passed: false };
  }
  await analyzer.configureStack({ project, stack: stackFile.stack, dryRun: true });
  const violations = [...stackFileViolations(stackFile, config), ...(await analyzer.analyzeDeployment(run.resources))];
  // The public API cannot create tasks: the steps every task needs, before the first up asks for them one by one.
  const consoleSteps =
    config.vendorApi?.capabilities === "public"
      ? run.resources.filter((r) => r.type === backupTaskType).flatMap((r) => {
          const inputs = backupTaskInputs.safeParse(r.inputs);
          return inputs.success ? [consoleStepsFor(inputs.data)] : [];
        })
      : undefined;
  return {
    ...base,
    configProblems: [],
    resources: run.resources,
    ...(consoleSteps ? { consoleSteps } : {}),
    rollout: rolloutPlanOf(run.resources),
    violations,
    passed: !violations.some((v) => v.enforcementLevel === "mandatory"),
  };
}

/** Checks stacks one after another with one policy pack process (the program's runtime is process-global). */
export async function checkStacks(stackFiles: readonly StackFile[], options: { packDir?: string; policyConfig?: PolicyPackConfig } = {}): Promise<StackVerdict[]> {
  const analyzer = await PolicyAnalyzer.start(options.packDir);
  try {
    await analyzer.configure(options.policyConfig ?? {});
    const verdicts: StackVerdict[] = [];
    for (const s of stackFiles) verdicts.push(await checkStack(analyzer, s));
    return verdicts;
  } finally {
    await analyzer.stop();
  }
}
