import { consentScopesAllowList, consentScopesDefaults } from "../../policies/consent-scopes-allow-list";
import { applicationPermissionIds } from "../../policies/well-known-permissions";
import { recorded, violationsOfResource } from "./policy-harness";
import { goodStack, types } from "./stack-fixtures";

const graph = "00000003-0000-0000-c000-000000000000";
const appRoleId = (value: string) =>
  Object.entries(applicationPermissionIds).find(([, p]) => p.value === value && p.resourceAppId === graph)![0];
const anAssignment = async () => (await goodStack()).find((r) => r.type === "azuread:index/appRoleAssignment:AppRoleAssignment")!;

describe("consent-scopes-allow-list", () => {
  it("passes every app role assignment and delegated grant of the dev stack, read from the resources", async () => {
    const grants = (await goodStack()).filter(
      (x) => x.type === "azuread:index/appRoleAssignment:AppRoleAssignment" || x.type === types.grant,
    );
    expect(grants.length).toBeGreaterThan(10);
    for (const r of grants) expect(await violationsOfResource(consentScopesAllowList, r)).toEqual([]);
  });

  it("fails an app role assignment of a permission not on the list, named from Microsoft's published id", async () => {
    const a = await anAssignment();
    const bad = { ...a, inputs: { ...a.inputs, appRoleId: appRoleId("Directory.Read.All") } };
    expect(await violationsOfResource(consentScopesAllowList, bad)).toEqual([
      `App role assignment ${a.name} grants the application permission Directory.Read.All on resource app ${graph}, which is not on the allow-list. ` +
        "Remove the grant, or get the consent-scopes-allow-list policy's allow-list reviewed (privileged permissions are refused whatever the list says).",
    ]);
  });

  it("fails a privileged permission even when a configured allow-list names it", async () => {
    const a = await anAssignment();
    const bad = { ...a, inputs: { ...a.inputs, appRoleId: appRoleId("RoleManagement.ReadWrite.Directory") } };
    const widened = { ...consentScopesDefaults.allowedApplicationPermissions, [graph]: ["RoleManagement.ReadWrite.Directory"] };
    expect(await violationsOfResource(consentScopesAllowList, bad, { allowedApplicationPermissions: widened })).toEqual([
      expect.stringMatching(
        /grants the privileged application permission RoleManagement\.ReadWrite\.Directory; a backup app never needs it/,
      ),
    ]);
  });

  it("fails an app role id it cannot name (fail closed)", async () => {
    const a = await anAssignment();
    const bad = { ...a, inputs: { ...a.inputs, appRoleId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" } };
    expect(await violationsOfResource(consentScopesAllowList, bad)).toEqual([
      expect.stringContaining("unknown application permission id aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"),
    ]);
  });

  it("fails a delegated grant with a scope not on the list, and a privileged one", async () => {
    const grant = (await goodStack()).find((r) => r.type === types.grant)!;
    const bad = { ...grant, inputs: { ...grant.inputs, claimValues: ["User.Read", "Mail.Send", "Directory.AccessAsUser.All"] } };
    expect(await violationsOfResource(consentScopesAllowList, bad)).toEqual([
      expect.stringMatching(
        new RegExp(`^Delegated grant ${grant.name} consents to Mail\\.Send, which is not on the allow-list of delegated scopes\\.`),
      ),
      expect.stringMatching(
        new RegExp(`^Delegated grant ${grant.name} consents to the privileged delegated scope Directory\\.AccessAsUser\\.All\\.`),
      ),
    ]);
  });

  it("reads an app registration's required resource access: a privileged role there fails too", async () => {
    const app = recorded("azuread:index/application:Application", "x", {
      requiredResourceAccesses: [
        {
          resourceAppId: graph,
          resourceAccesses: [
            { id: appRoleId("Mail.ReadWrite"), type: "Role" },
            { id: appRoleId("Application.ReadWrite.All"), type: "Role" },
          ],
        },
      ],
    });
    expect(await violationsOfResource(consentScopesAllowList, app)).toEqual([
      expect.stringMatching(/privileged application permission Application\.ReadWrite\.All/),
    ]);
  });

  it("follows a configured allow-list", async () => {
    const a = await anAssignment();
    const bad = { ...a, inputs: { ...a.inputs, appRoleId: appRoleId("Directory.Read.All") } };
    const widened = {
      ...consentScopesDefaults.allowedApplicationPermissions,
      [graph]: [...consentScopesDefaults.allowedApplicationPermissions[graph], "Directory.Read.All"],
    };
    expect(await violationsOfResource(consentScopesAllowList, bad, { allowedApplicationPermissions: widened })).toEqual([]);
  });
});
