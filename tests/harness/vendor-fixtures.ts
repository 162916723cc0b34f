import type { VendorTaskSettings } from "../../infra/cloudally/backup-vendor-api";
import { CloudAllyClient } from "../../infra/cloudally/cloudally-client";
import { CloudAllyEmulator, CloudAllyEmulatorOptions } from "../emulators/cloudally/cloudally-emulator";

/** Test-only partner credentials; tests assert they never show up in state, outputs or logs. */
export const testVendorCredentials = {
  clientId: "test-partner-client",
  clientSecret: "client-secret-6f1c9e2a7b",
  email: "backup-admin@contoso.com",
  password: "vendor-password-9d8e7f6a5b",
};

/** The customer's account at the vendor in tests (the emulator files tasks under it). */
export const testVendorAccountId = "contoso-7731";

/** The Microsoft 365 tenant the emulator connects signed-in tasks to by default. */
export const testM365TenantId = "00000000-0000-4000-8000-00000000c0de";

/** An owner for tasks made directly through the client in tests. */
export const testOwner = (resource = "test-task", stack = "test", tenantId = testM365TenantId) => ({ tenantId, stack, resource });

export const defaultVendorSettings: VendorTaskSettings = {
  indexForSearch: true,
  backupUnlicensedAccounts: false,
  retainArchivedDays: null,
  autoActivateNew: false,
};

export async function startVendorEmulator(options: Partial<CloudAllyEmulatorOptions> = {}): Promise<CloudAllyEmulator> {
  const emulator = new CloudAllyEmulator({ credentials: testVendorCredentials, domain: "contoso.com", ...options });
  await emulator.start();
  return emulator;
}

/** A client with short waits so retry tests stay quick; the policy itself is unchanged. */
export function clientFor(emulator: CloudAllyEmulator, retry: { budgetMs?: number; maxAttempts?: number } = {}): CloudAllyClient {
  return new CloudAllyClient({
    baseUrl: emulator.url,
    credentials: testVendorCredentials,
    retry: { baseDelayMs: 10, jitterMs: 5, ...retry },
    timeoutMs: 5000,
  });
}

/** Stack config the dynamic-provider host hands the provider's `configure`. */
export function vendorStackConfig(emulator: CloudAllyEmulator, capabilities: "public" | "contract" = "contract"): Record<string, unknown> {
  return {
    "m365-backup:vendorApi": {
      emulatorUrl: emulator.url,
      clientId: testVendorCredentials.clientId,
      accountEmail: testVendorCredentials.email,
      capabilities,
      ...(capabilities === "public" ? { accountId: testVendorAccountId } : {}),
    },
    "m365-backup:vendorClientSecret": testVendorCredentials.clientSecret,
    "m365-backup:vendorPassword": testVendorCredentials.password,
  };
}
