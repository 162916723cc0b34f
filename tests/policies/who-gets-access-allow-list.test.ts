import { PolicyAnalyzer, PolicyViolation } from "../../tools/gate/policy-analyzer-client";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import { mutate, recorded } from "./policy-harness";
import { goodStack, startDevPack, types } from "./stack-fixtures";

/** The values that decide who gets a tenant, each from the reviewed list in policies/access-allow-list.json. */
let analyzer: PolicyAnalyzer;
beforeAll(async () => (analyzer = await startDevPack()), 60000);
afterAll(() => analyzer?.stop());

const stranger = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const policy = "who-gets-access-allow-list";
const vault =
  "urn:pulumi:dev::m365-backup::m365-backup:onboarding:TenantOnboarding$m365-backup:identities:BackupIdentities$m365-backup:identities:BackupPasswordVault::contoso-identities-passwords";
const customerApp =
  "urn:pulumi:dev::m365-backup::m365-backup:onboarding:TenantOnboarding$m365-backup:identities:BackupIdentities$m365-backup:identities:CustomerBackupApp::contoso-identities-app";
const ofPolicy = (vs: PolicyViolation[]) => vs.filter((v) => v.policyName === policy).map((v) => [v.enforcementLevel, v.message]);

const cases: [string, (s: RecordedResource[]) => RecordedResource[], RegExp][] = [
  [
    "a vendor app nobody reviewed",
    (s) =>
      mutate(
        s,
        (r) => r.type === types.sp,
        (r) => ({ inputs: { ...r.inputs, clientId: stranger } }),
      ),
    new RegExp(`consents to the app ${stranger} \\(consent\\.vendorAppId or consent\\.vendorApps\\), which is not on the reviewed list`),
  ],
  [
    "a federated identity nobody reviewed on the customer-owned app",
    (s) => [
      ...s,
      recorded(
        "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
        "fic",
        { applicationId: "x", issuer: "https://token.actions.githubusercontent.com", subject: "repo:attacker/repo:ref:refs/heads/main" },
        { parent: customerApp },
      ),
    ],
    /trusts tokens of issuer https:\/\/token\.actions\.githubusercontent\.com with subject repo:attacker\/repo:ref:refs\/heads\/main, which is not a reviewed federated identity/,
  ],
  [
    "a password reader nobody reviewed",
    (s) => [
      ...s,
      recorded(
        "azure-native:authorization:RoleAssignment",
        "reader",
        {
          principalId: stranger,
          roleDefinitionId: "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6",
          scope: "/vaults/kv",
        },
        { parent: vault },
      ),
    ],
    new RegExp(`lets ${stranger} read the backup accounts' passwords .* not on the reviewed list of readers`),
  ],
  [
    "a licensing group nobody reviewed",
    (s) =>
      mutate(
        s,
        (r) => r.type === types.licence,
        (r) => ({ inputs: { ...r.inputs, mode: "group", groupObjectId: stranger } }),
      ),
    new RegExp(`member of group ${stranger} \\(accounts\\.licensing\\.groupObjectId\\), which is not a reviewed licensing group`),
  ],
];

describe("who-gets-access-allow-list over gRPC", () => {
  it("passes the dev stack, whose values are on the reviewed lists", async () => {
    expect(ofPolicy(await analyzer.analyzeDeployment(await goodStack()))).toEqual([]);
  });

  it.each(cases)("fails %s as a mandatory violation, naming the value and the fix", async (_label, change, message) => {
    const found = ofPolicy(await analyzer.analyzeDeployment(change([...(await goodStack())])));
    expect(found.length).toBeGreaterThan(0);
    for (const [level] of found) expect(level).toBe("mandatory");
    expect(found.map(([, m]) => m)).toContainEqual(expect.stringMatching(message));
    expect(found[0][1]).toMatch(/add it to policies\/access-allow-list\.json in a change the security reviewers approve/);
  });
});
