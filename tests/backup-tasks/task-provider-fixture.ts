/** The serialized BackupTask provider exactly as the program registers it. */
export async function serializedTaskProvider(): Promise<string> {
  let text = "";
  await jest.isolateModulesAsync(async () => {
    const { recordRegistrations } = await import("../../infra/offline/recording-monitor");
    const { offlineMocks } = await import("../../infra/offline/offline-mocks");
    const { BackupTask } = await import("../../components/backup-task");
    const recorded = recordRegistrations(offlineMocks, "m365-backup", "test");
    new BackupTask("probe", { service: "exchange", taskName: "probe task", region: "us", settings: { indexForSearch: true, backupUnlicensedAccounts: false, retainArchivedDays: "forever", autoActivateNew: false }, enterprise: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
    text = String(recorded.find((r) => r.type === "pulumi-nodejs:dynamic/m365-backup:BackupTask")!.inputs.__provider);
  });
  return text;
}
