import { oneBackupAppPerUseCase } from "../../policies/one-backup-app-per-use-case";
import { mutate, recorded, violationsOfStack } from "./policy-harness";
import { goodStack, types } from "./stack-fixtures";

describe("one-backup-app-per-use-case", () => {
  it("passes the dev stack (one vendor app principal)", async () => {
    expect(await violationsOfStack(oneBackupAppPerUseCase, await goodStack())).toEqual([]);
  });

  it("fails for a second app registration", async () => {
    const apps = [recorded(types.app, "backup-app-a", { displayName: "a" }), recorded(types.app, "backup-app-b", { displayName: "b" })];
    expect(await violationsOfStack(oneBackupAppPerUseCase, [...(await goodStack()), ...apps])).toEqual([
      "The stack declares 2 app registrations (backup-app-a, backup-app-b); a backup use case gets one app. Remove the extra registrations.",
    ]);
  });

  it("fails for a second service principal", async () => {
    const extra = recorded(types.sp, "exchange-only-sp", { clientId: "11111111-2222-4333-8444-555555555555" });
    expect(await violationsOfStack(oneBackupAppPerUseCase, [...(await goodStack()), extra])).toEqual([
      expect.stringMatching(
        /^The stack declares 2 service principals \(contoso-identities-consent-sp, exchange-only-sp\); consent goes to the one backup app's principal\.$/,
      ),
    ]);
  });

  it("fails when permissions go to two principals", async () => {
    let first = true;
    const stack = mutate(
      await goodStack(),
      (r) => r.type === types.appRole && (first ? !(first = false) : false),
      (r) => ({ outputs: { ...r.outputs, principalObjectId: "99999999-2222-4333-8444-555555555555" } }),
    );
    expect(await violationsOfStack(oneBackupAppPerUseCase, stack)).toEqual([
      expect.stringMatching(/^Permissions are granted to 2 different principals \(.*99999999-2222-4333-8444-555555555555/),
    ]);
  });
});
