import { runtimeProvider } from "./runtime-forwarding";

/** Stored in every stack's state with the provider text: listed in state-stored-runtime-paths.txt, never removed. */
const runtimePath = "infra/identity/backup-account-password-runtime.ts";

/** The BackupAccountPassword provider as it is serialized into state: each method forwards to the runtime at runtimePath. */
export const backupAccountPasswordProvider = runtimeProvider<typeof import("../identity/backup-account-password-runtime")>(runtimePath);
