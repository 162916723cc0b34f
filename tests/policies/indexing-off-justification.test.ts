import { indexingOffJustification } from "../../policies/indexing-off-justification";
import { violationsOfResource } from "./policy-harness";
import { exchangeTask } from "./backup-task-settings.fixtures";

describe("indexing-off-justification", () => {
  it("passes a task that indexes, and one off with a written reason", async () => {
    expect(await violationsOfResource(indexingOffJustification, await exchangeTask())).toEqual([]);
    const justified = await exchangeTask({
      indexForSearch: false,
      indexingOffJustification: "Data-handling policy DH-7 forbids decrypted indexing (ticket 4411).",
    });
    expect(await violationsOfResource(indexingOffJustification, justified)).toEqual([]);
  });

  it("fails indexing off without a justification", async () => {
    const task = await exchangeTask({ indexForSearch: false });
    expect(await violationsOfResource(indexingOffJustification, task)).toEqual([
      `Backup task ${task.name} turns indexing for search off without a justification; write why (at least 20 characters) in m365-backup:backupTasks.defaults.indexingOffJustification.`,
    ]);
  });

  it("fails a justification shorter than the organisation's minimum", async () => {
    const task = await exchangeTask({ indexForSearch: false, indexingOffJustification: "Policy says so, see DH-7." });
    expect(await violationsOfResource(indexingOffJustification, task, { minJustificationLength: 40 })).toEqual([
      expect.stringContaining("with a justification of only 25 characters; write why (at least 40 characters)"),
    ]);
  });
});
