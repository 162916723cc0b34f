import * as path from "path";
import { CloudAllyEmulator } from "./cloudally-emulator";

/**
 * `npm run emulator`: the backup vendor's API on http://127.0.0.1:8787 for the dev stack
 * (Pulumi.dev.yaml points vendorApi.emulatorUrl there), with its state kept in .emulator-state/ so a
 * stopped emulator resumes. The dev credentials below are not secrets; they only open this emulator.
 */
const port = Number(process.env.CLOUDALLY_EMULATOR_PORT ?? 8787);
const emulator = new CloudAllyEmulator({
  credentials: {
    clientId: process.env.CLOUDALLY_CLIENT_ID ?? "contoso-partner-client",
    clientSecret: process.env.CLOUDALLY_CLIENT_SECRET ?? "emulator-client-secret",
    email: process.env.CLOUDALLY_ACCOUNT_EMAIL ?? "backup-admin@contoso.com",
    password: process.env.CLOUDALLY_PASSWORD ?? "emulator-password",
  },
  stateFile: process.env.CLOUDALLY_EMULATOR_STATE ?? path.resolve(__dirname, "..", "..", "..", ".emulator-state", "cloudally.json"),
  domain: "contoso.com",
  tenant: {
    exchange: { mailbox: 2300, sharedMailbox: 100 },
    sharepoint: { site: 420 },
    onedrive: { oneDrive: 2300 },
    groupsTeams: { group: 310, team: 140 },
  },
  dailyFailureRate: Number(process.env.CLOUDALLY_EMULATOR_FAILURE_RATE ?? 0.002),
});

emulator.start(port).then((url) => {
  console.log(`Backup vendor emulator listening on ${url} (day ${emulator.today}). Sign-in links complete the OAuth step when opened.`);
});
