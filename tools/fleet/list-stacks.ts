import * as fs from "fs";
import * as path from "path";
import { parseArgs as parseCommandLine } from "util";
import { changedPathsSince, FleetStack, isDeployable, readDistinctFleet, stacksAffectedBy } from "./fleet-stacks";
import { exitAfterOutput } from "../gate/exit-after-output";

const usage = `Usage: npm run --silent stacks -- [--deployable] [--self-service] [--changed <git-ref> | --changed-files <file|->] [--stack <name> ...] [--names] [--project-dir <dir>] [--help]

Refuses a fleet in which two stack files name one tenant, or one vendor account and task-name prefix.
Lists the tenant stacks as one JSON line, [{"stack","tenantId","rolloutMode","environments","writerClientId","readerClientId"}], for a
GitHub Actions matrix (or one name a line with --names). Reads the stack files only.
  --deployable     only stacks that import an ESC environment (their secrets and Azure login)
  --self-service   only stacks whose rollout.mode is self-service (the daily advance)
  --changed <ref>  only stacks a change since <ref> can affect: an edited stack file selects its stack;
                   a change outside docs/, tests/, bench/, .github/, .ci/ and *.md selects every stack
  --changed-files  the same, reading the changed paths (one a line) from a file, - for stdin
  --stack <name>   only the named stacks (repeatable)
  --project-dir    the project to read (default: this one)
  -h, --help       this text
Exit code 0 on success, 2 on any failure (bad arguments included).`;

export const exitCodes = { ok: 0, failed: 2 } as const;

interface Options {
  help: boolean;
  deployable: boolean;
  selfService: boolean;
  names: boolean;
  changedRef?: string;
  changedFiles?: string;
  projectDir?: string;
  only: string[];
}

export function parseArgs(argv: readonly string[]): Options {
  const { values } = parseCommandLine({
    args: [...argv],
    options: {
      deployable: { type: "boolean" },
      "self-service": { type: "boolean" },
      names: { type: "boolean" },
      changed: { type: "string" },
      "changed-files": { type: "string" },
      stack: { type: "string", multiple: true },
      "project-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  const o: Options = {
    help: values.help === true,
    deployable: values.deployable === true,
    selfService: values["self-service"] === true,
    names: values.names === true,
    only: values.stack ?? [],
    ...(values.changed !== undefined ? { changedRef: values.changed } : {}),
    ...(values["changed-files"] !== undefined ? { changedFiles: values["changed-files"] } : {}),
    ...(values["project-dir"] !== undefined ? { projectDir: path.resolve(values["project-dir"]) } : {}),
  };
  if (o.changedRef !== undefined && o.changedFiles !== undefined) throw new Error("give --changed or --changed-files, not both");
  return o;
}

export function selectStacks(all: readonly FleetStack[], o: Options, projectDir: string): FleetStack[] {
  for (const name of o.only) {
    if (!all.some((s) => s.stack === name)) throw new Error(`no stack file for ${name}; stacks: ${all.map((s) => s.stack).join(", ")}`);
  }
  let stacks = o.only.length > 0 ? all.filter((s) => o.only.includes(s.stack)) : [...all];
  if (o.changedRef !== undefined || o.changedFiles !== undefined) {
    const paths =
      o.changedFiles !== undefined
        ? fs
            .readFileSync(o.changedFiles === "-" ? 0 : o.changedFiles, "utf8")
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter(Boolean)
        : changedPathsSince(o.changedRef as string, projectDir);
    const affected = stacksAffectedBy(paths, all);
    stacks = stacks.filter((s) => affected.has(s.stack));
  }
  if (o.deployable) stacks = stacks.filter(isDeployable);
  if (o.selfService) stacks = stacks.filter((s) => s.rolloutMode === "self-service");
  return stacks;
}

export function main(argv: readonly string[], projectDir = process.cwd()): number {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`list-stacks: ${(e as Error).message}\n${usage}\n`);
    return exitCodes.failed;
  }
  if (options.help) {
    process.stdout.write(`${usage}\n`);
    return exitCodes.ok;
  }
  if (options.projectDir) projectDir = options.projectDir;
  try {
    // The whole fleet is checked for collisions, whichever stacks are selected.
    const stacks = selectStacks(readDistinctFleet(projectDir), options, projectDir);
    if (options.names) process.stdout.write(stacks.map((s) => `${s.stack}\n`).join(""));
    else
      process.stdout.write(
        `${JSON.stringify(stacks.map(({ stack, tenantId, rolloutMode, environments, writerClientId, readerClientId }) => ({ stack, tenantId, rolloutMode, environments, writerClientId, readerClientId })))}\n`,
      );
    return exitCodes.ok;
  } catch (e) {
    process.stderr.write(`list-stacks: ${(e as Error).message}\n`);
    return exitCodes.failed;
  }
}

if (require.main === module) exitAfterOutput(main(process.argv.slice(2)));
