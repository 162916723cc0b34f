import { exchangeGlobalAdminBootstrapOnly } from "../../policies/exchange-global-admin-bootstrap-only";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import { mutate, recorded, violationsOfStack } from "./policy-harness";
import { goodStack, isAccountUser, isTask, types } from "./stack-fixtures";

const roleSchedule = "pulumi-nodejs:dynamic/m365-backup:DirectoryRoleAssignmentSchedule";
const connected = (stack: RecordedResource[]) =>
  mutate(stack, isTask("exchange"), (r) => ({ outputs: { ...r.outputs, connectionState: "connected" } }));

describe("exchange-global-admin-bootstrap-only", () => {
  it("passes Global Admin on the Exchange account while its task is not connected (bootstrap)", async () => {
    expect(await violationsOfStack(exchangeGlobalAdminBootstrapOnly, await goodStack())).toEqual([]);
  });

  it("flags Global Admin once the Exchange task is connected", async () => {
    expect(await violationsOfStack(exchangeGlobalAdminBootstrapOnly, connected(await goodStack()))).toEqual([
      "The Exchange backup task is connected, yet exchange_backup@contoso.com still holds Global Administrator. Demote it: set m365-backup:exchange.rolePhase to steady (Exchange Administrator) and apply.",
    ]);
  });

  it("passes a connected task after the demotion to Exchange Administrator", async () => {
    const stack = connected(await goodStack());
    const exchange = String(stack.find(isAccountUser("exchange"))!.outputs.objectId);
    const demoted = [
      ...stack.filter((r) => r.type !== roleSchedule),
      recorded(types.role, "contoso-identities-exchange-role-exchange-administrator", {
        roleId: "29232cdf-9323-42fd-ade2-1d097af3e4de",
        principalObjectId: exchange,
      }),
    ];
    expect(await violationsOfStack(exchangeGlobalAdminBootstrapOnly, demoted)).toEqual([]);
  });

  it("flags Global Admin on the Exchange account outside the bootstrap phase", async () => {
    const stack = mutate(
      await goodStack(),
      (r) => r.type === "m365-backup:identities:BackupServiceAccount" && r.name === "contoso-identities-exchange",
      (r) => ({
        inputs: { ...r.inputs, rolePhase: "steady" },
        outputs: { ...r.outputs, rolePhase: "steady" },
      }),
    );
    expect(await violationsOfStack(exchangeGlobalAdminBootstrapOnly, stack)).toEqual([
      "exchange_backup@contoso.com holds Global Administrator outside the bootstrap phase (exchange.rolePhase is steady); remove contoso-identities-exchange-role-global-administrator.",
    ]);
  });

  it("flags Global Admin given to a principal that is no backup account", async () => {
    const extra = recorded(types.role, "stranger-ga", {
      roleId: "62e90394-69f5-4237-9190-012177145e10",
      principalObjectId: "99999999-9999-4999-8999-999999999999",
    });
    expect(await violationsOfStack(exchangeGlobalAdminBootstrapOnly, [...(await goodStack()), extra])).toEqual([
      expect.stringMatching(
        /^stranger-ga gives Global Administrator \(62e90394-69f5-4237-9190-012177145e10\) to 99999999-9999-4999-8999-999999999999, which is not a backup account of this stack/,
      ),
    ]);
  });

  it("flags Global Admin on any other backup account", async () => {
    const stack = await goodStack();
    const principal = String(stack.find(isAccountUser("sharepoint"))!.outputs.objectId);
    const extra = recorded(types.role, "sharepoint-ga", { roleId: "62e90394-69f5-4237-9190-012177145e10", principalObjectId: principal });
    expect(await violationsOfStack(exchangeGlobalAdminBootstrapOnly, [...stack, extra])).toEqual([
      "Backup account sharepoint_backup@contoso.com (sharepoint) holds Global Administrator; only the Exchange account may, and only in the bootstrap phase.",
    ]);
  });
});
