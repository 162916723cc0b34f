import { exchangeGlobalAdminBootstrapOnly } from "../../policies/exchange-global-admin-bootstrap-only";
import type { RecordedResource } from "../../infra/offline/recording-monitor";
import { mutate, recorded, violationsOfStack } from "./policy-harness";
import { goodStack, isAccountUser, isTask, types } from "./stack-fixtures";

const connected = (stack: RecordedResource[]) => mutate(stack, isTask("exchange"), (r) => ({ outputs: { ...r.outputs, connectionState: "connected" } }));

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
    const stack = mutate(connected(await goodStack()), (r) => r.type === types.role && r.name.startsWith("contoso-identities-exchange-"), (r) => ({
      outputs: { ...r.outputs, roleId: "29232cdf-9323-42fd-ade2-1d097af3e4de" },
    }));
    expect(await violationsOfStack(exchangeGlobalAdminBootstrapOnly, stack)).toEqual([]);
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
