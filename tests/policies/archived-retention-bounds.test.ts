import { archivedRetentionBounds } from "../../policies/archived-retention-bounds";
import { violationsOfResource } from "./policy-harness";
import { exchangeTask } from "./backup-task-settings.fixtures";

describe("archived-retention-bounds", () => {
  it("passes 365 days and forever with the defaults", async () => {
    expect(await violationsOfResource(archivedRetentionBounds, await exchangeTask({ retainArchivedDays: 365 }))).toEqual([]);
    expect(await violationsOfResource(archivedRetentionBounds, await exchangeTask({ retainArchivedDays: "forever" }))).toEqual([]);
  });

  it("fails a retention below the minimum", async () => {
    const task = await exchangeTask({ retainArchivedDays: 7 });
    expect(await violationsOfResource(archivedRetentionBounds, task)).toEqual([
      `Backup task ${task.name} retains auto-archived backups 7 days; this organisation requires 30 to 3650 days. Fix m365-backup:backupTasks.defaults.retainArchivedDays.`,
    ]);
  });

  it("fails a retention above the organisation's maximum", async () => {
    const task = await exchangeTask({ retainArchivedDays: 800 });
    expect(await violationsOfResource(archivedRetentionBounds, task, { maxDays: 730 })).toEqual([
      expect.stringContaining("800 days; this organisation requires 30 to 730 days."),
    ]);
  });

  it("fails forever where the organisation does not allow it", async () => {
    const task = await exchangeTask({ retainArchivedDays: "forever" });
    expect(await violationsOfResource(archivedRetentionBounds, task, { allowForever: false, maxDays: 2555 })).toEqual([
      `Backup task ${task.name} retains auto-archived backups forever; this organisation allows at most 2555 days. Fix m365-backup:backupTasks.defaults.retainArchivedDays.`,
    ]);
  });
});
