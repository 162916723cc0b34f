import { backupTaskDeletionProtection } from "../../policies/backup-task-deletion-protection";
import { violationsOfResource } from "./policy-harness";
import { exchangeTask } from "./backup-task-settings.fixtures";

describe("backup-task-deletion-protection", () => {
  it("passes a protected task", async () => {
    expect(await violationsOfResource(backupTaskDeletionProtection, await exchangeTask({}, { protect: true }))).toEqual([]);
  });

  it("fails an unprotected task", async () => {
    const task = await exchangeTask({}, { protect: false });
    expect(await violationsOfResource(backupTaskDeletionProtection, task)).toEqual([
      `Backup task ${task.name} is not protected: a removed line or a destroy would delete the task. Register it with protect: true (the default of BackupTasks).`,
    ]);
  });

  it("says the data goes too when deletion of backup data is allowed", async () => {
    const task = await exchangeTask({}, { protect: false });
    const withDeletion = { ...task, inputs: { ...task.inputs, allowBackupDataDeletion: true } };
    expect(await violationsOfResource(backupTaskDeletionProtection, withDeletion)).toEqual([
      expect.stringContaining("would delete the task and, because allowBackupDataDeletion is true, its backup data."),
    ]);
  });
});
