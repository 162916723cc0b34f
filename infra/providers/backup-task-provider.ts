import { configuredRuntimeProvider } from "./runtime-forwarding";

/** Stored in every stack's state with the provider text: listed in state-stored-runtime-paths.txt, never removed. */
const runtimePath = "infra/backup-tasks/backup-task-runtime.ts";

/** The BackupTask provider as it is serialized into state: each method forwards to the runtime at runtimePath. */
export const backupTaskProvider = configuredRuntimeProvider<typeof import("../backup-tasks/backup-task-runtime")>(runtimePath);
