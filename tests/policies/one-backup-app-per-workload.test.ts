import { oneBackupAppPerWorkload } from "../../policies/one-backup-app-per-workload";
import { mutate, recorded, violationsOfStack } from "./policy-harness";
import { goodStack, twoAppStack, types } from "./stack-fixtures";

describe("one-backup-app-per-workload", () => {
  it("passes the dev stack (one vendor app for every workload)", async () => {
    expect(await violationsOfStack(oneBackupAppPerWorkload, await goodStack())).toEqual([]);
  });

  it("passes a vendor with one app per workload (CloudAlly's two apps)", async () => {
    const stack = await twoAppStack();
    expect(stack.filter((r) => r.type === types.consent)).toHaveLength(2);
    expect(await violationsOfStack(oneBackupAppPerWorkload, stack)).toEqual([]);
  });

  it("fails when two apps back up the same workload, in Microsoft's terms", async () => {
    const stack = mutate(
      await twoAppStack(),
      (r) => r.type === types.consent && r.name.endsWith("-sharepoint-onedrive"),
      (r) => ({ outputs: { ...r.outputs, services: ["sharepoint", "onedrive", "exchange"] } }),
    );
    expect(await violationsOfStack(oneBackupAppPerWorkload, stack)).toEqual([
      "The exchange workload is backed up by 2 apps (contoso-identities-consent, contoso-identities-consent-sharepoint-onedrive). " +
        'Microsoft: "Don\'t create separate AppIDs where the applications essentially perform the same operations, such as backup" ' +
        "(docs/facts.md). Give exchange to one app only (consent.vendorApps).",
    ]);
  });

  it("fails when one app is consented twice", async () => {
    const stack = mutate(
      await twoAppStack(),
      (r) => r.type === types.consent && r.name.endsWith("-sharepoint-onedrive"),
      (r) => ({ outputs: { ...r.outputs, appId: "9C1F8E2A-7B3D-4A6C-8E5F-0A1B2C3D4E5F" } }),
    );
    expect(await violationsOfStack(oneBackupAppPerWorkload, stack)).toEqual([
      "The app 9c1f8e2a-7b3d-4a6c-8e5f-0a1b2c3d4e5f is consented 2 times (contoso-identities-consent, contoso-identities-consent-sharepoint-onedrive); consent each app once.",
    ]);
  });

  it("fails for a second app registration without its own consent", async () => {
    const apps = [recorded(types.app, "backup-app-a", { displayName: "a" }), recorded(types.app, "backup-app-b", { displayName: "b" })];
    expect(await violationsOfStack(oneBackupAppPerWorkload, [...(await goodStack()), ...apps])).toEqual([
      "The stack declares 2 app registrations (backup-app-a, backup-app-b) for 1 consent(s); each app registration is a backup app with its own consent. Remove the extra registrations.",
    ]);
  });

  it("fails for a service principal outside a consent, and for a second one inside", async () => {
    const [consent] = (await goodStack()).filter((r) => r.type === types.consent);
    const outside = recorded(types.sp, "exchange-only-sp", { clientId: "11111111-2222-4333-8444-555555555555" });
    const inside = recorded(types.sp, "second-sp", { clientId: "11111111-2222-4333-8444-555555555556" }, { parent: consent.urn });
    expect(await violationsOfStack(oneBackupAppPerWorkload, [...(await goodStack()), outside, inside])).toEqual([
      "The service principal exchange-only-sp is not the principal of a backup app consent; remove it.",
      "The consent contoso-identities-consent holds more than one service principal (contoso-identities-consent-sp, second-sp).",
    ]);
  });

  it("fails when a grant goes to another principal than its consent's, or sits outside any consent", async () => {
    let first = true;
    const stack = mutate(
      await goodStack(),
      (r) => r.type === types.appRole && (first ? !(first = false) : false),
      (r) => ({ outputs: { ...r.outputs, principalObjectId: "99999999-2222-4333-8444-555555555555" } }),
    );
    const stray = recorded(types.grant, "stray-grant", { servicePrincipalObjectId: "99999999-2222-4333-8444-555555555555" });
    expect(await violationsOfStack(oneBackupAppPerWorkload, [...stack, stray])).toEqual([
      expect.stringMatching(
        /^The grant contoso-identities-consent-\S+ goes to the principal 99999999-2222-4333-8444-555555555555, not to its consent's app/,
      ),
      "The grant stray-grant is not part of a backup app consent with a service principal; grant permissions through a consent only.",
    ]);
  });
});
