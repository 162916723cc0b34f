import { serializedProviders } from "../harness/serialized-providers";

/** The serialized BackupTask provider exactly as the program registers it. */
export async function serializedTaskProvider(): Promise<string> {
  const providers = await serializedProviders(async () => {
    const { BackupTask } = await import("../../components/backup-task");
    new BackupTask("probe", { service: "exchange", taskName: "probe task", region: "us", settings: { indexForSearch: true, backupUnlicensedAccounts: false, retainArchivedDays: "forever", autoActivateNew: false }, enterprise: true, owner: { tenantId: "t", stack: "s", resource: "probe" } });
  });
  return providers["pulumi-nodejs:dynamic/m365-backup:BackupTask"];
}
