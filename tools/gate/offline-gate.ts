import { backupTaskInputs } from "../../infra/backup-tasks/backup-task-inputs";
import { consoleSteps as consoleStepsFor } from "../../infra/backup-tasks/console-assisted-task";
import { ConfigValidationError } from "../../infra/config/errors";
import type { TenantConfig } from "../../infra/config/schema";
import { evaluateProgram } from "../mock-runtime/evaluate-program";
import { PolicyAnalyzer, PolicyMetadata, PolicyPackConfig, PolicyViolation } from "./policy-analyzer-client";
import type { RecordedResource } from "../mock-runtime/recording-monitor";
import { reviewedConfig } from "./reviewed-values";
import { stackFileViolations } from "./stack-file-policies";
import { whoGetsAccess } from "./access-summary";
import { RolloutPlan, rolloutPlanOf } from "./rollout-plan-report";
import { StackFile, stackFileConfig } from "./stack-files";

export const project = "m365-backup";
const backupTaskType = "pulumi-nodejs:dynamic/m365-backup:BackupTask";

/** Each policy of the pack that judged the stack, with its level and what it found. */
export interface PolicyVerdict {
  name: string;
  enforcementLevel: string;
  violations: number;
}

/** What the gate decided for one stack. */
export interface StackVerdict {
  stack: string;
  file: string;
  /** Who gets access to the tenant, as the config decides it (access-summary.ts); absent when the config is invalid. */
  access?: string[];
  /** Config problems (key, value, fix), or why the file could not be read; empty when the config is valid. */
  configProblems: string[];
  /** The program failed for a reason other than config. */
  programError?: string;
  resources: RecordedResource[];
  rollout?: RolloutPlan;
  violations: PolicyViolation[];
  /** Every policy that ran, with its verdict (absent when the stack never reached the pack). */
  policies?: PolicyVerdict[];
  environments: string[];
  /** With CloudAlly's public API (vendorApi.capabilities public): the console steps that make each backup task. */
  consoleSteps?: string[];
  /** The onboarding request as the vendor receives it (Markdown). */
  onboardingRequest?: string;
  /** The stack file's config as a reviewer may see it (secrets masked; reviewed-values.ts). */
  config?: Record<string, unknown>;
  passed: boolean;
}

/** A stack file that could not be read (broken YAML, missing): its own verdict, the others are still checked. */
export interface UnreadableStackFile {
  stack: string;
  file: string;
  problem: string;
}

/**
 * The pull-request gate for one stack: validate the config, evaluate the program under mocks, ask the
 * policy pack (already started and configured) over gRPC. Needs no cloud account and no secret.
 */
/** The policy pack, started and configured once, with its policies at the levels in force. */
interface ConfiguredPack {
  pack: PolicyAnalyzer;
  policies: PolicyMetadata[];
}

/**
 * What a verdict keeps of a resource once the pack has judged it: the report prints names, options and
 * reviewed inputs, never outputs or the serialized provider text (a few KB per dynamic resource), so a
 * fleet's verdicts stay small while the gate holds them until it prints.
 */
function keptForReport(r: RecordedResource): RecordedResource {
  return { ...r, inputs: Object.fromEntries(Object.entries(r.inputs).filter(([k]) => !k.startsWith("__"))), outputs: {} };
}

export async function checkStack(analyzer: () => Promise<ConfiguredPack>, stackFile: StackFile): Promise<StackVerdict> {
  // The stack file's own rules read the file as written: reported with every config mistake, not after them.
  const fileViolations = stackFileViolations(stackFile);
  const base = {
    stack: stackFile.stack,
    file: stackFile.file,
    environments: stackFile.environments,
    config: reviewedConfig(stackFile),
    resources: [],
    violations: fileViolations,
  };
  let config: TenantConfig;
  try {
    // Offline nothing is sent anywhere: an emulator URL is judged by the gate's own stack-file rule (deployable stacks fail).
    config = stackFileConfig(stackFile);
  } catch (e) {
    // Invalid config never starts the policy pack: the analyzer is asked for only past this point.
    if (e instanceof ConfigValidationError) return { ...base, configProblems: e.problems, passed: false };
    throw e;
  }
  // The pack starts (once) while the first valid stack's program runs: its start-up is most of a cold stack's time.
  analyzer().catch(() => undefined);
  const run = await evaluateProgram({ project, stack: stackFile.stack, config: stackFile.config, secretKeys: stackFile.secretKeys });
  if (run.error) {
    const problems = run.error instanceof ConfigValidationError ? run.error.problems : [];
    return {
      ...base,
      configProblems: problems,
      programError: problems.length ? undefined : run.error.message,
      resources: run.resources.map(keptForReport),
      passed: false,
    };
  }
  const { pack, policies: inForce } = await analyzer();
  await pack.configureStack({ project, stack: stackFile.stack, dryRun: true });
  const violations = [...fileViolations, ...(await pack.analyzeDeployment(run.resources))];
  const policies = inForce.map((p) => ({
    name: p.name,
    enforcementLevel: p.enforcementLevel,
    violations: violations.filter((v) => v.policyName === p.name).length,
  }));
  // The public API cannot create tasks: the steps every task needs, before the first up asks for them one by one.
  const consoleSteps =
    config.vendorApi?.capabilities === "public"
      ? run.resources
          .filter((r) => r.type === backupTaskType)
          .flatMap((r) => {
            const inputs = backupTaskInputs.safeParse(r.inputs);
            return inputs.success ? [consoleStepsFor(inputs.data)] : [];
          })
      : undefined;
  return {
    ...base,
    access: whoGetsAccess(config, stackFile),
    configProblems: [],
    resources: run.resources.map(keptForReport),
    ...(consoleSteps ? { consoleSteps } : {}),
    ...(typeof run.outputs.onboardingRequestMarkdown === "string" ? { onboardingRequest: run.outputs.onboardingRequestMarkdown } : {}),
    rollout: rolloutPlanOf(run.resources, config, run.outputs.onboardingRequest),
    violations,
    policies,
    passed: !violations.some((v) => v.enforcementLevel === "mandatory"),
  };
}

/**
 * Checks stacks one after another with one policy pack process (the program's runtime is process-global),
 * started only when a stack's config is valid, and always stopped. `progress` hears each stack begin and end.
 */
export async function checkStacks(
  stackFiles: readonly (StackFile | UnreadableStackFile)[],
  options: { packDir?: string; policyConfig?: PolicyPackConfig; progress?: (line: string) => void } = {},
): Promise<StackVerdict[]> {
  let pack: Promise<PolicyAnalyzer> | undefined;
  let configured: Promise<ConfiguredPack> | undefined;
  const analyzer = () =>
    (configured ??= (pack = PolicyAnalyzer.start(options.packDir)).then(async (a) => ({
      pack: a,
      policies: await a.configure(options.policyConfig ?? {}),
    })));
  try {
    const verdicts: StackVerdict[] = [];
    for (const [i, s] of stackFiles.entries()) {
      const began = Date.now();
      options.progress?.(`[${i + 1}/${stackFiles.length}] ${s.stack} (${s.file}) ...`);
      const verdict =
        "problem" in s
          ? { stack: s.stack, file: s.file, configProblems: [s.problem], environments: [], resources: [], violations: [], passed: false }
          : await checkStack(analyzer, s);
      verdicts.push(verdict);
      options.progress?.(
        `[${i + 1}/${stackFiles.length}] ${s.stack}: ${verdict.passed ? "pass" : verdict.configProblems.length || verdict.programError ? "invalid" : "policy violation"} in ${((Date.now() - began) / 1000).toFixed(1)} s`,
      );
    }
    return verdicts;
  } finally {
    // Stopped even when configuring it failed.
    if (pack) await (await pack.catch(() => undefined))?.stop();
  }
}
