import { serializedProviders } from "../harness/serialized-providers";
import { testM365TenantId } from "../harness/vendor-fixtures";

/** The serialized BackupTask provider exactly as the program registers it. */
export async function serializedTaskProvider(): Promise<string> {
  const providers = await serializedProviders(async () => {
    const { BackupTask } = await import("../../components/backup-task");
    new BackupTask("probe", {
      service: "exchange",
      taskName: "probe task",
      region: "us",
      settings: { indexForSearch: true, backupUnlicensedAccounts: false, retainArchivedDays: "forever", autoActivateNew: false },
      enterprise: true,
      owner: { tenantId: "t", stack: "s", resource: "probe" },
    });
  });
  return providers["pulumi-nodejs:dynamic/m365-backup:BackupTask"];
}

/** The settings the provider tests give a SharePoint task. */
export const sharePointTaskSettings = {
  indexForSearch: true,
  backupUnlicensedAccounts: true,
  retainArchivedDays: 365,
  autoActivateNew: false,
};

/** A SharePoint BackupTask's inputs as the program registers them, owned by the resource `name`; `extra` overrides. */
export function sharePointTaskInputs(provider: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    __provider: provider,
    service: "sharepoint",
    taskName: name,
    rootUrl: "contoso.sharepoint.com",
    region: "us",
    settings: sharePointTaskSettings,
    enterprise: true,
    owner: { tenantId: testM365TenantId, stack: "test", resource: name },
    tenantDomains: ["contoso.com", "contoso.onmicrosoft.com"],
    ...extra,
  };
}
