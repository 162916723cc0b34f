import * as path from "path";
import { parseArgs } from "util";
import { CloudAllyEmulator, emulatorAccountId, publicRoutes } from "./cloudally-emulator";

/**
 * `npm run emulator`: the backup vendor's API on http://127.0.0.1:8787 for the dev stack
 * (Pulumi.dev.yaml points vendorApi.emulatorUrl there), with its state kept in .emulator-state/ so a
 * stopped emulator resumes. The dev credentials below are not secrets; they only open this emulator.
 *
 *   --public-only  serve CloudAlly's public partner API alone: every contract-only operation answers 404
 *   --port <n>     listen on this port (default 8787, or CLOUDALLY_EMULATOR_PORT)
 */
const usage = "Usage: npm run emulator -- [--public-only] [--port <n>]";

/** The credentials it accepts: the environment's, else the dev stack's (not secrets: they open only this emulator). */
const credentials = {
  clientId: process.env.CLOUDALLY_CLIENT_ID ?? "contoso-partner-client",
  clientSecret: process.env.CLOUDALLY_CLIENT_SECRET ?? "emulator-client-secret",
  email: process.env.CLOUDALLY_ACCOUNT_EMAIL ?? "backup-admin@contoso.com",
  password: process.env.CLOUDALLY_PASSWORD ?? "emulator-password",
};

/** The help: every route the emulator serves, read from the emulator itself, by family, and how to sign in. */
function help(): string {
  const routes = new CloudAllyEmulator({ credentials, domain: "contoso.com" }).service.routeList();
  // routeList() writes a path parameter as {}; the public list names them (:accountId).
  const publicList = publicRoutes.map((r) => r.replace(/:\w+/g, "{}"));
  const isPublic = (r: string) => publicList.includes(r);
  const isConsole = (r: string) => / \/(console|oauth)\//.test(r);
  const group = (title: string, rs: string[]) => [title, ...rs.map((r) => `  ${r.replaceAll("{}", "{id}")}`)];
  return [
    usage,
    "",
    "The backup vendor's API on loopback for the dev stack (Pulumi.dev.yaml), its state kept in .emulator-state/.",
    "  --public-only  serve CloudAlly's public partner API alone: the contract's operations answer 404",
    "  --port <n>     listen on this port (default 8787, or CLOUDALLY_EMULATOR_PORT)",
    "",
    ...group("CloudAlly's public partner API (what the real vendor serves today):", routes.filter(isPublic)),
    ...group(
      "The vendor's console, to rehearse the public flow by hand (make a task, activate, next day; not an API):",
      routes.filter(isConsole),
    ),
    ...group(
      "The written contract (docs/cloudally-api.openapi.yaml; 404 with --public-only):",
      routes.filter((r) => !isPublic(r) && !isConsole(r)),
    ),
    "",
    "Sign in with POST /v2/auth/partner as:",
    `  client id ${credentials.clientId} (CLOUDALLY_CLIENT_ID), account e-mail ${credentials.email} (CLOUDALLY_ACCOUNT_EMAIL),`,
    "  client secret and password from CLOUDALLY_CLIENT_SECRET and CLOUDALLY_PASSWORD, else the dev stack's emulator values;",
    `  the customer account is ${emulatorAccountId} (vendorApi.accountId).`,
  ].join("\n");
}
let args: { "public-only"?: boolean; port?: string; help?: boolean };
try {
  args = parseArgs({
    options: { "public-only": { type: "boolean" }, port: { type: "string" }, help: { type: "boolean", short: "h" } },
  }).values;
} catch (e) {
  console.error(`${(e as Error).message}\n${usage}`);
  process.exit(2);
}
if (args.help) {
  console.log(help());
  process.exit(0);
}
const port = Number(args.port ?? process.env.CLOUDALLY_EMULATOR_PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port ${args.port}: not a port number (0-65535).\n${usage}`);
  process.exit(2);
}
const publicOnly = args["public-only"] === true;
const emulator = new CloudAllyEmulator({
  credentials,
  stateFile:
    process.env.CLOUDALLY_EMULATOR_STATE ??
    path.resolve(__dirname, "..", "..", "..", ".emulator-state", publicOnly ? "cloudally-public.json" : "cloudally.json"),
  domain: "contoso.com",
  tenant: {
    exchange: { mailbox: 2300, sharedMailbox: 100 },
    sharepoint: { site: 420 },
    onedrive: { oneDrive: 2300 },
    groupsTeams: { group: 310, team: 140 },
  },
  dailyFailureRate: Number(process.env.CLOUDALLY_EMULATOR_FAILURE_RATE ?? 0.002),
  publicOnly,
});

emulator.start(port).then((url) => {
  console.log(
    publicOnly
      ? `Backup vendor emulator (public partner API only; contract operations answer 404) listening on ${url} (day ${emulator.today}); account ${emulatorAccountId}.`
      : `Backup vendor emulator listening on ${url} (day ${emulator.today}). Sign-in links complete the OAuth step when opened.`,
  );
});
