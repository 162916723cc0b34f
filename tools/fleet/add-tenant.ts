import * as fs from "fs";
import * as path from "path";
import * as readline from "readline/promises";
import { parseArgs } from "util";
import { Document } from "yaml";
import { backupServices, BackupService } from "../../infra/services/backup-services";
import { exitAfterOutput } from "../gate/exit-after-output";
import { exitCodes, main as gate } from "../gate/plan";

const usage = `Usage: npm run --silent add-tenant -- --stack <name> [options]   (in a fleet repository: npx m365-backup add-tenant ...)

Writes Pulumi.<name>.yaml for a new tenant from what you give (asking for what is missing when run in a
terminal), then runs the offline gate on it, so the pull request that adds it is green the first time.
It never takes or writes a secret: it prints where the vendor's secrets go (ESC or pulumi config --secret).
  --stack <name>              the stack (lower case letters, digits, hyphens), e.g. contoso
  --tenant-id <guid>          the Microsoft 365 tenant id
  --primary-domain <domain>   e.g. contoso.com
  --initial-domain <name>     <name> of <name>.onmicrosoft.com
  --mailboxes <n>             the tenant's mailboxes today (over 1,000: the enterprise process)
  --services <list>           comma-separated, of ${backupServices.join(", ")} (default: all)
  --usage-location <CC>       ISO country of the backup accounts' licences (default US)
  --region <r>                the vendor's data region: us, eu, uk, ca, au, za, jp (default us)
  --vendor-account <id>       the customer's account id in CloudAlly's partner portal (vendorApi.accountId)
  --vendor-client-id <id>     the partner API client id (vendorApi.clientId; its secret is not taken here)
  --vendor-account-email <e>  the partner account's e-mail (vendorApi.accountEmail; its password is not taken here)
  --vendor-app-id <guid>      CloudAlly's Exchange and Teams/Groups app (consent.vendorAppId)
  --vendor-sharepoint-app-id <guid>  CloudAlly's SharePoint and OneDrive app, if it installs one (consent.vendorApps)
  --contact <e-mail>          the operator the vendor answers (rollout.operatorContact)
  --policy-config <file>      the fleet's policy config (its reviewed lists of who may get access), for the gate
  --project-dir <dir>         the fleet repository (default: the working directory)
Exit code 0 when the stack file is written and passes the gate, 1 when it is written and a mandatory
policy refuses it (the gate says what to change), 2 when nothing was written (bad or missing values).`;

const options = {
  stack: { type: "string" },
  "tenant-id": { type: "string" },
  "primary-domain": { type: "string" },
  "initial-domain": { type: "string" },
  mailboxes: { type: "string" },
  services: { type: "string" },
  "usage-location": { type: "string" },
  region: { type: "string" },
  "vendor-account": { type: "string" },
  "vendor-client-id": { type: "string" },
  "vendor-account-email": { type: "string" },
  "vendor-app-id": { type: "string" },
  "vendor-sharepoint-app-id": { type: "string" },
  contact: { type: "string" },
  "policy-config": { type: "string" },
  "project-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = Partial<Record<Exclude<keyof typeof options, "help">, string>>;

/** Asked in a terminal when not given as flags; a pipeline must give them all. */
const asked: [keyof Values, string][] = [
  ["stack", "Stack name (e.g. contoso)"],
  ["tenant-id", "Tenant id (GUID)"],
  ["primary-domain", "Primary domain (e.g. contoso.com)"],
  ["initial-domain", "Initial domain name (<name> of <name>.onmicrosoft.com)"],
  ["mailboxes", "Mailboxes today"],
  ["vendor-account", "CloudAlly customer account id (vendorApi.accountId)"],
  ["vendor-client-id", "CloudAlly partner API client id (vendorApi.clientId)"],
  ["vendor-account-email", "CloudAlly partner account e-mail (vendorApi.accountEmail)"],
  ["vendor-app-id", "CloudAlly's Exchange and Teams/Groups app id (consent.vendorAppId)"],
];

/** The stack's config as the stack file holds it: only what the flags say, every other key at its default. */
export function stackConfigFor(v: Required<Pick<Values, (typeof asked)[number][0]>> & Values): Record<string, unknown> {
  const services = v.services?.split(",").map((s) => s.trim());
  const stackName = v.stack;
  return {
    "azuread:tenantId": v["tenant-id"],
    "m365-backup:tenant": {
      id: v["tenant-id"],
      primaryDomain: v["primary-domain"],
      initialDomainName: v["initial-domain"],
      mailboxCount: /^\d+$/.test(v.mailboxes) ? Number(v.mailboxes) : v.mailboxes,
    },
    ...(services ? { "m365-backup:services": Object.fromEntries(backupServices.map((s) => [s, services.includes(s)])) } : {}),
    "m365-backup:accounts": { usageLocation: v["usage-location"] ?? "US" },
    "m365-backup:consent": {
      mode: "vendor-app",
      vendorAppId: v["vendor-app-id"],
      ...(v["vendor-sharepoint-app-id"]
        ? { vendorApps: [{ appId: v["vendor-sharepoint-app-id"], services: ["sharepoint", "onedrive"] satisfies BackupService[] }] }
        : {}),
    },
    "m365-backup:backupTasks": { region: v.region ?? "us", namePrefix: stackName.charAt(0).toUpperCase() + stackName.slice(1) },
    "m365-backup:rollout": { mode: "vendor-managed", ...(v.contact ? { operatorContact: v.contact } : {}) },
    "m365-backup:vendorApi": { clientId: v["vendor-client-id"], accountEmail: v["vendor-account-email"], accountId: v["vendor-account"] },
  };
}

function stackFileText(stack: string, config: Record<string, unknown>, today: string): string {
  // The tenant's ESC environment (nothing secret: the Azure login and the tenant id) makes the stack deployable.
  const doc = new Document({ environment: [`m365-backup/${stack}`], config });
  doc.commentBefore =
    ` Tenant ${stack}: written by m365-backup add-tenant on ${today}. Every key not here is at its default (the\n` +
    ` module's configuration reference). The vendor's secrets are not here: see the command's output.`;
  return doc.toString({ lineWidth: 0 });
}

function secretsAdvice(stack: string): string {
  return [
    `The stack imports the ESC environment <org>/m365-backup/${stack} (nothing secret; the pipelines deploy only`,
    `stacks that import one): pulumi env init <org>/m365-backup/${stack}, importing m365-backup/shared (docs/esc in the module).`,
    `The vendor's secrets are not in the stack file. Give them to ${stack} one of two ways:`,
    `  ESC (the fleet's way): pulumi env init <org>/m365-backup/${stack}-vendor, then`,
    `    pulumi env set <org>/m365-backup/${stack}-vendor environmentVariables.CLOUDALLY_CLIENT_SECRET --secret <value>`,
    `    pulumi env set <org>/m365-backup/${stack}-vendor environmentVariables.CLOUDALLY_PASSWORD --secret <value>`,
    `  or in the stack, encrypted: pulumi config set --secret m365-backup:vendorClientSecret <value> -s ${stack}`,
    `                              pulumi config set --secret m365-backup:vendorPassword <value> -s ${stack}`,
  ].join("\n");
}

async function ask(values: Values): Promise<Values> {
  const missing = asked.filter(([k]) => values[k] === undefined);
  if (missing.length === 0 || !process.stdin.isTTY) return values;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const filled = { ...values };
    for (const [key, question] of missing) filled[key] = (await rl.question(`${question}: `)).trim() || undefined;
    return filled;
  } finally {
    rl.close();
  }
}

export async function main(argv: readonly string[], now = new Date()): Promise<number> {
  let values: Values & { help?: boolean };
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}\n`);
    return exitCodes.invalid;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return exitCodes.pass;
  }
  // An allow-list: a misspelt service would otherwise switch that service off without a word.
  const unknownServices = (values.services?.split(",").map((x) => x.trim()) ?? []).filter(
    (x) => !(backupServices as readonly string[]).includes(x),
  );
  if (unknownServices.length > 0) {
    process.stderr.write(
      `add-tenant: --services ${JSON.stringify(values.services)} names ${unknownServices.map((x) => JSON.stringify(x)).join(", ")}, not one of ${backupServices.join(", ")}; nothing was written.\n`,
    );
    return exitCodes.invalid;
  }
  values = await ask(values);
  const missing = asked.filter(([k]) => !values[k]).map(([k]) => `--${k}`);
  if (missing.length > 0) {
    process.stderr.write(`add-tenant: missing ${missing.join(", ")}; nothing was written.\n${usage}\n`);
    return exitCodes.invalid;
  }
  const stack = values.stack!;
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(stack)) {
    process.stderr.write(
      `add-tenant: --stack ${JSON.stringify(stack)} must be lower case letters, digits and hyphens (it names Pulumi.<stack>.yaml and the ESC environments); nothing was written.\n`,
    );
    return exitCodes.invalid;
  }
  const projectDir = path.resolve(values["project-dir"] ?? process.cwd());
  const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (fs.existsSync(file)) {
    process.stderr.write(`add-tenant: ${file} exists; nothing was written. Choose another --stack, or edit that file.\n`);
    return exitCodes.invalid;
  }
  const config = stackConfigFor(values as Parameters<typeof stackConfigFor>[0]);
  fs.writeFileSync(file, stackFileText(stack, config, now.toISOString().slice(0, 10)), { flag: "wx" });
  // The gate judges the file as every pull request will; values it refuses leave nothing behind.
  const policyConfig = values["policy-config"] ? ["--policy-config", path.resolve(projectDir, values["policy-config"])] : [];
  const verdict = await gate(["--stack", stack, ...policyConfig], projectDir);
  if (verdict === exitCodes.invalid) {
    fs.rmSync(file);
    process.stderr.write(
      `add-tenant: the gate refused the values above; ${path.basename(file)} was not kept. Run it again with them corrected.\n`,
    );
    return verdict;
  }
  process.stdout.write(`\nWrote ${path.relative(process.cwd(), file) || file}.\n${secretsAdvice(stack)}\n`);
  if (verdict === exitCodes.violation)
    process.stdout.write(
      `A mandatory policy refuses the stack as written (above): change what it names before opening the pull request.\n`,
    );
  return verdict;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(exitAfterOutput, (e: Error) => {
    process.stderr.write(`add-tenant failed: ${e.message}\n`);
    exitAfterOutput(exitCodes.invalid);
  });
}
