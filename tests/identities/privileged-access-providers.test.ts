import { GraphEmulator } from "../emulators/graph/graph-emulator";
import { emptyTenant, GraphSubscribedSku, GraphTenant, subscription } from "../emulators/graph/graph-tenant";
import { registerLicensingRoutes } from "../emulators/graph/licensing-routes";
import { PrivilegedAccessState, registerPrivilegedAccessRoutes } from "../emulators/graph/privileged-access-routes";
import { KeyVaultState, registerKeyVaultRoutes } from "../emulators/azure/key-vault-routes";
import { DynamicProviderHost } from "../harness/dynamic-provider-host";
import { EngineLifecycle } from "../harness/engine-lifecycle";
import { serializedProviders } from "../harness/serialized-providers";

const globalAdmin = "62e90394-69f5-4237-9190-012177145e10";
const ids = { exchange: "11111111-1111-4111-8111-111111111111", teams: "22222222-2222-4222-8222-222222222222" };
const urnType = (type: string) => `pulumi-nodejs:dynamic/m365-backup:${type}`;
const urn = (type: string, name: string) => `urn:pulumi:test::m365-backup::${urnType(type)}::${name}`;

/** A tenant with Microsoft 365 E5 (Entra ID P2 among its plans): PIM is served. */
const p2Subscriptions = (): GraphSubscribedSku[] => [
  subscription("06ebc4ee-1bb5-47dd-8120-11324bc54e06", "SPE_E5", 2_500, ["entraIdP2", "sharePointPlan2", "exchangePlan1"]),
];
/** A tenant with Microsoft 365 Business Premium-like plans: Entra ID P1, no P2, no ID Governance. */
const p1Subscriptions = (): GraphSubscribedSku[] => [
  subscription("cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46", "SPB", 1_200, ["entraIdP1", "sharePointPlan1", "exchangePlan1"]),
];

function seedTenant(): GraphTenant {
  const t = emptyTenant("0f3a6b1e-2c4d-4e8f-9a0b-1c2d3e4f5a6b");
  t.subscribedSkus.push(...p2Subscriptions());
  for (const [id, upn] of [
    [ids.exchange, "exchange_backup@contoso.com"],
    [ids.teams, "teams_backup@contoso.com"],
  ]) {
    t.users.set(id, { id, userPrincipalName: upn, displayName: upn, accountEnabled: true, assignedLicenses: [], memberOf: [] });
  }
  return t;
}

/** The serialized providers exactly as the program registers them. */
async function serializedPrivilegedAccessProviders(): Promise<{ schedule: string; pass: string; password: string }> {
  const providers = await serializedProviders(async () => {
    const { DirectoryRoleAssignmentSchedule } = await import("../../components/directory-role-assignment-schedule");
    const { TemporaryAccessPass } = await import("../../components/temporary-access-pass");
    const { BackupAccountPassword } = await import("../../components/backup-account-password");
    new DirectoryRoleAssignmentSchedule("probe", {
      roleId: globalAdmin,
      principalObjectId: ids.exchange,
      durationHours: 72,
      justification: "probe justification",
      grant: 1,
    });
    new TemporaryAccessPass("probe", {
      userObjectId: ids.exchange,
      userPrincipalName: "x@contoso.com",
      lifetimeMinutes: 60,
      retired: false,
      vault: { vaultUri: "https://kv-probe.vault.azure.net/", secretName: "probe" },
    });
    new BackupAccountPassword("probe", { userObjectId: ids.exchange, generation: "1" });
  });
  return {
    schedule: providers[urnType("DirectoryRoleAssignmentSchedule")],
    pass: providers[urnType("TemporaryAccessPass")],
    password: providers[urnType("BackupAccountPassword")],
  };
}

let emulator: GraphEmulator;
let access: PrivilegedAccessState;
let vault: KeyVaultState;
let host: DynamicProviderHost;
let providers: { schedule: string; pass: string; password: string };

beforeAll(async () => {
  providers = await serializedPrivilegedAccessProviders();
  emulator = new GraphEmulator(seedTenant());
  access = registerPrivilegedAccessRoutes(emulator);
  registerLicensingRoutes(emulator);
  vault = registerKeyVaultRoutes(emulator);
  await emulator.start();
  host = await DynamicProviderHost.start(emulator.environment());
  await host.configure({});
});

afterAll(async () => {
  await host?.stop();
  await emulator?.stop();
});

const activeGlobalAdmins = () => access.assignments.filter((a) => a.roleDefinitionId === globalAdmin && (!a.end || a.end > access.now()));

describe("DirectoryRoleAssignmentSchedule through the dynamic-provider host against Graph's PIM routes", () => {
  const inputs = () => ({
    __provider: providers.schedule,
    roleId: globalAdmin,
    principalObjectId: ids.exchange,
    durationHours: 72,
    justification: "First sign-in of the Exchange backup task",
    grant: 1,
  });

  test("create gives the role with an end, a no-op up writes nothing, delete removes it", async () => {
    const engine = new EngineLifecycle(host, urn("DirectoryRoleAssignmentSchedule", "exchange-ga"));
    const before = Date.now();
    expect((await engine.up(inputs())).op).toBe("create");
    const [held] = activeGlobalAdmins();
    expect(held.principalId).toBe(ids.exchange);
    expect(held.end!.getTime() - held.start.getTime()).toBe(72 * 3_600_000);
    const end = Date.parse(String(engine.state!.outputs.endDateTime));
    expect(end).toBeGreaterThanOrEqual(before + 72 * 3_600_000);
    expect(end).toBeLessThan(before + 72 * 3_600_000 + 60_000);
    expect(engine.state!.outputs.state).toBe("active");

    const writes = access.writes;
    expect((await engine.up(inputs())).op).toBe("same");
    expect(access.writes).toBe(writes);

    await engine.destroy();
    expect(activeGlobalAdmins()).toEqual([]);
  });

  test("refresh after the end reads ended and nothing renews it; a new grant number grants again", async () => {
    const engine = new EngineLifecycle(host, urn("DirectoryRoleAssignmentSchedule", "expiry"));
    await engine.up({ ...inputs(), durationHours: 1 });
    // Two hours later: Entra has ended the assignment; the state written an hour ago says when.
    const realNow = access.now;
    access.now = () => new Date(Date.now() + 2 * 3_600_000);
    engine.state!.outputs.endDateTime = new Date(Date.now() - 3_600_000).toISOString();
    expect((await engine.refresh())!.outputs.state).toBe("ended");
    expect((await engine.up({ ...inputs(), durationHours: 1 })).op).toBe("same");
    expect(activeGlobalAdmins()).toEqual([]);
    const regrant = await engine.up({ ...inputs(), durationHours: 1, grant: 2 });
    expect(regrant.op).toBe("replace");
    expect(activeGlobalAdmins()).toHaveLength(1);
    access.now = realNow;
    access.assignments = [];
  });

  test("removed by hand before its end: refresh reads removed, delete is a no-op success", async () => {
    const engine = new EngineLifecycle(host, urn("DirectoryRoleAssignmentSchedule", "removed"));
    await engine.up(inputs());
    access.assignments = [];
    expect((await engine.refresh())!.outputs.state).toBe("removed");
    await engine.destroy();
  });

  test("made permanent in PIM after the stack granted it: refresh reads permanent, with no end", async () => {
    const engine = new EngineLifecycle(host, urn("DirectoryRoleAssignmentSchedule", "made-permanent"));
    await engine.up(inputs());
    for (const a of activeGlobalAdmins()) delete a.end;
    expect((await engine.refresh())!.outputs).toMatchObject({ state: "permanent", endDateTime: "" });
    await engine.destroy();
    expect(activeGlobalAdmins()).toEqual([]);
  });

  test("a permanent assignment made outside the stack is never adopted", async () => {
    access.assignments.push({ id: "perm", principalId: ids.teams, roleDefinitionId: globalAdmin, start: new Date() });
    const engine = new EngineLifecycle(host, urn("DirectoryRoleAssignmentSchedule", "permanent"));
    await expect(engine.up({ ...inputs(), principalObjectId: ids.teams })).rejects.toThrow(
      /already holds role .* without an end .* Fix: remove that assignment/,
    );
    access.assignments = [];
  });

  test("check refuses more than 7 days, naming the key and value", async () => {
    const res = await host.check(urn("DirectoryRoleAssignmentSchedule", "long"), {}, { ...inputs(), durationHours: 500 });
    expect(res.failures).toEqual([{ property: "durationHours", reason: "durationHours = 500: must be at most 168 hours (7 days)" }]);
  });

  test("429 and 503 with Retry-After are retried by the Graph client's middleware", async () => {
    access.faults.push(
      { status: 429, remaining: 1, match: /^POST .*roleAssignmentScheduleRequests$/ },
      { status: 503, remaining: 1, match: /^GET .*roleAssignmentScheduleInstances/ },
    );
    const engine = new EngineLifecycle(host, urn("DirectoryRoleAssignmentSchedule", "throttled"));
    expect((await engine.up(inputs())).op).toBe("create");
    expect((await engine.refresh())!.outputs.state).toBe("active");
    expect(access.faults.every((f) => f.remaining === 0)).toBe(true);
    await engine.destroy();
    expect(activeGlobalAdmins()).toEqual([]);
  });
});

describe("the bootstrap Global Administrator in a tenant with Entra ID P2 and in one with P1 only (subscribedSkus)", () => {
  const inputs = (method: "auto" | "pim" | "deadline" = "auto") => ({
    __provider: providers.schedule,
    roleId: globalAdmin,
    principalObjectId: ids.exchange,
    durationHours: 72,
    justification: "First sign-in of the Exchange backup task",
    grant: 1,
    method,
  });
  const withSubscriptions = async (skus: GraphSubscribedSku[], run: () => Promise<void>) => {
    const before = emulator.tenant.subscribedSkus;
    emulator.tenant.subscribedSkus = skus;
    try {
      await run();
    } finally {
      emulator.tenant.subscribedSkus = before;
      access.assignments = [];
    }
  };

  test("P2 tenant, auto: PIM's time-bound assignment, which Entra ends by itself", () =>
    withSubscriptions(p2Subscriptions(), async () => {
      const engine = new EngineLifecycle(host, urn("DirectoryRoleAssignmentSchedule", "p2-auto"));
      await engine.up(inputs());
      expect(engine.state!.outputs).toMatchObject({ heldThrough: "pim", state: "active" });
      const [held] = activeGlobalAdmins();
      expect(held.end!.getTime() - held.start.getTime()).toBe(72 * 3_600_000);
      await engine.destroy();
    }));

  test("P1 tenant, auto: a plain assignment with the deadline in state; the first up after it removes it, and nothing renews it", () =>
    withSubscriptions(p1Subscriptions(), async () => {
      const engine = new EngineLifecycle(host, urn("DirectoryRoleAssignmentSchedule", "p1-auto"));
      const before = Date.now();
      expect((await engine.up(inputs())).op).toBe("create");
      expect(engine.state!.outputs).toMatchObject({ heldThrough: "deadline", state: "active" });
      expect(Date.parse(String(engine.state!.outputs.endDateTime)) - before).toBeGreaterThanOrEqual(72 * 3_600_000);
      const [held] = activeGlobalAdmins();
      expect(held.end).toBeUndefined(); // Entra holds it without an end: the deadline is the module's
      // Before the deadline an up changes nothing and refresh reads it active.
      expect((await engine.up(inputs())).op).toBe("same");
      expect((await engine.refresh())!.outputs.state).toBe("active");

      // The deadline passes (the state's end moved back, as 72 hours would): refresh reads overdue, the next up removes it.
      engine.state!.outputs.endDateTime = new Date(Date.now() - 60_000).toISOString();
      expect((await engine.refresh())!.outputs.state).toBe("overdue");
      const removal = await engine.up(inputs());
      expect(removal.op).toBe("update");
      expect(removal.state.outputs.state).toBe("ended");
      expect(activeGlobalAdmins()).toEqual([]);
      // Ended stays ended: no up grants it again until the grant number changes.
      expect((await engine.up(inputs())).op).toBe("same");
      expect(activeGlobalAdmins()).toEqual([]);
      const regrant = await engine.up({ ...inputs(), grant: 2 });
      expect(regrant.op).toBe("replace");
      expect(activeGlobalAdmins()).toHaveLength(1);
      await engine.destroy();
      expect(activeGlobalAdmins()).toEqual([]);
    }));

  test("P1 tenant, method pim: Entra's refusal names the licence and the setting that works, and nothing is held", () =>
    withSubscriptions(p1Subscriptions(), async () => {
      const engine = new EngineLifecycle(host, urn("DirectoryRoleAssignmentSchedule", "p1-pim"));
      await expect(engine.up(inputs("pim"))).rejects.toThrow(
        /AadPremiumLicenseRequired.*no Microsoft Entra ID P2 or ID Governance.*pulumi config set --path 'exchange\.globalAdministratorMethod' auto/s,
      );
      expect(activeGlobalAdmins()).toEqual([]);
    }));

  test("a lapsed P2 (subscriptions list it, Entra refuses PIM): auto falls back to the deadline method", () =>
    withSubscriptions(p1Subscriptions(), async () => {
      // The subscription read says P2; the PIM route (which judges the live tenant) refuses.
      let lapsed = true;
      emulator.service.before((req) =>
        lapsed && req.path === "/v1.0/subscribedSkus" ? { status: 200, body: { value: p2Subscriptions() } } : undefined,
      );
      const engine = new EngineLifecycle(host, urn("DirectoryRoleAssignmentSchedule", "lapsed"));
      await engine.up(inputs());
      lapsed = false;
      expect(engine.state!.outputs.heldThrough).toBe("deadline");
      expect(activeGlobalAdmins()).toHaveLength(1);
      await engine.destroy();
      expect(activeGlobalAdmins()).toEqual([]);
    }));
});

describe("TemporaryAccessPass through the dynamic-provider host against Graph's authentication-method routes and Key Vault", () => {
  const inputs = (retired = false) => ({
    __provider: providers.pass,
    userObjectId: ids.teams,
    userPrincipalName: "teams_backup@contoso.com",
    lifetimeMinutes: 60,
    retired,
    vault: { vaultUri: emulator.url, secretName: "teams-backup-temporary-access-pass" },
  });

  test("issues one single-use pass into the Key Vault only (expiring with it), never into state or logs, and removes it once the task is connected", async () => {
    const engine = new EngineLifecycle(host, urn("TemporaryAccessPass", "teams"));
    expect((await engine.up(inputs())).op).toBe("create");
    const issued = access.passes.get(ids.teams)!;
    expect(issued.isUsableOnce).toBe(true);
    expect(vault.latest("teams-backup-temporary-access-pass")).toBe(issued.pass);
    const stored = vault.secrets.get("teams-backup-temporary-access-pass")!.at(-1)!;
    expect(stored.expires).toBe(Math.floor((issued.start.getTime() + 60 * 60_000) / 1000));
    expect(engine.state!.outputs).toMatchObject({
      state: "issued",
      methodId: issued.id,
      vaultSecretId: `${emulator.url}/secrets/teams-backup-temporary-access-pass/${stored.version}`,
    });
    expect(JSON.stringify(engine.state)).not.toContain(issued.pass);
    expect(host.logs).not.toContain(issued.pass);

    expect((await engine.up(inputs())).op).toBe("same");
    expect((await engine.up(inputs(true))).op).toBe("update");
    expect(access.passes.has(ids.teams)).toBe(false);
    expect(engine.state!.outputs).toMatchObject({ vaultSecretId: "", state: "retired" });
    await engine.destroy();
  });

  test("a pass the vault refuses is taken back at once, and the error names the role to grant", async () => {
    vault.writerMayWrite = false;
    const engine = new EngineLifecycle(host, urn("TemporaryAccessPass", "refused"));
    await expect(engine.up(inputs())).rejects.toThrow(
      /PUT .*\/secrets\/teams-backup-temporary-access-pass failed: HTTP 403 Forbidden.*Key Vault Secrets Officer/,
    );
    vault.writerMayWrite = true;
    expect(access.passes.has(ids.teams)).toBe(false);
  });

  test("a state an earlier version wrote, holding the pass, loses it on refresh", async () => {
    const engine = new EngineLifecycle(host, urn("TemporaryAccessPass", "legacy"));
    await engine.up(inputs());
    engine.state!.outputs.temporaryAccessPass = "legacy-pass-in-state";
    expect((await engine.refresh())!.outputs).not.toHaveProperty("temporaryAccessPass");
    await engine.destroy();
  });

  test("a task already connected gets no pass at all", async () => {
    const writes = access.writes;
    const engine = new EngineLifecycle(host, urn("TemporaryAccessPass", "connected"));
    await engine.up(inputs(true));
    expect(access.writes).toBe(writes);
    expect(access.passes.has(ids.teams)).toBe(false);
  });

  test("refresh after the pass was used or expired marks it gone; delete tolerates it being gone", async () => {
    const engine = new EngineLifecycle(host, urn("TemporaryAccessPass", "used"));
    await engine.up(inputs());
    access.passes.get(ids.teams)!.used = true;
    expect((await engine.refresh())!.outputs).toMatchObject({ state: "gone" });
    access.passes.delete(ids.teams);
    await engine.destroy();
  });

  test("a lifetime outside 1-8 hours fails check with the key named", async () => {
    const res = await host.check(urn("TemporaryAccessPass", "long"), {}, { ...inputs(), lifetimeMinutes: 1440 });
    expect(res.failures).toEqual([{ property: "lifetimeMinutes", reason: "lifetimeMinutes = 1440: must be 60-480 minutes (1-8 hours)" }]);
  });

  test("429 on issue is retried after Retry-After", async () => {
    access.faults.push({ status: 429, remaining: 1, match: /^POST .*temporaryAccessPassMethods$/ });
    const engine = new EngineLifecycle(host, urn("TemporaryAccessPass", "throttled"));
    expect((await engine.up(inputs())).op).toBe("create");
    expect(access.faults.every((f) => f.remaining === 0)).toBe(true);
    await engine.destroy();
    expect(access.passes.has(ids.teams)).toBe(false);
  });
});

describe("BackupAccountPassword through the dynamic-provider host against Graph and Key Vault", () => {
  const secretName = "exchange-backup-account-password";
  const inputs = (generation = "1", withVault = true) => ({
    __provider: providers.password,
    userObjectId: ids.exchange,
    generation,
    ...(withVault ? { vault: { vaultUri: emulator.url, secretName } } : {}),
  });
  const live = () => emulator.tenant.users.get(ids.exchange)!.password;

  test("sets a password that is in the vault and on the account, never in state or logs; a new generation rotates it", async () => {
    const engine = new EngineLifecycle(host, urn("BackupAccountPassword", "exchange"));
    expect((await engine.up(inputs())).op).toBe("create");
    const first = live()!;
    expect(first).toHaveLength(32);
    expect(vault.latest(secretName)).toBe(first);
    expect(JSON.stringify(engine.state)).not.toContain(first);
    expect(host.logs).not.toContain(first);
    expect(engine.state!.outputs.vaultSecretId).toMatch(new RegExp(`/secrets/${secretName}/[0-9a-f]{32}$`));

    expect((await engine.up(inputs())).op).toBe("same");
    expect(live()).toBe(first);
    expect((await engine.up(inputs("1-demoted"))).op).toBe("update");
    expect(live()).not.toBe(first);
    expect(vault.latest(secretName)).toBe(live());
    expect(vault.secrets.get(secretName)).toHaveLength(2);
    // A stack that turns rotation on demotion off goes from "1-demoted" back to "1": no new password for that.
    const rotated = live();
    expect((await engine.up(inputs("1"))).op).toBe("same");
    expect(live()).toBe(rotated);
    expect((await engine.up(inputs("2"))).op).toBe("update");
    expect(live()).not.toBe(rotated);
    await engine.destroy();
    // Deleting the resource leaves the account and the vault's versions alone.
    expect(live()).toBeDefined();
  });

  test("without a vault the password is set and kept by nobody", async () => {
    const before = vault.secrets.size;
    const engine = new EngineLifecycle(host, urn("BackupAccountPassword", "no-vault"));
    await engine.up(inputs("7", false));
    expect(live()).toBeDefined();
    expect(vault.secrets.size).toBe(before);
    expect(engine.state!.outputs.vaultSecretId).toBe("");
    expect(JSON.stringify(engine.state)).not.toContain(live()!);
  });

  test("a vault that refuses leaves the account's password unchanged and names the role to grant", async () => {
    const engine = new EngineLifecycle(host, urn("BackupAccountPassword", "refused"));
    const before = live();
    vault.writerMayWrite = false;
    await expect(engine.up(inputs("9"))).rejects.toThrow(/HTTP 403 Forbidden.*Key Vault Secrets Officer/);
    vault.writerMayWrite = true;
    expect(live()).toBe(before);
  });

  test("a vault URI that is not a Key Vault host never receives the token or the password", async () => {
    const engine = new EngineLifecycle(host, urn("BackupAccountPassword", "elsewhere"));
    await expect(engine.up({ ...inputs("10"), vault: { vaultUri: "https://attacker.example/", secretName } })).rejects.toThrow(
      /Refused to send a secret to "https:\/\/attacker\.example\/": not a Key Vault URI/,
    );
  });
});
