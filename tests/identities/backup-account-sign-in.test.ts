import { ofType, runProgram, withConfig } from "./program-under-mocks";

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
      expect(p.inputs).toMatchObject({ lifetimeMinutes: 120, retired: false });
      expect(p.additionalSecretOutputs).toEqual(["temporaryAccessPass"]);
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

  it("declares nothing by default", async () => {
    const run = await runProgram(withConfig({ "m365-backup:signIn": undefined }));
    expect(ofType(run.resources, types.pass)).toEqual([]);
    expect(ofType(run.resources, types.conditionalAccess)).toEqual([]);
  });
});
