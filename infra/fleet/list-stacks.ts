import * as fs from "fs";
import * as path from "path";
import { changedPathsSince, FleetStack, isDeployable, readFleet, stacksAffectedBy } from "./fleet-stacks";

const usage = `usage: npm run --silent stacks -- [--deployable] [--self-service] [--changed <git-ref> | --changed-files <file|->] [--stack <name> ...] [--names] [--project-dir <dir>]

Lists the tenant stacks as one JSON line, [{"stack","tenantId","rolloutMode","environments","writerClientId","readerClientId"}], for a
GitHub Actions matrix (or one name a line with --names). Reads the stack files only.
  --deployable     only stacks that import an ESC environment (their secrets and Azure login)
  --self-service   only stacks whose rollout.mode is self-service (the daily advance)
  --changed <ref>  only stacks a change since <ref> can affect: an edited stack file selects its stack;
                   a change outside docs/, tests/, bench/, .github/, .ci/ and *.md selects every stack
  --changed-files  the same, reading the changed paths (one a line) from a file, - for stdin
  --stack <name>   only the named stacks (repeatable)
  --project-dir    the project to read (default: this one)`;

export const exitCodes = { ok: 0, failed: 2, usage: 64 } as const;

interface Options {
  deployable: boolean;
  selfService: boolean;
  names: boolean;
  changedRef?: string;
  changedFiles?: string;
  projectDir?: string;
  only: string[];
}

export function parseArgs(argv: readonly string[]): Options {
  const o: Options = { deployable: false, selfService: false, names: false, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || (v.startsWith("--") && v !== "-")) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--deployable") o.deployable = true;
    else if (a === "--self-service") o.selfService = true;
    else if (a === "--names") o.names = true;
    else if (a === "--changed") o.changedRef = value();
    else if (a === "--changed-files") o.changedFiles = value();
    else if (a === "--stack") o.only.push(value());
    else if (a === "--project-dir") o.projectDir = path.resolve(value());
    else throw new Error(`unknown argument ${a}`);
  }
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

export function main(argv: readonly string[], projectDir = path.resolve(__dirname, "..", "..")): number {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`list-stacks: ${(e as Error).message}\n${usage}\n`);
    return exitCodes.usage;
  }
  if (options.projectDir) projectDir = options.projectDir;
  try {
    const stacks = selectStacks(readFleet(projectDir), options, projectDir);
    if (options.names) process.stdout.write(stacks.map((s) => `${s.stack}\n`).join(""));
    else process.stdout.write(`${JSON.stringify(stacks.map(({ stack, tenantId, rolloutMode, environments, writerClientId, readerClientId }) => ({ stack, tenantId, rolloutMode, environments, writerClientId, readerClientId })))}\n`);
    return exitCodes.ok;
  } catch (e) {
    process.stderr.write(`list-stacks: ${(e as Error).message}\n`);
    return exitCodes.failed;
  }
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
