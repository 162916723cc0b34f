import { consentScopesAllowList, consentScopesDefaults } from "../../policies/consent-scopes-allow-list";
import type { RecordedResource } from "../../infra/offline/recording-monitor";
import { violationsOfResource } from "./policy-harness";
import { goodStack, types } from "./stack-fixtures";

const graph = "00000003-0000-0000-c000-000000000000";
const consentOf = async () => (await goodStack()).find((r) => r.type === types.consent)!;
const withPermission = (consent: RecordedResource, p: { resourceAppId: string; kind: string; value: string }): RecordedResource => ({
  ...consent,
  inputs: { ...consent.inputs, permissions: [...(consent.inputs.permissions as unknown[]), p] },
});

describe("consent-scopes-allow-list", () => {
  it("passes every consent and grant of the dev stack", async () => {
    for (const r of (await goodStack()).filter((x) => x.type === types.consent || x.type === types.grant)) {
      expect(await violationsOfResource(consentScopesAllowList, r)).toEqual([]);
    }
  });

  it("fails an application permission that is not on the list", async () => {
    const bad = withPermission(await consentOf(), { resourceAppId: graph, kind: "application", value: "Directory.ReadWrite.All" });
    expect(await violationsOfResource(consentScopesAllowList, bad)).toEqual([
      "The backup app's consent includes the application permission Directory.ReadWrite.All on resource app 00000003-0000-0000-c000-000000000000, which is not on the allow-list; remove it from infra/identity/backup-app-permissions.ts or get the policy's allow-list reviewed.",
    ]);
  });

  it("fails a delegated scope allowed only as an application permission", async () => {
    const bad = withPermission(await consentOf(), { resourceAppId: graph, kind: "delegated", value: "Mail.ReadWrite" });
    expect(await violationsOfResource(consentScopesAllowList, bad)).toEqual([expect.stringContaining("the delegated permission Mail.ReadWrite on resource app")]);
  });

  it("fails a delegated grant with a scope not on the list", async () => {
    const grant = (await goodStack()).find((r) => r.type === types.grant)!;
    const bad = { ...grant, inputs: { ...grant.inputs, claimValues: ["User.Read", "Directory.AccessAsUser.All"] } };
    expect(await violationsOfResource(consentScopesAllowList, bad)).toEqual([`Delegated grant ${grant.name} consents to Directory.AccessAsUser.All, which is not on the allow-list of delegated scopes.`]);
  });

  it("follows a configured allow-list", async () => {
    const bad = withPermission(await consentOf(), { resourceAppId: graph, kind: "application", value: "AuditLog.Read.All" });
    const widened = { ...consentScopesDefaults.allowedApplicationPermissions, [graph]: [...consentScopesDefaults.allowedApplicationPermissions[graph], "AuditLog.Read.All"] };
    expect(await violationsOfResource(consentScopesAllowList, bad, { allowedApplicationPermissions: widened })).toEqual([]);
  });
});
