import * as fs from "fs";
import * as path from "path";
import { checkStacks } from "./offline-gate";
import { formatVerdict, verdictJson } from "./plan-report";
import type { PolicyPackConfig } from "./policy-analyzer-client";
import { discoverStacks, readStackFile } from "./stack-files";

const usage = `usage: npm run plan -- (--stack <name> ... | --stack-file <Pulumi.<name>.yaml> ... | --all) [--json] [--policy-config <file.json>] [--policy-pack <dir>]

Checks tenant stacks with no cloud account and no secrets: validates Pulumi.<stack>.yaml, evaluates the
program under Pulumi's mock runtime, asks the policy pack, and prints the resources, the rollout plan and
the policy verdicts. Exit code 0 = pass, 1 = a mandatory policy violation, 2 = invalid config or program error.`;

export const exitCodes = { pass: 0, violation: 1, invalid: 2, usage: 64 } as const;

interface Options {
  stacks: string[];
  stackFiles: string[];
  all: boolean;
  json: boolean;
  policyConfig?: string;
  policyPack?: string;
}

export function parseArgs(argv: readonly string[]): Options {
  const o: Options = { stacks: [], stackFiles: [], all: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v || v.startsWith("--")) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--stack" || a === "-s") o.stacks.push(value());
    else if (a === "--stack-file") o.stackFiles.push(value());
    else if (a === "--all") o.all = true;
    else if (a === "--json") o.json = true;
    else if (a === "--policy-config") o.policyConfig = value();
    else if (a === "--policy-pack") o.policyPack = value();
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.all && o.stacks.length === 0 && o.stackFiles.length === 0) throw new Error("give --stack <name>, --stack-file <file> or --all");
  return o;
}

export async function main(argv: readonly string[], projectDir = path.resolve(__dirname, "..", "..")): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}\n`);
    return exitCodes.usage;
  }
  const names = options.all ? discoverStacks(projectDir) : options.stacks;
  let stackFiles;
  try {
    stackFiles = [
      ...names.map((s) => readStackFile(projectDir, s)),
      // A stack file elsewhere (a generated fleet, a candidate change): named after its file, as Pulumi names stacks.
      ...options.stackFiles.map((f) => readStackFile(path.dirname(path.resolve(f)), path.basename(f).replace(/^Pulumi\.(.+)\.yaml$/, "$1"), projectDir)),
    ];
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return exitCodes.invalid;
  }
  const policyConfig = options.policyConfig ? (JSON.parse(fs.readFileSync(options.policyConfig, "utf8")) as PolicyPackConfig) : undefined;
  const verdicts = await checkStacks(stackFiles, {
    ...(options.policyPack ? { packDir: path.resolve(options.policyPack) } : {}),
    ...(policyConfig ? { policyConfig } : {}),
  });
  if (options.json) process.stdout.write(`${JSON.stringify(verdicts.map(verdictJson), null, 2)}\n`);
  else process.stdout.write(`${verdicts.map(formatVerdict).join("\n\n")}\n`);
  if (verdicts.some((v) => v.configProblems.length > 0 || v.programError)) return exitCodes.invalid;
  return verdicts.every((v) => v.passed) ? exitCodes.pass : exitCodes.violation;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`offline gate failed: ${e.stack ?? e.message}\n`);
      process.exit(exitCodes.invalid);
    },
  );
}
