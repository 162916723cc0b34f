import { backupAccountsLicensed } from "../../policies/backup-accounts-licensed";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import { mutate, unknown, violationsOfStack } from "./policy-harness";
import { goodStack, publicFoldersStack, types } from "./stack-fixtures";

const isLicence = (service: string) => (r: RecordedResource) => r.type === types.licence && r.name.endsWith(`-${service}-licence`);
const withoutLicence = (stack: RecordedResource[], service: string) => stack.filter((r) => !isLicence(service)(r));
const withoutPublicFolders = (stack: RecordedResource[]) =>
  stack.filter((r) => !(r.type === types.grant && JSON.stringify(r.outputs).includes("EWS.AccessAsUser.All")));

describe("backup-accounts-licensed", () => {
  it("passes the dev stack (every account licensed)", async () => {
    expect(await violationsOfStack(backupAccountsLicensed, await goodStack())).toEqual([]);
  });

  it("fails for an unlicensed SharePoint account", async () => {
    expect(await violationsOfStack(backupAccountsLicensed, withoutLicence(await goodStack(), "sharepoint"))).toEqual([
      "Backup account sharepoint_backup@contoso.com (sharepoint) has no licence: the guide asks for a licensed account. Set m365-backup:accounts.licensing.skus.sharepoint (or use group licensing).",
    ]);
  });

  it("fails for a licence assignment with no SKU", async () => {
    const stack = mutate(await goodStack(), isLicence("teams"), (r) => ({ outputs: { ...r.outputs, skuPartNumbers: [] } }));
    expect(await violationsOfStack(backupAccountsLicensed, stack)).toEqual([
      expect.stringMatching(/^Backup account teams_backup@contoso\.com \(groupsTeams\) has no licence/),
    ]);
  });

  it("fails for an unlicensed Exchange account when Public Folders are backed up", async () => {
    expect(await violationsOfStack(backupAccountsLicensed, withoutLicence(await publicFoldersStack(), "exchange"))).toEqual([
      expect.stringContaining(
        "exchange_backup@contoso.com (exchange) has no licence: Public Folders are backed up (the app holds EWS.AccessAsUser.All)",
      ),
    ]);
  });

  it("accepts an unlicensed Exchange account without Public Folders, unless the organisation says always", async () => {
    const stack = withoutPublicFolders(withoutLicence(await publicFoldersStack(), "exchange"));
    expect(await violationsOfStack(backupAccountsLicensed, stack)).toEqual([]);
    expect(await violationsOfStack(backupAccountsLicensed, stack, { exchangeLicence: "always" })).toEqual([
      expect.stringContaining("this organisation requires a licensed Exchange backup account"),
    ]);
  });

  it("links licences by parent while ids are unknown (preview)", async () => {
    const stack = mutate(
      await goodStack(),
      (r) => r.type === types.licence,
      (r) => ({ outputs: { ...r.outputs, userObjectId: unknown, userPrincipalName: unknown } }),
    );
    expect(await violationsOfStack(backupAccountsLicensed, stack)).toEqual([]);
  });
});
