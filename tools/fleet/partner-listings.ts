import { CloudAllyClient } from "../../infra/cloudally/cloudally-client";
import { partnerListingsVariable, writePartnerListings } from "../../infra/cloudally/partner-listing-snapshot";
import { configNamespace } from "../../infra/config/errors";
import { exitAfterOutput } from "../gate/exit-after-output";
import { commandArgs } from "./command-args";
import { publicVendorReader } from "./stack-vendor-reader";

const usage = `Usage: npm run --silent partner-listings -- --out <file> [--stack <name>] [--project-dir <dir>] [--help]

Reads the partner's two public listings (GET /v1/partners/tasks and /v1/partners/status, every customer of
the partner account) once, and writes them to <file> for the day's stack jobs: with
${partnerListingsVariable}=<file> in their environment, each stack's rollout and coverage use the file instead
of paging the whole listing again (a fleet of N tenants reads it once a day, not N times). A file of another
day, vendor host or partner client is refused by the stacks, never used.
  --out <file>     where to write (mode 600; vendor data, no secret)
  --stack <name>   take the vendor host and partner client from this stack file's vendorApi (default: the
                   CLOUDALLY_CLIENT_ID and CLOUDALLY_ACCOUNT_EMAIL variables, the real vendor's host)
  --project-dir    the project whose stack files are read (default: this one)
The secrets come from CLOUDALLY_CLIENT_SECRET and CLOUDALLY_PASSWORD (the fleet's ESC environment).
Exit code 0 when written, 2 on any failure.`;

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, now = new Date()): Promise<number> {
  const values = commandArgs(
    "partner-listings",
    usage,
    argv,
    { out: { type: "string" }, stack: { type: "string" }, "project-dir": { type: "string" }, help: { type: "boolean", short: "h" } },
    [{ flag: "out", hint: "<file>" }],
  );
  if (typeof values === "number") return values;
  try {
    // The listings are the partner's, every account's: the account the stack names (or this placeholder) filters nothing here.
    // A file left from yesterday in the environment must not stand in for the read that replaces it.
    const vendor = publicVendorReader({
      ...(values["project-dir"] ? { projectDir: values["project-dir"] } : {}),
      ...(values.stack ? { stack: values.stack } : {}),
      env: { ...env, [partnerListingsVariable]: undefined },
      defaults: { accountId: "every-account" },
    });
    if (!(vendor instanceof CloudAllyClient)) throw new Error(`the vendor of ${configNamespace}:vendorApi has no partner listings`);
    const listings = await vendor.readPartnerListings();
    writePartnerListings(values.out!, {
      kind: "m365-backup partner listings",
      version: 1,
      ...vendor.partner,
      readAt: now.toISOString(),
      ...listings,
    });
    process.stdout.write(`Wrote ${listings.tasks.length} tasks and ${listings.statuses.length} entity statuses to ${values.out}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`partner-listings: ${(e as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => exitAfterOutput(code),
    (e: Error) => {
      process.stderr.write(`partner-listings failed: ${e.message}\n`);
      exitAfterOutput(2);
    },
  );
}
