import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import { permissionsFor } from "../../infra/identity/backup-app-permissions";
import { oneBackupAppPerWorkload } from "../../policies/one-backup-app-per-workload";
import { violationsOfStack } from "../policies/policy-harness";
import { secondVendorAppId, twoAppConfig } from "../policies/stack-fixtures";
import { devStackConfig, ofType, ProgramRun, runProgram } from "../harness/program-under-mocks";

const T = {
  consent: "m365-backup:identities:BackupAppConsent",
  account: "m365-backup:identities:BackupServiceAccount",
  user: "azuread:index/user:User",
  sp: "azuread:index/servicePrincipal:ServicePrincipal",
  appRole: "azuread:index/appRoleAssignment:AppRoleAssignment",
  grant: "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
};
const consentTypes = new Set([T.consent, T.sp, T.appRole, T.grant]);

async function run(config: Record<string, unknown>): Promise<ProgramRun> {
  const result = await runProgram(config);
  if (result.error) throw result.error;
  return result;
}

const under = (resources: RecordedResource[], consent: RecordedResource, type: string) =>
  resources.filter((r) => r.parent === consent.urn && r.type === type);
/** The permission words in an app role assignment's name: <consent>-<api>-<permission slug>. */
const appRoleWords = (resources: RecordedResource[], consent: RecordedResource) =>
  under(resources, consent, T.appRole)
    .map((r) => r.name.slice(consent.name.length + 1))
    .sort();
const slug = (p: { resource: string; value: string }) =>
  `${{ microsoftGraph: "graph", sharePointOnline: "sharepoint-online", exchangeOnline: "exchange-online" }[p.resource]}-${p.value.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
const expectedAppRoles = (services: string[]) =>
  permissionsFor(services as never, { backupPublicFolders: false })
    .filter((p) => p.kind === "application")
    .map(slug)
    .sort();

let single: ProgramRun;
let split: ProgramRun;
beforeAll(async () => {
  [single, split] = await Promise.all([run(devStackConfig()), run(twoAppConfig())]);
});

describe("the vendor's two apps (CloudAlly: Exchange and Teams/Groups; SharePoint and OneDrive)", () => {
  test("each app is consented to exactly its workloads' application permissions", () => {
    const consents = ofType(split.resources, T.consent);
    expect(consents.map((c) => [c.name, c.inputs.appId, c.inputs.services])).toEqual(
      expect.arrayContaining([
        ["contoso-identities-consent", "9c1f8e2a-7b3d-4a6c-8e5f-0a1b2c3d4e5f", ["exchange", "groupsTeams"]],
        ["contoso-identities-consent-sharepoint-onedrive", secondVendorAppId, ["sharepoint", "onedrive"]],
      ]),
    );
    expect(consents).toHaveLength(2);
    const [mail, files] = ["contoso-identities-consent", "contoso-identities-consent-sharepoint-onedrive"].map(
      (n) => consents.find((c) => c.name === n)!,
    );
    expect(appRoleWords(split.resources, mail)).toEqual(expectedAppRoles(["exchange", "groupsTeams"]));
    expect(appRoleWords(split.resources, files)).toEqual(expectedAppRoles(["sharepoint", "onedrive"]));
    // SharePoint Online's full control goes to the files app only; mail to the mail app only.
    expect(appRoleWords(split.resources, files)).toContain("sharepoint-online-sites-fullcontrol-all");
    expect(appRoleWords(split.resources, mail)).not.toContain("sharepoint-online-sites-fullcontrol-all");
    expect(appRoleWords(split.resources, files)).not.toContain("graph-mail-readwrite");
  });

  test("each app's principal is its own vendor app, and only its services' accounts sign in to it", () => {
    const consents = ofType(split.resources, T.consent);
    for (const consent of consents) {
      const [sp] = under(split.resources, consent, T.sp);
      expect(sp.inputs.clientId).toBe(consent.inputs.appId);
      const grantWords = under(split.resources, consent, T.grant).map((g) => g.name.split("-grant-")[1]);
      const words = (consent.inputs.services as string[]).map((s) => (s === "groupsTeams" ? "teams" : s));
      expect([...new Set(grantWords)].sort()).toEqual([...words].sort());
      for (const r of [...under(split.resources, consent, T.appRole), ...under(split.resources, consent, T.grant)]) {
        expect(r.inputs.principalObjectId ?? r.inputs.servicePrincipalObjectId).toBe(sp.outputs.objectId);
      }
    }
  });

  test("the policy pack's one-app-per-workload rule passes the split stack", async () => {
    expect(await violationsOfStack(oneBackupAppPerWorkload, split.resources)).toEqual([]);
  });

  test("a one-app stack that gains the second app keeps every grant that stays the same: same URN, same inputs", () => {
    const before = new Map(single.resources.filter((r) => consentTypes.has(r.type)).map((r) => [r.urn, r]));
    const after = new Map(split.resources.filter((r) => consentTypes.has(r.type)).map((r) => [r.urn, r]));
    const kept = [...before.keys()].filter((urn) => after.has(urn));
    const changed = kept.filter((urn) => JSON.stringify(before.get(urn)!.inputs) !== JSON.stringify(after.get(urn)!.inputs));
    // Only the consent component's own record of its services changes; no grant, principal or assignment.
    expect(changed.map((urn) => before.get(urn)!.type)).toEqual([T.consent]);
    // What left the first app is exactly what only SharePoint and OneDrive needed, and their accounts' grants.
    const gone = [...before.values()].filter((r) => !after.has(r.urn)).map((r) => r.name.replace("contoso-identities-consent-", ""));
    expect(gone.sort()).toEqual(
      [
        ...expectedAppRoles(["exchange", "sharepoint", "onedrive", "groupsTeams"]).filter(
          (p) => !expectedAppRoles(["exchange", "groupsTeams"]).includes(p),
        ),
        "graph-grant-sharepoint",
        "graph-grant-onedrive",
      ].sort(),
    );
    expect(gone.length).toBeGreaterThan(2);
  });
});
