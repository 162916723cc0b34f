import { oneBackupAccountPerService } from "../../policies/one-backup-account-per-service";
import { mutate, recorded, violationsOfStack } from "./policy-harness";
import { goodStack, isAccountUser, types } from "./stack-fixtures";

describe("one-backup-account-per-service", () => {
  it("passes the dev stack: four accounts, one per service", async () => {
    expect(await violationsOfStack(oneBackupAccountPerService, await goodStack())).toEqual([]);
  });

  it("fails when one account serves two services", async () => {
    const stack = mutate(await goodStack(), isAccountUser("onedrive"), (r) => ({
      outputs: { ...r.outputs, userPrincipalName: "sharepoint_backup@contoso.com" },
    }));
    expect(await violationsOfStack(oneBackupAccountPerService, stack)).toEqual([
      expect.stringMatching(
        /^Backup account sharepoint_backup@contoso\.com is shared by sharepoint and onedrive; .*namingPattern must contain \{service\}/,
      ),
    ]);
  });

  it("fails when a service has a second account", async () => {
    const extra = recorded(types.user, "second-exchange", {
      employeeType: "backup-service-account",
      jobTitle: "Backup service account: exchange",
      userPrincipalName: "exchange2@contoso.com",
    });
    expect(await violationsOfStack(oneBackupAccountPerService, [...(await goodStack()), extra])).toEqual([
      "2 backup accounts serve exchange (exchange_backup@contoso.com, exchange2@contoso.com); keep exactly one account per service.",
    ]);
  });

  it("fails for a backup account that names no service", async () => {
    const stack = mutate(await goodStack(), isAccountUser("groupsTeams"), (r) => ({ outputs: { ...r.outputs, jobTitle: "Backup" } }));
    expect(await violationsOfStack(oneBackupAccountPerService, stack)).toEqual([
      expect.stringMatching(/^Backup account teams_backup@contoso\.com names no backup service in its jobTitle/),
    ]);
  });
});
