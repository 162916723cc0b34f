import type { PublicTask } from "../../infra/cloudally/backup-vendor-api";
import { exitAfterOutput } from "../gate/exit-after-output";
import { commandArgs } from "./command-args";
import { publicVendorReader } from "./stack-vendor-reader";

const usage = `Usage: npm run --silent vendor-tasks -- --stack <name> [--all-accounts] [--json] [--project-dir <dir>] [--help]

Read-only: lists the backup tasks the vendor reports for the stack's account (vendorApi.accountId) through
its public partner read (GET /v1/partners/tasks): id, name, source word, the service the module takes it
for, status, region, domain, sign-in account, entities. The module adopts a console-made task by its
source word and name; the source words other than SHAREPOINT_MULTI are assumptions (docs/facts.md), so a
row whose service is "(unknown)" is a word the module does not know: set vendorApi.sources for it, and
report the word (docs/operators-guide.md, "What works against CloudAlly today").
  --stack <name>    the stack whose vendorApi names the vendor, the partner client and the account
  --all-accounts    every customer account of the partner, not only the stack's
  --json            the rows as JSON
  --project-dir     the project whose stack files are read (default: this one)
The secrets come from CLOUDALLY_CLIENT_SECRET and CLOUDALLY_PASSWORD (or the stack's secret config in a
pulumi env run). Exit code 0 when listed, 2 on any failure.`;

const columns = ["id", "name", "source", "service", "status", "region", "domain", "signInAccount", "entities"] as const;

function rowOf(t: PublicTask): Record<(typeof columns)[number], string> {
  return {
    id: t.id,
    name: t.name,
    source: t.source,
    service: t.service ?? "(unknown)",
    status: t.vendorStatus,
    region: t.region ?? "",
    domain: t.domain ?? "",
    signInAccount: t.signInAccount ?? "",
    entities: t.entities === undefined ? "" : String(t.entities),
  };
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const values = commandArgs(
    "vendor-tasks",
    usage,
    argv,
    {
      stack: { type: "string" },
      "all-accounts": { type: "boolean" },
      json: { type: "boolean" },
      "project-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    [{ flag: "stack", hint: "<name>" }],
  );
  if (typeof values === "number") return values;
  try {
    const vendor = publicVendorReader({
      ...(values["project-dir"] ? { projectDir: values["project-dir"] } : {}),
      stack: values.stack,
      env,
    });
    const tasks = values["all-accounts"] ? await vendor.partnerTasks() : await vendor.accountTasks();
    const rows = tasks.map(rowOf);
    if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else {
      const lines = [
        `| ${columns.join(" | ")} |`,
        `|${columns.map(() => "---").join("|")}|`,
        ...rows.map((r) => `| ${columns.map((c) => r[c]).join(" | ")} |`),
      ];
      const unknown = [...new Set(tasks.filter((t) => !t.service).map((t) => t.source))];
      process.stdout.write(
        `${lines.join("\n")}\n${rows.length} task(s).${unknown.length ? ` Source words the module does not know: ${unknown.join(", ")} (set vendorApi.sources, and report them).` : ""}\n`,
      );
    }
    return 0;
  } catch (e) {
    process.stderr.write(`vendor-tasks: ${(e as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => exitAfterOutput(code),
    (e: Error) => {
      process.stderr.write(`vendor-tasks failed: ${e.message}\n`);
      exitAfterOutput(2);
    },
  );
}
