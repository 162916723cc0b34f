import * as path from "path";
import { vendorFromConfig } from "../../infra/backup-tasks/vendor-connection";
import type { BackupVendorApi } from "../../infra/cloudally/backup-vendor-api";
import { configNamespace } from "../../infra/config/errors";
import { readStackFile } from "../gate/stack-files";

/**
 * The vendor's public reads as a fleet command uses them: the host, partner client and account from a
 * stack file's vendorApi section (or only the environment's CLOUDALLY_* values without a stack), the
 * secrets from the environment only, never from a stack file, and never more than the public API.
 */
export function publicVendorReader(options: {
  projectDir?: string;
  stack?: string;
  env: NodeJS.ProcessEnv;
  /** vendorApi fields used when the stack does not give them (a partner-wide read needs no account). */
  defaults?: Record<string, unknown>;
}): BackupVendorApi {
  const projectDir = options.projectDir ? path.resolve(options.projectDir) : process.cwd();
  const config = options.stack ? readStackFile(projectDir, options.stack).config : {};
  const vendorApi = { ...options.defaults, ...(config[`${configNamespace}:vendorApi`] as object | undefined), capabilities: "public" };
  return vendorFromConfig((key) => (key === `${configNamespace}:vendorApi` ? JSON.stringify(vendorApi) : undefined), options.env);
}
