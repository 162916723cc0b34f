import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { z } from "zod";
import { historyPointSchema } from "../../infra/protection/coverage-report";
import { readDistinctFleet, isDeployable } from "../fleet/fleet-stacks";
import { readStackFile, stackFileConfig } from "../gate/stack-files";
import { coverageMarkdown } from "./coverage-markdown";
import { CoverageStack, fleetCoverage } from "./fleet-coverage";
import { exitAfterOutput } from "../gate/exit-after-output";

const usage = `Usage: npm run --silent coverage -- (--stack <name> ... | --all) [--deployable] [--format markdown|json]
       [--json-out <file>] [--markdown-out <file>] [--history <report.json>] [--grace-hours <h>] [--list <n>]
       [--propose] [--no-graph] [--project-dir <dir>]

Read-only. For each tenant stack, joins what Microsoft Graph lists (mailboxes, sites, OneDrives, Microsoft 365
groups) with what the backup service protects, and reports per service: discovered, protected, not backed up
yet, failing, stale, not verified, unprotected and orphaned entities (the first --list of each by name), and
drift at the vendor. The partner's task and status listings are read once for the whole fleet.

  -s, --stack <name>      a stack of this project; repeatable
      --all               every stack (the fleet); stack files that collide are refused
      --deployable        only stacks that import an ESC environment (what the pipelines deploy)
      --format <f>        what stdout gets: markdown (default) or json (docs/coverage.schema.json)
      --json-out <file>   also write the JSON report there
      --markdown-out <f>  also write the Markdown there (e.g. "$GITHUB_STEP_SUMMARY")
      --history <file>    a previous JSON report: its per-day history is carried on (90 days) and charted
      --grace-hours <h>   entities Graph says were created this recently do not fail the run (default 48)
      --list <n>          entities named per list (default 20)
      --propose           for a tenant onboarded by hand, print the stack-file values that adopt its tasks
      --no-graph          do not read the directory (every tenant is then unverified)
  -h, --help              this text

Credentials: the backup vendor's secrets from CLOUDALLY_CLIENT_SECRET and CLOUDALLY_PASSWORD (a stack file's
secrets are encrypted); Microsoft Graph with the credential M365_BACKUP_AZURE_AUTH names, for each stack's
tenant (and its pipeline.readerClientId when set). Needs User.Read.All, Group.Read.All, Sites.Read.All.

Exit code: 0 nothing is unprotected beyond the grace window; 1 something is; 2 a read failed, a stack file
is invalid or the arguments are wrong.`;

export const exitCodes = { protected: 0, notProtected: 1, failed: 2 } as const;

const options = {
  stack: { type: "string", short: "s", multiple: true },
  all: { type: "boolean" },
  deployable: { type: "boolean" },
  format: { type: "string" },
  "json-out": { type: "string" },
  "markdown-out": { type: "string" },
  history: { type: "string" },
  "grace-hours": { type: "string" },
  list: { type: "string" },
  propose: { type: "boolean" },
  "no-graph": { type: "boolean" },
  "project-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** A whole-number flag, or its default; anything else (an empty value included) is refused, naming the flag. */
function whole(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = z.coerce.number().int().min(min).max(max).safeParse(value.trim() === "" ? Number.NaN : value);
  if (!n.success) throw new Error(`${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  return n.data;
}

export async function main(argv: readonly string[], projectDir = process.cwd(), env = process.env, now = new Date()): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
    if (values.help) {
      process.stdout.write(`${usage}\n`);
      return exitCodes.protected;
    }
    if (!values.all && !values.stack?.length) throw new Error("give --stack <name> or --all");
    if (values.format !== undefined && !["markdown", "json"].includes(values.format)) throw new Error(`--format must be markdown or json, not ${values.format}`);
  } catch (e) {
    process.stderr.write(`coverage: ${(e as Error).message}\n\n${usage}\n`);
    return exitCodes.failed;
  }
  try {
    const grace = whole("--grace-hours", values["grace-hours"], 48, 0, 720);
    const list = whole("--list", values.list, 20, 0, 100_000);
    const dir = values["project-dir"] ? path.resolve(values["project-dir"]) : projectDir;
    // The whole fleet is read (and refused when stack files collide) even for one stack.
    const fleet = readDistinctFleet(dir);
    for (const name of values.stack ?? [])
      if (!fleet.some((s) => s.stack === name)) throw new Error(`no stack file for ${name}; stacks: ${fleet.map((s) => s.stack).join(", ")}`);
    const chosen = fleet
      .filter((s) => values.all || values.stack!.includes(s.stack))
      .filter((s) => !values.deployable || isDeployable(s));
    if (chosen.length === 0)
      throw new Error(
        `no stack to report on: ${values.deployable ? "--deployable leaves out every chosen stack (they import no ESC environment)" : "the project has no stack files"}.`,
      );
    const stacks: CoverageStack[] = chosen.map((s) => ({ stack: s.stack, config: stackFileConfig(readStackFile(dir, s.stack)) }));
    const history = values.history && fs.existsSync(values.history) ? readHistory(values.history) : [];
    const report = await fleetCoverage(stacks, {
      now,
      graceHours: grace,
      listLimit: list,
      propose: values.propose === true,
      graph: values["no-graph"] !== true,
      env,
      history,
    });
    const json = `${JSON.stringify(report, null, 2)}\n`;
    const markdown = coverageMarkdown(report);
    if (values["json-out"]) fs.writeFileSync(values["json-out"], json);
    if (values["markdown-out"]) fs.appendFileSync(values["markdown-out"], markdown);
    process.stdout.write(values.format === "json" ? json : markdown);
    if (report.tenants.some((t) => t.verdict === "error")) return exitCodes.failed;
    return report.tenants.some((t) => t.services.some((s) => s.breaches > 0)) ? exitCodes.notProtected : exitCodes.protected;
  } catch (e) {
    process.stderr.write(`coverage: ${(e as Error).message}\n`);
    return exitCodes.failed;
  }
}

/** The history of a previous report; a file that is not one is an error, not a silent fresh start. */
function readHistory(file: string) {
  const parsed = z.object({ history: z.array(historyPointSchema) }).safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is not a coverage report (its history does not parse: ${parsed.error.issues[0].message}); pass a file that npm run coverage -- --json-out wrote, or none.`);
  return parsed.data.history;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => exitAfterOutput(code),
    (e: Error) => {
      process.stderr.write(`coverage failed: ${e.message}\n`);
      exitAfterOutput(exitCodes.failed);
    },
  );
}
