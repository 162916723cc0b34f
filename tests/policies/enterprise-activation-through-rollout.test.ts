import { enterpriseActivationThroughRollout } from "../../policies/enterprise-activation-through-rollout";
import { mutate, violationsOfStack } from "./policy-harness";
import { goodStack, isTask, types } from "./stack-fixtures";

describe("enterprise-activation-through-rollout", () => {
  it("passes the enterprise dev stack: tasks hold back, the rollout activates", async () => {
    expect(await violationsOfStack(enterpriseActivationThroughRollout, await goodStack())).toEqual([]);
  });

  it("fails an enterprise stack without a rollout", async () => {
    const stack = (await goodStack()).filter((r) => r.type !== types.rollout);
    expect(await violationsOfStack(enterpriseActivationThroughRollout, stack)).toEqual([
      expect.stringMatching(
        /^The tenant is enterprise and has 4 backup task\(s\) \(.*\) but no ActivationRollout; activation must go through the rollout \(m365-backup:rollout\)\.$/,
      ),
    ]);
  });

  it("fails an enterprise task that auto-activates new entities", async () => {
    const stack = mutate(await goodStack(), isTask("onedrive"), (r) => {
      const settings = { ...(r.outputs.settings as object), autoActivateNew: true };
      return { inputs: { ...r.inputs, settings }, outputs: { ...r.outputs, settings } };
    });
    expect(await violationsOfStack(enterpriseActivationThroughRollout, stack)).toEqual([
      expect.stringMatching(
        /^Backup task \S+ auto-activates new entities on an enterprise tenant; set m365-backup:backupTasks\.defaults\.autoActivateNew to false/,
      ),
    ]);
  });

  it("does not apply to a small tenant", async () => {
    const stack = mutate(
      await goodStack(),
      (r) => r.type === types.backupTask,
      (r) => ({ outputs: { ...r.outputs, enterprise: false } }),
    ).filter((r) => r.type !== types.rollout);
    expect(await violationsOfStack(enterpriseActivationThroughRollout, stack)).toEqual([]);
  });
});
