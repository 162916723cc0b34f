import { GraphEmulator } from "../emulators/graph/graph-emulator";
import { emptyTenant, GraphTenant } from "../emulators/graph/graph-tenant";
import { registerLicensingRoutes, removeMembershipByHand } from "../emulators/graph/licensing-routes";
import { DynamicProviderHost, unknownValue } from "../harness/dynamic-provider-host";
import { EngineLifecycle } from "../harness/engine-lifecycle";
import { serializedProviders } from "../harness/serialized-providers";

const urn = (name: string) => `urn:pulumi:test::m365-backup::pulumi-nodejs:dynamic/m365-backup:LicenceAssignment::${name}`;
const ids = {
  user: "11111111-1111-4111-8111-111111111111",
  other: "22222222-2222-4222-8222-222222222222",
  noLocation: "33333333-3333-4333-8333-333333333333",
  group: "44444444-4444-4444-8444-444444444444",
  e3: "05e9a617-0261-4cee-bb44-138d3ef5d965",
  e5: "06ebc4ee-1bb5-47dd-8120-11324bc54e06",
  exchange: "4b9405b0-7788-4568-add1-99614e613b69",
  bystander: "c7df2760-2c81-4ef7-b578-5b5392b571df",
};

function seedTenant(): GraphTenant {
  const t = emptyTenant("0f3a6b1e-2c4d-4e8f-9a0b-1c2d3e4f5a6b");
  const user = (id: string, upn: string, usageLocation?: string) =>
    t.users.set(id, {
      id,
      userPrincipalName: upn,
      displayName: upn,
      usageLocation,
      accountEnabled: true,
      assignedLicenses: [],
      memberOf: [],
    });
  user(ids.user, "sharepoint_backup@contoso.com", "US");
  user(ids.other, "teams_backup@contoso.com", "US");
  user(ids.noLocation, "onedrive_backup@contoso.com");
  // A licence someone else assigned: the resource must never remove it.
  t.users.get(ids.user)!.assignedLicenses.push({ skuId: ids.bystander, disabledPlans: [] });
  t.subscribedSkus.push(
    {
      skuId: ids.e3,
      skuPartNumber: "SPE_E3",
      prepaidUnits: { enabled: 10, suspended: 0, warning: 0 },
      consumedUnits: 3,
      capabilityStatus: "Enabled",
    },
    {
      skuId: ids.e5,
      skuPartNumber: "SPE_E5",
      prepaidUnits: { enabled: 5, suspended: 0, warning: 0 },
      consumedUnits: 1,
      capabilityStatus: "Enabled",
    },
    {
      skuId: ids.exchange,
      skuPartNumber: "EXCHANGESTANDARD",
      prepaidUnits: { enabled: 5, suspended: 0, warning: 0 },
      consumedUnits: 5,
      capabilityStatus: "Enabled",
    },
    {
      skuId: ids.bystander,
      skuPartNumber: "POWER_BI_STANDARD",
      prepaidUnits: { enabled: 100, suspended: 0, warning: 0 },
      consumedUnits: 1,
      capabilityStatus: "Enabled",
    },
  );
  t.groups.set(ids.group, {
    id: ids.group,
    displayName: "Backup licences",
    assignedLicenses: [{ skuId: ids.e3, disabledPlans: [] }],
    members: [],
  });
  return t;
}

/** The serialized provider exactly as the program registers it. */
async function serializedProvider(): Promise<string> {
  const providers = await serializedProviders(async () => {
    const { LicenceAssignment } = await import("../../components/licence-assignment");
    new LicenceAssignment("probe", {
      userObjectId: ids.user,
      userPrincipalName: "x@contoso.com",
      skuPartNumbers: ["SPE_E3"],
      mode: "user",
    });
  });
  return providers["pulumi-nodejs:dynamic/m365-backup:LicenceAssignment"];
}

let emulator: GraphEmulator;
let host: DynamicProviderHost;
let provider: string;

beforeAll(async () => {
  provider = await serializedProvider();
  emulator = new GraphEmulator(seedTenant());
  registerLicensingRoutes(emulator, { throttleEveryNthWrite: 4, retryAfterSeconds: 1 });
  await emulator.start();
  host = await DynamicProviderHost.start(emulator.environment());
  await host.configure({});
});

afterAll(async () => {
  await host?.stop();
  await emulator?.stop();
});

const skusOf = (userId: string) =>
  emulator.tenant.users
    .get(userId)!
    .assignedLicenses.map((l) => emulator.tenant.subscribedSkus.find((s) => s.skuId === l.skuId)!.skuPartNumber)
    .sort();
const consumed = (part: string) => emulator.tenant.subscribedSkus.find((s) => s.skuPartNumber === part)!.consumedUnits;

describe("LicenceAssignment through the dynamic-provider host against the Graph emulator", () => {
  test("user mode: create, no-op, swap SKU, drift on refresh, repair, delete; other licences untouched", async () => {
    const engine = new EngineLifecycle(host, urn("sharepoint"));
    const inputs = {
      __provider: provider,
      userObjectId: ids.user,
      userPrincipalName: "sharepoint_backup@contoso.com",
      skuPartNumbers: ["SPE_E3"],
      mode: "user",
    };

    expect((await engine.up(inputs)).op).toBe("create");
    expect(skusOf(ids.user)).toEqual(["POWER_BI_STANDARD", "SPE_E3"]);
    expect(engine.state!.outputs.skuIds).toEqual({ SPE_E3: ids.e3 });
    expect(consumed("SPE_E3")).toBe(4);

    expect((await engine.up(inputs)).op).toBe("same");

    const swapped = { ...inputs, skuPartNumbers: ["SPE_E5"] };
    expect((await engine.up(swapped)).op).toBe("update");
    expect(skusOf(ids.user)).toEqual(["POWER_BI_STANDARD", "SPE_E5"]);
    expect(consumed("SPE_E3")).toBe(3);

    // Someone removes the licence by hand: refresh shows it, the next up puts it back.
    emulator.tenant.users.get(ids.user)!.assignedLicenses = emulator.tenant.users
      .get(ids.user)!
      .assignedLicenses.filter((l) => l.skuId !== ids.e5);
    const refreshed = await engine.refresh();
    expect(refreshed!.outputs.skuPartNumbers).toEqual([]);
    expect((await engine.up(swapped)).op).toBe("update");
    expect(skusOf(ids.user)).toEqual(["POWER_BI_STANDARD", "SPE_E5"]);

    await engine.destroy();
    expect(skusOf(ids.user)).toEqual(["POWER_BI_STANDARD"]);
  });

  test("no free units: the error names the SKU, consumed/enabled and the fix, and nothing is assigned", async () => {
    const engine = new EngineLifecycle(host, urn("exchange"));
    const inputs = {
      __provider: provider,
      userObjectId: ids.other,
      userPrincipalName: "teams_backup@contoso.com",
      skuPartNumbers: ["EXCHANGESTANDARD"],
      mode: "user",
    };
    await expect(engine.up(inputs)).rejects.toThrow(
      /Licence EXCHANGESTANDARD cannot be assigned to teams_backup@contoso.com: the tenant has no free units \(5 of 5 consumed\)\. Fix: buy or free one EXCHANGESTANDARD unit/,
    );
    expect(skusOf(ids.other)).toEqual([]);
    expect(engine.state).toBeUndefined();
  });

  test("Graph's own no-free-units answer (another admin took the last unit mid-flight) gets the same clear error", async () => {
    const e5 = emulator.tenant.subscribedSkus.find((x) => x.skuId === ids.e5)!;
    const saved = e5.consumedUnits;
    let raced = false;
    emulator.service.before((req) => {
      if (!raced && req.method === "POST" && req.path === `/v1.0/users/${ids.other}/assignLicense`) {
        raced = true;
        e5.consumedUnits = e5.prepaidUnits.enabled;
      }
      return undefined;
    });
    const engine = new EngineLifecycle(host, urn("race"));
    await expect(
      engine.up({
        __provider: provider,
        userObjectId: ids.other,
        userPrincipalName: "teams_backup@contoso.com",
        skuPartNumbers: ["SPE_E5"],
        mode: "user",
      }),
    ).rejects.toThrow(
      /Licence SPE_E5 cannot be assigned to teams_backup@contoso.com: the tenant has no free units \(5 of 5 consumed\)\. Fix:/,
    );
    expect(raced).toBe(true);
    expect(emulator.service.log.some((r) => r.path === `/v1.0/users/${ids.other}/assignLicense` && r.status === 400)).toBe(true);
    e5.consumedUnits = saved;
  });

  test("a SKU the tenant does not subscribe to and a user without usage location fail with the key to fix", async () => {
    const unknownSku = new EngineLifecycle(host, urn("unknown-sku"));
    await expect(
      unknownSku.up({
        __provider: provider,
        userObjectId: ids.other,
        userPrincipalName: "teams_backup@contoso.com",
        skuPartNumbers: ["VISIOCLIENT"],
        mode: "user",
      }),
    ).rejects.toThrow(
      /VISIOCLIENT .* is not subscribed in this tenant \(subscribed: SPE_E3, SPE_E5, EXCHANGESTANDARD, POWER_BI_STANDARD\)\. Fix: set accounts\.licensing\.skus/,
    );
    const noLocation = new EngineLifecycle(host, urn("no-location"));
    await expect(
      noLocation.up({
        __provider: provider,
        userObjectId: ids.noLocation,
        userPrincipalName: "onedrive_backup@contoso.com",
        skuPartNumbers: ["SPE_E3"],
        mode: "user",
      }),
    ).rejects.toThrow(/has no usageLocation.*Fix: set accounts\.usageLocation/);
  });

  test("group mode: joins the licensing group, refresh shows a removed membership, up rejoins, destroy leaves", async () => {
    const engine = new EngineLifecycle(host, urn("teams"));
    const inputs = {
      __provider: provider,
      userObjectId: ids.other,
      userPrincipalName: "teams_backup@contoso.com",
      skuPartNumbers: ["SPE_E3"],
      mode: "group",
      groupObjectId: ids.group,
    };
    expect((await engine.up(inputs)).op).toBe("create");
    expect(emulator.tenant.groups.get(ids.group)!.members).toEqual([ids.other]);
    expect(skusOf(ids.other)).toEqual(["SPE_E3"]);
    expect((await engine.up(inputs)).op).toBe("same");

    removeMembershipByHand(emulator, ids.group, ids.other);
    expect((await engine.refresh())!.outputs.groupMember).toBe(false);
    expect((await engine.up(inputs)).op).toBe("update");
    expect(emulator.tenant.groups.get(ids.group)!.members).toEqual([ids.other]);

    await engine.destroy();
    expect(emulator.tenant.groups.get(ids.group)!.members).toEqual([]);
  });

  test("group mode refuses a role-assignable group and a group holding a role, before any membership, naming the fix", async () => {
    const inputs = {
      __provider: provider,
      userObjectId: ids.other,
      userPrincipalName: "teams_backup@contoso.com",
      skuPartNumbers: ["SPE_E3"],
      mode: "group",
      groupObjectId: ids.group,
    };
    const group = emulator.tenant.groups.get(ids.group)!;
    group.isAssignableToRole = true;
    await expect(new EngineLifecycle(host, urn("role-assignable")).up(inputs)).rejects.toThrow(
      /Licensing group .* is role-assignable: its members would get more than licences\. Nothing was changed\./,
    );
    group.isAssignableToRole = false;
    group.roles = ["e8611ab8-c189-46e8-94e1-60213ab1f814"];
    await expect(new EngineLifecycle(host, urn("role-holder")).up(inputs)).rejects.toThrow(
      /holds 1 directory role assignment\(s\) \(e8611ab8-c189-46e8-94e1-60213ab1f814\)/,
    );
    delete group.roles;
    expect(group.members).toEqual([]);
  });

  test("a deleted account drops out of state on refresh; delete tolerates it", async () => {
    const id = "55555555-5555-4555-8555-555555555555";
    emulator.tenant.users.set(id, {
      id,
      userPrincipalName: "gone@contoso.com",
      displayName: "gone",
      usageLocation: "US",
      accountEnabled: true,
      assignedLicenses: [],
      memberOf: [],
    });
    const engine = new EngineLifecycle(host, urn("gone"));
    await engine.up({
      __provider: provider,
      userObjectId: id,
      userPrincipalName: "gone@contoso.com",
      skuPartNumbers: ["SPE_E5"],
      mode: "user",
    });
    const state = engine.state!;
    emulator.tenant.users.delete(id);
    await expect(host.delete(state.id, urn("gone"), state.outputs)).resolves.toBeUndefined();
    expect(await engine.refresh()).toBeUndefined();
  });

  test("throttled writes (429 with Retry-After) are retried by the Graph client and succeed", () => {
    const throttled = emulator.service.log.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    for (const t of throttled) {
      const retried = emulator.service.log.find(
        (r) => r.method === t.method && r.path === t.path && r !== t && emulator.service.log.indexOf(r) > emulator.service.log.indexOf(t),
      );
      expect(retried?.status).toEqual(expect.any(Number));
      expect(retried?.status).not.toBe(429);
    }
  });

  test("diff: another account or group replaces (create first), a SKU change updates in place", async () => {
    const olds = {
      userObjectId: ids.user,
      userPrincipalName: "a@contoso.com",
      skuPartNumbers: ["SPE_E3"],
      mode: "user",
      skuIds: { SPE_E3: ids.e3 },
      __provider: provider,
    };
    expect(await host.diff("x", urn("d"), olds, { ...olds, userObjectId: ids.other })).toEqual({
      changes: "some",
      replaces: ["userObjectId"],
      deleteBeforeReplace: false,
    });
    expect(await host.diff("x", urn("d"), olds, { ...olds, skuPartNumbers: ["SPE_E3", "SPE_E5"] })).toEqual({
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await host.diff("x", urn("d"), olds, { ...olds, skuPartNumbers: ["SPE_E3"] })).toEqual({
      changes: "none",
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  test("check names the bad key, passes preview's unknown placeholder and requires the group in group mode", async () => {
    const ok = await host.check(
      urn("c"),
      {},
      {
        __provider: provider,
        userObjectId: unknownValue,
        userPrincipalName: "a@contoso.com",
        skuPartNumbers: [unknownValue],
        mode: "user",
      },
    );
    expect(ok.failures).toEqual([]);
    const bad = await host.check(
      urn("c"),
      {},
      { __provider: provider, userObjectId: "not-a-guid", userPrincipalName: "a@contoso.com", skuPartNumbers: ["spe e3"], mode: "group" },
    );
    expect(bad.failures.map((f) => f.property).sort()).toEqual(["groupObjectId", "skuPartNumbers.0", "userObjectId"]);
    expect(bad.failures.find((f) => f.property === "userObjectId")!.reason).toMatch(/userObjectId = "not-a-guid": must be a GUID/);
    expect(bad.failures.find((f) => f.property === "skuPartNumbers.0")!.reason).toMatch(/skuPartNumbers\.0 = .*SKU part number/);
    expect(bad.failures.find((f) => f.property === "groupObjectId")!.reason).toMatch(
      /groupObjectId = undefined: is required when mode is group/,
    );
  });

  test("the serialized provider is thin: it loads the run-time module instead of capturing clients or schemas", () => {
    expect(provider).toContain("infra/licensing/licence-assignment-runtime.ts");
    for (const captured of ["createGraphClient", "GraphLicensingClient", "safeParse", "credentialFromEnvironment", "ZodObject"])
      expect(provider).not.toContain(captured);
    expect(provider.length).toBeLessThan(12000);
  });

  test("tokens never reach the serialized provider or the host's logs", () => {
    const issued = emulator.service.log.length > 0;
    expect(issued).toBe(true);
    expect(emulator.tokenRequests).toBeGreaterThan(0);
    expect(provider).not.toContain(emulator.identityHeader);
    expect(host.logs).not.toMatch(/emu\.[A-Za-z0-9_-]{20,}/);
    expect(host.logs).not.toContain(emulator.identityHeader);
  });
});
