import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { checkStacks, UnreadableStackFile } from "./offline-gate";
import { formatVerdict, verdictJson } from "./plan-report";
import type { PolicyPackConfig } from "./policy-analyzer-client";
import { backupTaskPlans } from "../../infra/backup-tasks/task-plan";
import { fleetConflicts, FleetIdentity } from "./fleet-conflicts";
import { discoverStacks, readStackFile, readStackFileAt, StackFile, stackFileConfig, stackNameOf } from "./stack-files";
import { exitAfterOutput } from "./exit-after-output";
import { plainStackTraces } from "../mock-runtime/plain-stack-traces";

const usage = `Usage: npm run plan -- (--stack <name> ... | --stack-file <file> ... | --all) [--json] [--request] [--policy-config <file.json>] [--policy-pack <dir>]

Checks tenant stacks with no cloud account and no secrets: validates Pulumi.<stack>.yaml, evaluates the
program under Pulumi's mock runtime, asks the policy pack, and prints the resources, the rollout plan day by
day and every policy's verdict. Progress goes to stderr.

  -s, --stack <name>        a stack of this project (Pulumi.<name>.yaml); repeatable
      --stack-file <file>   a stack file elsewhere (Pulumi.<name>.yaml or <name>.yaml); repeatable
      --all                 every Pulumi.<stack>.yaml of the project
      --json                the verdicts as JSON on stdout
      --request             also print the onboarding request as the vendor receives it
      --policy-config <f>   policy settings, as pulumi preview --policy-config takes them
      --policy-pack <dir>   another policy pack (default: policies/)
  -h, --help                this text

With --all, no two stack files may share a tenant, or a task name in one vendor account.

Exit code: 0 every stack passes; 1 a mandatory policy violation (and nothing else); 2 anything else
(invalid config, an unreadable stack file, stack files that collide, a program error, bad arguments).`;

export const exitCodes = { pass: 0, violation: 1, invalid: 2 } as const;

interface Options {
  stacks: string[];
  stackFiles: string[];
  all: boolean;
  json: boolean;
  request: boolean;
  help: boolean;
  policyConfig?: string;
  policyPack?: string;
}

export function parsePlanArgs(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      stack: { type: "string", short: "s", multiple: true },
      "stack-file": { type: "string", multiple: true },
      all: { type: "boolean" },
      json: { type: "boolean" },
      request: { type: "boolean" },
      "policy-config": { type: "string" },
      "policy-pack": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  const o: Options = {
    stacks: values.stack ?? [],
    stackFiles: values["stack-file"] ?? [],
    all: values.all === true,
    json: values.json === true,
    request: values.request === true,
    help: values.help === true,
    ...(values["policy-config"] ? { policyConfig: values["policy-config"] } : {}),
    ...(values["policy-pack"] ? { policyPack: values["policy-pack"] } : {}),
  };
  if (!o.help && !o.all && o.stacks.length === 0 && o.stackFiles.length === 0)
    throw new Error("give --stack <name>, --stack-file <file> or --all");
  return o;
}

/** What a readable, valid stack file says of its tenant and task names; an invalid one is reported by its verdict. */
function identityOf(file: StackFile | UnreadableStackFile): FleetIdentity[] {
  if ("problem" in file) return [];
  try {
    const config = stackFileConfig(file);
    return [
      {
        stack: file.stack,
        file: file.file,
        tenantId: config.tenant.id,
        ...(config.vendorApi?.accountId ? { vendorAccountId: config.vendorApi.accountId } : {}),
        taskNames: backupTaskPlans(config).map((t) => t.taskName),
      },
    ];
  } catch {
    return [];
  }
}

/** Each stack file read on its own: a broken one becomes its own verdict and the rest are still checked. */
function readAll(projectDir: string, names: readonly string[], files: readonly string[]): (StackFile | UnreadableStackFile)[] {
  const read = (stack: string, file: string, load: () => StackFile): StackFile | UnreadableStackFile => {
    try {
      return load();
    } catch (e) {
      return { stack, file, problem: (e as Error).message };
    }
  };
  return [
    ...names.map((s) => read(s, `Pulumi.${s}.yaml`, () => readStackFile(projectDir, s))),
    ...files.map((f) => read(stackNameOf(f), f, () => readStackFileAt(path.resolve(f), stackNameOf(f), projectDir, f))),
  ];
}

export async function main(argv: readonly string[], projectDir = process.cwd()): Promise<number> {
  let options: Options;
  try {
    options = parsePlanArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${usage}\n`);
    return exitCodes.invalid;
  }
  if (options.help) {
    process.stdout.write(`${usage}\n`);
    return exitCodes.pass;
  }
  let policyConfig: PolicyPackConfig | undefined;
  if (options.policyConfig) {
    try {
      policyConfig = JSON.parse(fs.readFileSync(options.policyConfig, "utf8")) as PolicyPackConfig;
    } catch (e) {
      process.stderr.write(`${options.policyConfig}: cannot be read as a policy config (${(e as Error).message.split("\n")[0]}).\n`);
      return exitCodes.invalid;
    }
  }
  const stackFiles = readAll(projectDir, options.all ? discoverStacks(projectDir) : options.stacks, options.stackFiles);
  // The fleet must not hold two stacks that find each other's tasks: reported beside the verdicts, exit 2. A stack
  // named with --stack is held against every other stack file of the project (a copied file, a second stack for
  // one tenant); a --stack-file from elsewhere is not part of the fleet.
  const named = stackFiles.filter((f) => options.stacks.includes(f.stack) && !options.stackFiles.includes(f.file));
  const others =
    options.all || named.length === 0
      ? []
      : readAll(projectDir, discoverStacks(projectDir), []).filter((o) => !named.some((f) => f.file === o.file));
  const conflicts = options.all
    ? fleetConflicts(stackFiles.flatMap(identityOf))
    : fleetConflicts([...named, ...others].flatMap(identityOf), new Set(named.map((f) => f.file)));
  for (const c of conflicts) process.stderr.write(`fleet: ${c}\n`);
  const verdicts = await checkStacks(stackFiles, {
    ...(options.policyPack ? { packDir: path.resolve(options.policyPack) } : {}),
    ...(policyConfig ? { policyConfig } : {}),
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  if (options.json) process.stdout.write(`${JSON.stringify(verdicts.map(verdictJson), null, 2)}\n`);
  else {
    const text = verdicts.map((v) =>
      [
        formatVerdict(v),
        ...(options.request && v.onboardingRequest
          ? ["", `Onboarding request for ${v.stack} (as the vendor receives it):`, "", v.onboardingRequest]
          : []),
      ].join("\n"),
    );
    process.stdout.write(`${text.join("\n\n")}\n`);
  }
  if (conflicts.length > 0 && !options.json)
    process.stdout.write(`\nThe stack files collide:\n${conflicts.map((c) => `  - ${c}`).join("\n")}\n`);
  if (conflicts.length > 0 || verdicts.some((v) => v.configProblems.length > 0 || v.programError)) return exitCodes.invalid;
  return verdicts.every((v) => v.passed) ? exitCodes.pass : exitCodes.violation;
}

if (require.main === module) {
  plainStackTraces();
  // A signal ends the run with exit 2; the policy pack process is stopped by its exit hook.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(exitCodes.invalid));
  main(process.argv.slice(2)).then(
    (code) => exitAfterOutput(code),
    (e: Error) => {
      process.stderr.write(`offline gate failed: ${e.message}\n`);
      exitAfterOutput(exitCodes.invalid);
    },
  );
}
