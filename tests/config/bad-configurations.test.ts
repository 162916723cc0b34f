import { devStackConfig, runProgram } from "../harness/program-under-mocks";

type Config = Record<string, Record<string, unknown>>;

/** A dev-stack config with one mutation; keys are the top-level config keys without the namespace. */
function mutate(change: (c: Config) => void): Record<string, unknown> {
  const raw = devStackConfig();
  const c: Config = {};
  for (const [k, v] of Object.entries(raw))
    if (k.startsWith("m365-backup:")) c[k.slice("m365-backup:".length)] = structuredClone(v) as Record<string, unknown>;
  change(c);
  const out: Record<string, unknown> = { "azuread:tenantId": raw["azuread:tenantId"] };
  for (const [k, v] of Object.entries(c)) if (v !== undefined) out[`m365-backup:${k}`] = v;
  return out;
}

const acc = (c: Config) =>
  c.accounts as {
    namingPattern?: string;
    usageLocation?: string;
    passwordGeneration?: unknown;
    licensing: Record<string, unknown> & { skus: Record<string, unknown> };
  };
const keyVault = {
  subscriptionId: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
  resourceGroupName: "rg-backup",
  vaultName: "kv-contoso-backup",
  location: "westeurope",
};

/** A property path of `pulumi config set --path`, or one ending in a documented placeholder (`<field>`). */
const propertyPath = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*|\[\d+\]|\["[^"]*"\])*(\.<field>|\[0\])?$/;

/** [what is wrong, mutation, the key the error must name, what the error must say to fix it] */
const badConfigurations: [string, (c: Config) => void, string, RegExp][] = [
  ["tenant id is not a GUID", (c) => (c.tenant.id = "contoso"), "tenant.id", /must be a GUID/],
  ["tenant missing", (c) => delete c.tenant, "tenant", /is required/],
  [
    "primary domain is not a domain",
    (c) => (c.tenant.primaryDomain = "contoso"),
    "tenant.primaryDomain",
    /DNS domain verified in the tenant/,
  ],
  [
    "initial domain given in full",
    (c) => (c.tenant.initialDomainName = "contoso.onmicrosoft.com"),
    "tenant.initialDomainName",
    /bare name .* \(contoso for contoso\.onmicrosoft\.com\)/,
  ],
  [
    "no service enabled",
    (c) => (c.services = { exchange: false, sharepoint: false, onedrive: false, groupsTeams: false }),
    "services",
    /set at least one of exchange/,
  ],
  ["service flag is a string", (c) => (c.services.exchange = "yes"), "services.exchange", /expected boolean/],
  [
    "usage location in lower case",
    (c) => (acc(c).usageLocation = "us"),
    "accounts.usageLocation",
    /ISO 3166-1 alpha-2 code in capitals, e\.g\. US/,
  ],
  ["usage location missing", (c) => delete acc(c).usageLocation, "accounts.usageLocation", /is required/],
  [
    "naming pattern without {service}",
    (c) => (acc(c).namingPattern = "backup@{domain}"),
    "accounts.namingPattern",
    /must contain \{service\} and end with @\{domain\}/,
  ],
  [
    "naming pattern with a space",
    (c) => (acc(c).namingPattern = "{service} backup@{domain}"),
    "accounts.namingPattern",
    /Entra ID refuses: use letters, digits/,
  ],
  [
    "naming pattern with a fixed domain",
    (c) => (acc(c).namingPattern = "{service}_backup@contoso.com"),
    "accounts.namingPattern",
    /end with @\{domain\}/,
  ],
  ["licensing mode unknown", (c) => (acc(c).licensing.mode = "both"), "accounts.licensing.mode", /expected one of "user"\|"group"/],
  [
    "group licensing without group",
    (c) => (acc(c).licensing.mode = "group"),
    "accounts.licensing.groupObjectId",
    /object id of the licensing group/,
  ],
  [
    "SKU in lower case",
    (c) => (acc(c).licensing.skus.sharepoint = ["spe_e3"]),
    "accounts.licensing.skus.sharepoint[0]",
    /SKU part number as listed by GET \/subscribedSkus/,
  ],
  [
    "SKU list for a service that does not exist",
    (c) => (acc(c).licensing.skus.teams = ["SPE_E3"]),
    "accounts.licensing.skus",
    /unknown key\(s\) teams\. Fix: .* or remove them \(pulumi config rm --path 'accounts\.licensing\.skus\.teams'\)/,
  ],
  [
    "Public Folders without an Exchange licence",
    (c) => {
      acc(c).licensing.skus.exchange = [];
      c.exchange = { ...c.exchange, backupPublicFolders: true };
    },
    "accounts.licensing.skus.exchange",
    /add a SKU with an Exchange plan/,
  ],
  ["password generation zero", (c) => (acc(c).passwordGeneration = 0), "accounts.passwordGeneration", />=1/],
  ["Exchange role phase unknown", (c) => (c.exchange.rolePhase = "demoted"), "exchange.rolePhase", /expected one of "bootstrap"\|"steady"/],
  ["consent mode unknown", (c) => (c.consent = { mode: "none" }), "consent.mode", /vendor-app .* or customer-app/],
  [
    "Key Vault name with two hyphens in a row",
    (c) => (c.keyVault = { ...keyVault, vaultName: "kv--contoso" }),
    "keyVault.vaultName",
    /has two hyphens in a row, which Azure refuses in a vault name/,
  ],
  [
    "backup tasks unprotected",
    (c) => (c.backupTasks = { ...c.backupTasks, protect: false }),
    "backupTasks.protect",
    /must stay true: every backup task is protected .* run pulumi state unprotect '<the task's URN>', then remove it/,
  ],
  ["vendor app id is a name", (c) => (c.consent.vendorAppId = "cloudally"), "consent.vendorAppId", /must be a GUID/],
  [
    "one workload given to two vendor apps",
    (c) =>
      (c.consent.vendorApps = [
        { appId: "4d7b2e91-6a3c-4f08-9e1d-2b5c8a0f6e34", services: ["sharepoint", "onedrive"] },
        { appId: "5e8c3fa2-7b4d-4019-8f2e-3c6d9b1a7f45", services: ["onedrive"] },
      ]),
    "consent.vendorApps[1].services[0]",
    /already backed up by consent\.vendorApps\[0\]: one workload gets one backup app .*essentially perform the same operations/,
  ],
  [
    "a vendor app for a service the stack does not enable",
    (c) => {
      c.services = { ...c.services, onedrive: false };
      c.consent.vendorApps = [{ appId: "4d7b2e91-6a3c-4f08-9e1d-2b5c8a0f6e34", services: ["sharepoint", "onedrive"] }];
    },
    "consent.vendorApps[0].services[1]",
    /onedrive, which services\.onedrive does not enable: remove it here, or enable the service/,
  ],
  [
    "the same vendor app listed twice",
    (c) => (c.consent.vendorApps = [{ appId: String(c.consent.vendorAppId).toUpperCase(), services: ["sharepoint"] }]),
    "consent.vendorApps[0].appId",
    /already given as consent\.vendorAppId: each vendor app is listed once/,
  ],
  [
    "every service moved away from vendorAppId",
    (c) =>
      (c.consent.vendorApps = [
        { appId: "4d7b2e91-6a3c-4f08-9e1d-2b5c8a0f6e34", services: ["sharepoint", "onedrive", "exchange", "groupsTeams"] },
      ]),
    "consent.vendorAppId",
    /backs up nothing: .*Move one app from vendorApps to vendorAppId/,
  ],
  [
    "customer app with a client secret",
    (c) => (c.consent = { mode: "customer-app", credential: { kind: "secret", value: "s3cr3t-value" } }),
    "consent.credential.kind",
    /client secrets are not supported/,
  ],
  [
    "customer app certificate that is a private key",
    (c) =>
      (c.consent = {
        mode: "customer-app",
        credential: { kind: "certificate", certificatePem: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----" },
      }),
    "consent.credential.certificatePem",
    /never a private key or client secret/,
  ],
  [
    "federated issuer over http",
    (c) => (c.consent = { mode: "customer-app", credential: { kind: "federated", issuer: "http://issuer.example", subject: "x" } }),
    "consent.credential.issuer",
    /https:\/\//,
  ],
  [
    "Key Vault name too short",
    (c) => (c.keyVault = { ...keyVault, vaultName: "kv" }),
    "keyVault.vaultName",
    /3-24 letters, digits and hyphens/,
  ],
  [
    "Key Vault reader is a name",
    (c) => (c.keyVault = { ...keyVault, secretReaderObjectIds: ["alice"] }),
    "keyVault.secretReaderObjectIds[0]",
    /must be a GUID/,
  ],
  [
    "Key Vault without subscription",
    (c) => (c.keyVault = { ...keyVault, subscriptionId: undefined }),
    "keyVault.subscriptionId",
    /is required/,
  ],
];

describe("bad configurations stop the program before any resource is registered", () => {
  test("the table holds at least 20 distinct cases", () => {
    expect(badConfigurations.length).toBeGreaterThanOrEqual(20);
    expect(new Set(badConfigurations.map(([label]) => label)).size).toBe(badConfigurations.length);
  });

  test.each(badConfigurations)("%s", async (_label, change, key, fix) => {
    const run = await runProgram(mutate(change));
    expect(run.error).toBeDefined();
    const message = run.error!.message;
    expect(message).toMatch(/nothing was created/);
    const line = message.split("\n").find((l) => l.includes(`m365-backup:${key} `) || l.includes(`m365-backup:${key}:`));
    expect(line).toBeDefined();
    expect(line).toMatch(fix);
    expect(line).toMatch(/Fix: /);
    // Every printed command pastes as written: its key is a property path as Pulumi documents them
    // (dot names, [n] for list entries, ["..."] for odd keys; https://www.pulumi.com/docs/reference/property-paths/).
    for (const [, cmd, p] of message.matchAll(/pulumi config (set|rm) --path '([^']*)'/g)) {
      expect({ cmd, path: p }).toEqual({ cmd, path: expect.stringMatching(propertyPath) });
      expect(p).not.toMatch(/\.\d/);
    }
    expect(run.resources).toEqual([]);
    // Values that look like credentials are named by key, never echoed.
    expect(message).not.toContain("s3cr3t-value");
  });

  test("the unmodified dev stack registers resources (the table's runs could otherwise pass vacuously)", async () => {
    const run = await runProgram(mutate(() => undefined));
    expect(run.error).toBeUndefined();
    expect(run.resources.length).toBeGreaterThan(10);
  });
});

test("an override of one task setting keeps the others from the stack's defaults, not the schema's", async () => {
  const { parseTenantConfig } = await import("../../infra/config/load");
  const { backupTaskPlans } = await import("../../infra/backup-tasks/task-plan");
  const raw = mutate((c) => {
    const tasks = c.backupTasks as { defaults: Record<string, unknown>; overrides?: unknown };
    tasks.defaults = { ...tasks.defaults, backupUnlicensedAccounts: true, retainArchivedDays: 2555 };
    tasks.overrides = { exchange: { autoActivateNew: true } };
  });
  const config = parseTenantConfig(
    Object.fromEntries(
      Object.entries(raw)
        .filter(([k]) => k.startsWith("m365-backup:"))
        .map(([k, v]) => [k.slice("m365-backup:".length), v]),
    ),
  );
  const exchange = backupTaskPlans(config).find((p) => p.service === "exchange")!;
  expect(exchange.requested).toMatchObject({
    autoActivateNew: true,
    backupUnlicensedAccounts: true,
    retainArchivedDays: 2555,
    indexForSearch: true,
  });
});
