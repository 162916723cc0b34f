import type { BackupVendorApi } from "../cloudally/backup-vendor-api";
import { ConfigReader, vendorFromConfig } from "./vendor-connection";

/**
 * The vendor client of one provider runtime: `configure` gives it the stack config, the client is
 * built on first use (environment only when the engine never configured the provider).
 */
export class VendorSession {
  private factory: (() => BackupVendorApi) | undefined;
  private client: BackupVendorApi | undefined;

  configure(read: ConfigReader): void {
    this.client = undefined;
    this.factory = () => vendorFromConfig(read);
  }

  api(): BackupVendorApi {
    this.factory ??= () => vendorFromConfig(() => undefined);
    this.client ??= this.factory();
    return this.client;
  }
}
