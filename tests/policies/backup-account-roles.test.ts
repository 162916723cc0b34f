import { backupAccountRoles } from "../../policies/backup-account-roles";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import { mutate, recorded, violationsOfStack } from "./policy-harness";
import { goodStack, isAccountUser, types } from "./stack-fixtures";

const globalAdmin = "62e90394-69f5-4237-9190-012177145e10";
const objectIdOf = (stack: RecordedResource[], service: string) => String(stack.find(isAccountUser(service))!.outputs.objectId);

describe("backup-account-roles", () => {
  it("passes the dev stack (the guide's role map)", async () => {
    expect(await violationsOfStack(backupAccountRoles, await goodStack())).toEqual([]);
  });

  it("fails when an account gets a role outside its service's map", async () => {
    const stack = await goodStack();
    const extra = recorded(types.role, "teams-extra-role", { roleId: globalAdmin, principalObjectId: objectIdOf(stack, "groupsTeams") });
    expect(await violationsOfStack(backupAccountRoles, [...stack, extra])).toEqual([
      "Backup account teams_backup@contoso.com (groupsTeams) is assigned Global Administrator (62e90394-69f5-4237-9190-012177145e10); the guide maps groupsTeams to Teams Administrator (69091246-20e8-4a56-aa4d-066075b2a7a8) only. Remove the assignment teams-extra-role.",
    ]);
  });

  it("fails when an account holds no role", async () => {
    const stack = (await goodStack()).filter((r) => !(r.type === types.role && r.name.startsWith("contoso-identities-onedrive-")));
    expect(await violationsOfStack(backupAccountRoles, stack)).toEqual([
      expect.stringMatching(
        /^Backup account onedrive_backup@contoso\.com \(onedrive\) holds no directory role; it needs SharePoint Administrator/,
      ),
    ]);
  });

  it("follows the configured role map", async () => {
    const stack = mutate(
      await goodStack(),
      (r) => r.type === types.role && r.name.startsWith("contoso-identities-sharepoint-"),
      (r) => ({ outputs: { ...r.outputs, roleId: "fe930be7-5e62-47db-91af-98c3a49a38b1" } }),
    );
    expect(await violationsOfStack(backupAccountRoles, stack)).toHaveLength(1);
    const allowed = { sharepoint: ["f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "fe930be7-5e62-47db-91af-98c3a49a38b1"] };
    expect(await violationsOfStack(backupAccountRoles, stack, { allowedRoleTemplateIds: allowed })).toEqual([]);
  });
});
