import { ofType, runProgram, withConfig } from "../harness/program-under-mocks";

const types = {
  pass: "pulumi-nodejs:dynamic/m365-backup:TemporaryAccessPass",
  conditionalAccess: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy",
  user: "azuread:index/user:User",
};

describe("the backup accounts' first sign-in (signIn)", () => {
  it("issues one Temporary Access Pass per account while its task waits, and blocks sign-in only once every task is connected", async () => {
    const run = await runProgram(
      withConfig({
        "m365-backup:signIn": { temporaryAccessPass: { enabled: true, lifetimeMinutes: 120 }, blockInteractiveSignIn: "report-only" },
      }),
    );
    expect(run.error).toBeUndefined();
    const users = ofType(run.resources, types.user).map((u) => u.outputs.objectId);
    const passes = ofType(run.resources, types.pass);
    expect(passes.map((p) => p.inputs.userObjectId).sort()).toEqual([...users].sort());
    for (const p of passes) {
      // The pass goes to the vault under the account's own secret name; no output of the resource holds it.
      const word = String(
        ofType(run.resources, types.user).find((u) => u.outputs.objectId === p.inputs.userObjectId)!.inputs.mailNickname,
      ).split("_")[0];
      expect(p.inputs).toMatchObject({
        lifetimeMinutes: 120,
        retired: false,
        vault: { vaultUri: "https://kv-contoso-m365-backup.vault.azure.net/", secretName: `${word}-backup-temporary-access-pass` },
      });
      expect(Object.keys(p.outputs)).not.toContain("temporaryAccessPass");
    }
    const [policy] = ofType(run.resources, types.conditionalAccess);
    expect(policy.inputs).toMatchObject({
      // The dev stack's tasks wait for their sign-in: the block stays off until they are connected.
      state: "disabled",
      conditions: {
        users: { includedUsers: expect.arrayContaining(users) },
        applications: { includedApplications: ["All"] },
        clientAppTypes: ["all"],
      },
      grantControls: { operator: "OR", builtInControls: ["block"] },
    });
    // Never an exclusion from MFA: the policy only ever blocks.
    expect(JSON.stringify(policy.inputs)).not.toMatch(/excluded|mfa/i);
  });

  it("refuses a pass without a Key Vault, the only place a pass may go", async () => {
    const run = await runProgram(withConfig({ "m365-backup:keyVault": undefined }));
    expect(run.error?.message).toMatch(/signIn\.temporaryAccessPass\.enabled = true: is true but keyVault is not configured/);
    expect(run.resources.filter((r) => r.custom)).toEqual([]);
  });

  it("declares nothing by default", async () => {
    const run = await runProgram(withConfig({ "m365-backup:signIn": undefined }));
    expect(ofType(run.resources, types.pass)).toEqual([]);
    expect(ofType(run.resources, types.conditionalAccess)).toEqual([]);
  });
});
