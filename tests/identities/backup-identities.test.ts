import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import { directoryRoleTemplateIds } from "../../infra/identity/directory-roles";
import { permissionsFor, resourceAppIds } from "../../infra/identity/backup-app-permissions";
import { devStackConfig, ofType, ProgramRun, runProgram, secretSig, withConfig } from "../harness/program-under-mocks";

const T = {
  identities: "m365-backup:identities:BackupIdentities",
  account: "m365-backup:identities:BackupServiceAccount",
  consent: "m365-backup:identities:BackupAppConsent",
  customerApp: "m365-backup:identities:CustomerBackupApp",
  user: "azuread:index/user:User",
  role: "azuread:index/directoryRoleAssignment:DirectoryRoleAssignment",
  licence: "pulumi-nodejs:dynamic/m365-backup:LicenceAssignment",
  sp: "azuread:index/servicePrincipal:ServicePrincipal",
  appRole: "azuread:index/appRoleAssignment:AppRoleAssignment",
  grant: "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
  password: "pulumi-nodejs:dynamic/m365-backup:BackupAccountPassword",
};
const roleSchedule = "pulumi-nodejs:dynamic/m365-backup:DirectoryRoleAssignmentSchedule";
const services = ["exchange", "sharepoint", "onedrive", "groupsTeams"] as const;
const vendorAppId = "9c1f8e2a-7b3d-4a6c-8e5f-0a1b2c3d4e5f";

async function run(config: Record<string, unknown>): Promise<ProgramRun> {
  const result = await runProgram(config);
  if (result.error) throw result.error;
  return result;
}

const byUrn = (resources: RecordedResource[]) => new Map(resources.map((r) => [r.urn, r]));
const accountOf = (resources: RecordedResource[], service: string) =>
  ofType(resources, T.account).find((a) => a.inputs.service === service)!;
const childrenOf = (resources: RecordedResource[], parent: RecordedResource, type: string) =>
  resources.filter((r) => r.parent === parent.urn && r.type === type);

const readers = ["7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d", "8b9c0d1e-2f3a-4b4c-8d5e-6f7a8b9c0d1e"];
/** One customer-app stack with a Key Vault, shared by several tests (each program run costs seconds). */
const customerAppWithVaultConfig = () =>
  withConfig({
    "m365-backup:consent": {
      mode: "customer-app",
      displayName: "Contoso backup",
      credential: { kind: "federated", issuer: "https://login.vendor.example", subject: "tenant:contoso" },
    },
    "m365-backup:keyVault": {
      subscriptionId: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      resourceGroupName: "rg-backup",
      vaultName: "kv-contoso-backup",
      location: "westeurope",
      secretReaderObjectIds: readers,
    },
  });
let customerAppWithVaultRun: Promise<ProgramRun> | undefined;
const customerAppWithVault = () => (customerAppWithVaultRun ??= run(customerAppWithVaultConfig()));

let dev: ProgramRun;
beforeAll(async () => {
  dev = await run(devStackConfig());
});

describe("the dev stack under mocks", () => {
  test("four users with distinct UPNs from the naming convention, recognisable as backup service accounts", () => {
    const users = ofType(dev.resources, T.user);
    expect(users.map((u) => u.inputs.userPrincipalName).sort()).toEqual([
      "exchange_backup@contoso.com",
      "onedrive_backup@contoso.com",
      "sharepoint_backup@contoso.com",
      "teams_backup@contoso.com",
    ]);
    for (const service of services) {
      const account = accountOf(dev.resources, service);
      const [user] = childrenOf(dev.resources, account, T.user);
      expect(user.inputs).toMatchObject({
        userPrincipalName: account.inputs.userPrincipalName,
        employeeType: "backup-service-account",
        jobTitle: `Backup service account: ${service}`,
        usageLocation: "US",
        forcePasswordChange: false,
        disablePasswordExpiration: true,
      });
      // Only the creation password, as a secret; the BackupAccountPassword replaces it, and roles and licence wait for that.
      expect(user.inputs.password).toMatchObject({ [secretSig]: expect.any(String) });
      const [password] = childrenOf(dev.resources, account, T.password);
      expect(password.inputs).toMatchObject({ userObjectId: user.outputs.objectId, generation: "1" });
      expect(Object.keys(password.outputs)).not.toContain("password");
      const granted = [
        ...childrenOf(dev.resources, account, T.role),
        ...childrenOf(dev.resources, account, roleSchedule),
        ...childrenOf(dev.resources, account, T.licence),
      ];
      expect(granted.length).toBeGreaterThan(0);
      for (const g of granted)
        expect({ name: g.name, waits: g.dependencies.includes(password.urn) }).toEqual({ name: g.name, waits: true });
    }
  });

  test("exact role template ids per account in the bootstrap phase, each assignment parented by its account", () => {
    const expected: Record<string, string[]> = {
      // Exchange Administrator from the start, the time-bound Global Administrator on top during bootstrap.
      exchange: [directoryRoleTemplateIds.exchangeAdministrator, directoryRoleTemplateIds.globalAdministrator],
      sharepoint: [directoryRoleTemplateIds.sharePointAdministrator],
      onedrive: [directoryRoleTemplateIds.sharePointAdministrator],
      groupsTeams: [directoryRoleTemplateIds.teamsAdministrator],
    };
    expect(ofType(dev.resources, T.role)).toHaveLength(4);
    for (const service of services) {
      const account = accountOf(dev.resources, service);
      const [user] = childrenOf(dev.resources, account, T.user);
      const roles = [...childrenOf(dev.resources, account, T.role), ...childrenOf(dev.resources, account, roleSchedule)];
      expect(roles.map((r) => r.inputs.roleId)).toEqual(expected[service]);
      expect(account.inputs.roleTemplateIds).toEqual(expected[service]);
      for (const r of roles) {
        expect(r.inputs.principalObjectId).toBe(user.outputs.objectId);
        expect(r.deleteBeforeReplace).toBe(false);
      }
    }
    // Global Administrator is never permanent: a PIM assignment that ends after exchange.globalAdministratorHours.
    const [globalAdmin] = ofType(dev.resources, roleSchedule);
    expect(globalAdmin.inputs).toMatchObject({ roleId: directoryRoleTemplateIds.globalAdministrator, durationHours: 72, grant: 1 });
    expect(Date.parse(String(globalAdmin.outputs.endDateTime)) - Date.parse(String(globalAdmin.outputs.startDateTime))).toBe(
      72 * 3_600_000,
    );
  });

  test("the account component registers the secret-free summary the policy pack reads", () => {
    expect(accountOf(dev.resources, "exchange").inputs).toEqual({
      service: "exchange",
      userPrincipalName: "exchange_backup@contoso.com",
      roleTemplateIds: [directoryRoleTemplateIds.exchangeAdministrator, directoryRoleTemplateIds.globalAdministrator],
      rolePhase: "bootstrap",
      licensed: true,
      skuPartNumbers: ["EXCHANGESTANDARD"],
    });
    expect(accountOf(dev.resources, "groupsTeams").inputs).toEqual({
      service: "groupsTeams",
      userPrincipalName: "teams_backup@contoso.com",
      roleTemplateIds: [directoryRoleTemplateIds.teamsAdministrator],
      licensed: true,
      skuPartNumbers: ["SPE_E3"],
    });
  });

  test("one licence resource per account with the configured SKUs, depending on the user", () => {
    const skus: Record<string, string[]> = {
      exchange: ["EXCHANGESTANDARD"],
      sharepoint: ["SPE_E3"],
      onedrive: ["SPE_E3"],
      groupsTeams: ["SPE_E3"],
    };
    for (const service of services) {
      const account = accountOf(dev.resources, service);
      const [user] = childrenOf(dev.resources, account, T.user);
      const [licence] = childrenOf(dev.resources, account, T.licence);
      expect(licence.inputs).toMatchObject({
        userObjectId: user.outputs.objectId,
        userPrincipalName: account.inputs.userPrincipalName,
        skuPartNumbers: skus[service],
        mode: "user",
      });
      expect(licence.inputs.groupObjectId).toBeUndefined();
      expect(licence.dependencies).toContain(user.urn);
    }
  });

  test("one consent for the vendor app: existing service principal, an app role assignment per application permission, delegated grants scoped to the accounts", () => {
    const consents = ofType(dev.resources, T.consent);
    expect(consents).toHaveLength(1);
    const consent = consents[0];
    // Public Folders (EWS) are off in the dev stack: no Exchange Online scope.
    const expected = permissionsFor([...services], { backupPublicFolders: false });
    expect(consent.inputs).toEqual({
      mode: "vendor-app",
      appId: vendorAppId,
      services: [...services],
      permissions: expected.map((p) => ({ resourceAppId: p.resourceAppId, kind: p.kind, value: p.value })),
    });
    expect(consent.parent).toBe(ofType(dev.resources, T.identities)[0].urn);

    const [sp] = childrenOf(dev.resources, consent, T.sp);
    expect(sp.inputs).toMatchObject({ clientId: vendorAppId, useExisting: true });
    expect(sp.retainOnDelete).toBe(true);
    expect(ofType(dev.resources, T.sp)).toHaveLength(1);

    const appRoles = childrenOf(dev.resources, consent, T.appRole);
    expect(appRoles).toHaveLength(expected.filter((p) => p.kind === "application").length);
    for (const a of appRoles) {
      expect(a.inputs.principalObjectId).toBe(sp.outputs.objectId);
      expect(a.inputs.appRoleId).toMatch(/^[0-9a-f-]{36}$/);
    }
    // Mail.ReadWrite resolves to Graph's published app role id.
    expect(appRoles.find((a) => a.name.endsWith("graph-mail-readwrite"))!.inputs.appRoleId).toBe("e2a3a72e-5f79-4c64-b1b1-878b674786c9");

    const grants = childrenOf(dev.resources, consent, T.grant);
    const userIds = ofType(dev.resources, T.user).map((u) => u.outputs.objectId);
    expect(grants.length).toBe(4); // Graph sign-in scopes for each account; no EWS (Public Folders off)
    for (const g of grants) {
      expect(userIds).toContain(g.inputs.userObjectId);
      expect(g.inputs.servicePrincipalObjectId).toBe(sp.outputs.objectId);
      expect(g.inputs.claimValues).not.toContain("EWS.AccessAsUser.All");
    }
  });

  test("every identity resource sits under BackupIdentities, itself under TenantOnboarding", () => {
    const urns = byUrn(dev.resources);
    const [identities] = ofType(dev.resources, T.identities);
    expect(urns.get(identities.parent)!.type).toBe("m365-backup:onboarding:TenantOnboarding");
    const identityTypes = new Set([...Object.values(T), "random:index/randomPassword:RandomPassword"]);
    for (const r of dev.resources.filter((x) => identityTypes.has(x.type) && x.type !== T.identities)) {
      let p = urns.get(r.parent);
      while (p && p.type !== T.identities) p = urns.get(p.parent);
      expect(p?.urn).toBe(identities.urn);
    }
  });

  test("stack outputs carry UPNs, object ids and the consent principal, never a password", () => {
    expect(dev.outputs.backupAccountUpns).toEqual({
      exchange: "exchange_backup@contoso.com",
      sharepoint: "sharepoint_backup@contoso.com",
      onedrive: "onedrive_backup@contoso.com",
      groupsTeams: "teams_backup@contoso.com",
    });
    expect(Object.values(dev.outputs.backupAccountObjectIds as object)).toHaveLength(4);
    expect(dev.outputs.backupAppServicePrincipalObjectId).toMatch(/^[0-9a-f-]{36}$/);
    // The sign-in links and the discovery cursor are secrets (encrypted in state, masked in the CLI and in pipeline logs);
    // the passes are not outputs at all, only where each waits in the vault.
    const secrets = ["backupTaskSignInLinks", "discoveryCursor"];
    expect(JSON.stringify(dev.outputs.backupAccountTemporaryAccessPasses)).toMatch(
      /"vaultSecretId":"https:\/\/kv-contoso-m365-backup\.vault\.azure\.net\/secrets\/exchange-backup-temporary-access-pass\//,
    );
    expect([...(dev.secretOutputs ?? [])].sort()).toEqual(secrets);
    const plain = Object.fromEntries(Object.entries(dev.outputs).filter(([k]) => !secrets.includes(k)));
    expect(JSON.stringify(plain)).not.toMatch(/offline-placeholder|password/i);
  });
});

/** Every value reachable in a registration's inputs, with its path, not descending into secret wrappers. */
function* plainValues(value: unknown, path: string): Generator<[string, unknown]> {
  if (value !== null && typeof value === "object") {
    if (secretSig in (value as object)) return;
    for (const [k, v] of Object.entries(value as object)) yield* plainValues(v, `${path}.${k}`);
    return;
  }
  yield [path, value];
}

describe("no secret as a plain value", () => {
  test.each([
    ["dev stack", async () => dev],
    ["customer app with Key Vault", customerAppWithVault],
  ])("%s: walking every input of every registration finds no password, secret or token in plain", async (_label, program) => {
    const result = await program();
    expect(result.resources.length).toBeGreaterThan(20);
    let secretsSeen = 0;
    for (const r of result.resources) {
      secretsSeen += JSON.stringify(r.inputs).split(secretSig).length - 1;
      for (const [path, v] of plainValues(r.inputs, r.name)) {
        if (path.endsWith(".__provider")) continue;
        expect(`${path}=${String(v)}`).not.toMatch(/offline-placeholder/);
        if (/(password|secret|token)$/i.test(path.split(".").pop()!)) expect(`${path}=${String(v)}`).toBe(`${path}=undefined`);
      }
    }
    // The check above can fail: the creation passwords do flow through inputs, wrapped.
    expect(secretsSeen).toBeGreaterThanOrEqual(4);
  });
});

describe("Exchange demotion: bootstrap -> steady in one up, never without a role", () => {
  test("steady only drops the Global Administrator schedule: the Exchange Administrator it held from the start stays under its URN; others are untouched", async () => {
    const steady = await run(withConfig({ "m365-backup:exchange": { rolePhase: "steady", backupPublicFolders: true } }));
    const roles = (r: ProgramRun) =>
      new Map([...ofType(r.resources, T.role), ...ofType(r.resources, roleSchedule)].map((x) => [x.urn, x.inputs.roleId as string]));
    const before = roles(dev);
    const after = roles(steady);
    const created = [...after.keys()].filter((u) => !before.has(u));
    const deleted = [...before.keys()].filter((u) => !after.has(u));
    expect(created).toEqual([]);
    expect(deleted.map((u) => before.get(u))).toEqual([directoryRoleTemplateIds.globalAdministrator]);
    // Unchanged URNs keep their role id: no replacement anywhere else.
    for (const [urn, roleId] of after) if (before.has(urn)) expect(before.get(urn)).toBe(roleId);
    expect(accountOf(steady.resources, "exchange").inputs).toMatchObject({
      rolePhase: "steady",
      roleTemplateIds: [directoryRoleTemplateIds.exchangeAdministrator],
    });

    // The engine creates resources new to the program as it registers them and deletes the ones the
    // program no longer registers only after every create and update: replay that order and check the
    // Exchange account's roles after every step.
    const exchangeAccount = accountOf(steady.resources, "exchange").urn;
    const exchangeRoles = new Set([...before.keys()].filter((u) => u.includes("exchange-role")));
    const steps = [...created.map((u) => ({ op: "create", urn: u })), ...deleted.map((u) => ({ op: "delete", urn: u }))];
    for (const step of steps) {
      if (step.op === "create") exchangeRoles.add(step.urn);
      else exchangeRoles.delete(step.urn);
      expect(exchangeRoles.size).toBeGreaterThanOrEqual(1);
    }
    expect([...exchangeRoles].map((u) => after.get(u))).toEqual([directoryRoleTemplateIds.exchangeAdministrator]);
    expect(ofType(steady.resources, T.role).find((r) => r.urn.includes("exchange-role-exchange-administrator"))!.parent).toBe(
      exchangeAccount,
    );
    // Demotion keeps the password by default (a new one may end the vendor's delegated sign-in); rotation on demotion is opt-in.
    const generation = (r: ProgramRun, service: string) =>
      childrenOf(r.resources, accountOf(r.resources, service), T.password)[0].inputs.generation;
    expect(generation(dev, "exchange")).toBe("1");
    expect(generation(steady, "exchange")).toBe("1");
    const rotated = await run(withConfig({ "m365-backup:exchange": { rolePhase: "steady", rotatePasswordOnDemotion: true } }));
    expect(generation(rotated, "exchange")).toBe("1-demoted");
    expect(generation(rotated, "sharepoint")).toBe(generation(dev, "sharepoint"));
  });
});

describe("preview", () => {
  test("a preview registers the same resources as an update", async () => {
    const preview = await runProgram(devStackConfig(), { preview: true });
    expect(preview.error).toBeUndefined();
    expect(preview.resources.map((r) => r.urn).sort()).toEqual(dev.resources.map((r) => r.urn).sort());
  });
});

describe("other modes", () => {
  test("customer-owned app: one single-tenant app, a federated credential, no client secret, consent on its service principal", async () => {
    const r = await customerAppWithVault();
    const [app] = ofType(r.resources, "azuread:index/application:Application");
    expect(ofType(r.resources, "azuread:index/application:Application")).toHaveLength(1);
    expect(app.inputs).toMatchObject({ displayName: "Contoso backup", signInAudience: "AzureADMyOrg" });
    const declared = (
      app.inputs.requiredResourceAccesses as { resourceAppId: string; resourceAccesses: { id: string; type: string }[] }[]
    ).flatMap((r) => r.resourceAccesses.map((a) => `${r.resourceAppId}/${a.type}`));
    expect(declared).toHaveLength(permissionsFor([...services], { backupPublicFolders: false }).length);
    expect(declared).not.toContain(`${resourceAppIds.exchangeOnline}/Scope`);
    expect(ofType(r.resources, "azuread:index/applicationPassword:ApplicationPassword")).toHaveLength(0);
    const [fic] = ofType(r.resources, "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential");
    expect(fic.inputs).toMatchObject({
      applicationId: app.outputs.id,
      issuer: "https://login.vendor.example",
      subject: "tenant:contoso",
      audiences: ["api://AzureADTokenExchange"],
    });
    const [customer] = ofType(r.resources, T.customerApp);
    const [consent] = ofType(r.resources, T.consent);
    expect(consent.parent).toBe(customer.urn);
    expect(consent.inputs).toMatchObject({ mode: "customer-app", appId: app.outputs.clientId });
    expect(childrenOf(r.resources, consent, T.sp)[0].inputs.clientId).toBe(app.outputs.clientId);
    expect(childrenOf(r.resources, consent, T.sp)[0].retainOnDelete).toBe(false);
  });

  test("customer-owned app with a certificate credential", async () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUFakeButShapedLikeACert\n-----END CERTIFICATE-----";
    const r = await run(
      withConfig({ "m365-backup:consent": { mode: "customer-app", credential: { kind: "certificate", certificatePem: pem } } }),
    );
    const [cert] = ofType(r.resources, "azuread:index/applicationCertificate:ApplicationCertificate");
    expect(cert.inputs).toMatchObject({
      type: "AsymmetricX509Cert",
      encoding: "pem",
      value: { [secretSig]: expect.any(String), value: pem },
    });
  });

  test("Key Vault: RBAC vault in the configured subscription, each account's password written there by its BackupAccountPassword (no ARM secret), Secrets User for readers", async () => {
    const r = await customerAppWithVault();
    const [vault] = ofType(r.resources, "azure-native:keyvault:Vault");
    expect(vault.inputs).toMatchObject({
      vaultName: "kv-contoso-backup",
      resourceGroupName: "rg-backup",
      location: "westeurope",
      properties: { enableRbacAuthorization: true, enablePurgeProtection: true },
    });
    const [provider] = ofType(r.resources, "pulumi:providers:azure-native");
    expect(provider.inputs.subscriptionId).toBe("6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    expect(vault.provider).toContain(provider.urn);
    // No secret value passes through ARM (and so through state): the passwords go through the data plane.
    expect(ofType(r.resources, "azure-native:keyvault:Secret")).toEqual([]);
    expect(
      ofType(r.resources, T.password)
        .map((p) => (p.inputs.vault as { secretName: string }).secretName)
        .sort(),
    ).toEqual([
      "exchange-backup-account-password",
      "onedrive-backup-account-password",
      "sharepoint-backup-account-password",
      "teams-backup-account-password",
    ]);
    for (const p of ofType(r.resources, T.password))
      expect((p.inputs.vault as { vaultUri: string }).vaultUri).toBe("https://kv-contoso-backup.vault.azure.net/");
    const grants = ofType(r.resources, "azure-native:authorization:RoleAssignment");
    expect(grants.map((g) => g.inputs.principalId).sort()).toEqual(readers);
    for (const g of grants) {
      expect(g.inputs.roleDefinitionId).toBe(
        "/subscriptions/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6",
      );
      expect(g.inputs.scope).toBe(vault.outputs.id);
    }
  });

  test("group-based licensing without the SKUs the group must carry is refused: any group would pass as a licensing group", async () => {
    const run = await runProgram(
      withConfig({
        "m365-backup:accounts": {
          usageLocation: "GB",
          licensing: { mode: "group", groupObjectId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
        },
      }),
    ).catch((e: Error) => ({ error: e, resources: [] as { custom: boolean }[] }));
    expect(run.error?.message).toMatch(
      /m365-backup:accounts\.licensing\.skus\.exchange = \(not set\): is empty but accounts\.licensing\.mode is group/,
    );
    expect(run.resources.filter((x) => x.custom)).toEqual([]);
  });

  test("group-based licensing: every account joins the configured group", async () => {
    const group = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const r = await run(
      withConfig({
        "m365-backup:accounts": {
          usageLocation: "GB",
          licensing: {
            mode: "group",
            groupObjectId: group,
            skus: { exchange: ["SPE_E3"], sharepoint: ["SPE_E3"], onedrive: ["SPE_E3"], groupsTeams: ["SPE_E3"] },
          },
        },
      }),
    );
    const licences = ofType(r.resources, T.licence);
    expect(licences).toHaveLength(4);
    for (const l of licences) expect(l.inputs).toMatchObject({ mode: "group", groupObjectId: group, skuPartNumbers: ["SPE_E3"] });
    for (const u of ofType(r.resources, T.user)) expect(u.inputs.usageLocation).toBe("GB");
  });

  test("only Exchange enabled, with Public Folders: one account, one consent limited to Exchange's permissions, Graph and EWS only", async () => {
    const r = await run(
      withConfig({
        "m365-backup:services": { exchange: true, sharepoint: false, onedrive: false, groupsTeams: false },
        "m365-backup:exchange": { rolePhase: "bootstrap", backupPublicFolders: true },
      }),
    );
    expect(ofType(r.resources, T.user)).toHaveLength(1);
    const [consent] = ofType(r.resources, T.consent);
    const resourceIds = new Set((consent.inputs.permissions as { resourceAppId: string }[]).map((p) => p.resourceAppId));
    expect([...resourceIds].sort()).toEqual([resourceAppIds.exchangeOnline, resourceAppIds.microsoftGraph].sort());
    expect((consent.inputs.permissions as { value: string }[]).map((p) => p.value)).not.toContain("Sites.ReadWrite.All");
    // EWS for Public Folders is granted as the Exchange account, and only to it.
    const ews = ofType(r.resources, T.grant).filter((g) => (g.inputs.claimValues as string[]).includes("EWS.AccessAsUser.All"));
    expect(ews.map((g) => g.inputs.userObjectId)).toEqual([
      childrenOf(r.resources, accountOf(r.resources, "exchange"), T.user)[0].outputs.objectId,
    ]);
  });

  test("a custom naming pattern and unlicensed accounts: no licence resource where no SKU is configured", async () => {
    const r = await run(
      withConfig({
        "m365-backup:accounts": { usageLocation: "US", namingPattern: "svc.{service}.backup@{domain}" },
        "m365-backup:exchange": { rolePhase: "bootstrap" },
      }),
    );
    expect(
      ofType(r.resources, T.user)
        .map((u) => u.inputs.userPrincipalName)
        .sort(),
    ).toEqual([
      "svc.exchange.backup@contoso.com",
      "svc.onedrive.backup@contoso.com",
      "svc.sharepoint.backup@contoso.com",
      "svc.teams.backup@contoso.com",
    ]);
    expect(ofType(r.resources, T.licence)).toHaveLength(0);
    for (const a of ofType(r.resources, T.account)) expect(a.inputs.licensed).toBe(false);
  });
});

describe("the vendor's published permission list", () => {
  test("consent.vendorPermissions: the consent grants exactly those, delegated ones to the backup accounts (Exchange Online's to the Exchange account only)", async () => {
    const vendorPermissions = [
      { resource: "microsoftGraph", kind: "application", value: "Mail.ReadWrite" },
      { resource: "microsoftGraph", kind: "application", value: "Sites.Read.All" },
      { resource: "microsoftGraph", kind: "delegated", value: "User.Read" },
      { resource: "exchangeOnline", kind: "delegated", value: "EWS.AccessAsUser.All" },
    ];
    const r = await run(withConfig({ "m365-backup:consent": { mode: "vendor-app", vendorAppId, vendorPermissions } }));
    const [consent] = ofType(r.resources, T.consent);
    expect((consent.inputs.permissions as { kind: string; value: string }[]).map((p) => `${p.kind}:${p.value}`).sort()).toEqual([
      "application:Mail.ReadWrite",
      "application:Sites.Read.All",
      "delegated:EWS.AccessAsUser.All",
      "delegated:User.Read",
    ]);
    const appRoles = childrenOf(r.resources, consent, T.appRole);
    expect(appRoles).toHaveLength(2);
    const grants = ofType(r.resources, T.grant);
    const exchangeUser = childrenOf(r.resources, accountOf(r.resources, "exchange"), T.user)[0].outputs.objectId;
    const ews = grants.filter((g) => (g.inputs.claimValues as string[]).includes("EWS.AccessAsUser.All"));
    expect(ews.map((g) => g.inputs.userObjectId)).toEqual([exchangeUser]);
    expect(grants.filter((g) => (g.inputs.claimValues as string[]).includes("User.Read"))).toHaveLength(4);
    expect(JSON.stringify(grants.map((g) => g.inputs.claimValues))).not.toMatch(/offline_access/);
  });

  test("a malformed entry names the key and the fix", async () => {
    const bad = await runProgram(
      withConfig({
        "m365-backup:consent": {
          mode: "vendor-app",
          vendorAppId,
          vendorPermissions: [{ resource: "graph", kind: "application", value: "Mail.ReadWrite" }],
        },
      }),
    );
    expect(bad.error?.message).toMatch(/consent\.vendorPermissions\[0\]\.resource/);
  });
});
