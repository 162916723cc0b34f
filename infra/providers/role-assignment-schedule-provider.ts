import { runtimeProvider } from "./runtime-forwarding";

/** Stored in every stack's state with the provider text: listed in state-stored-runtime-paths.txt, never removed. */
const runtimePath = "infra/identity/role-assignment-schedule-runtime.ts";

/** The DirectoryRoleAssignmentSchedule provider as it is serialized into state: each method forwards to the runtime at runtimePath. */
export const roleAssignmentScheduleProvider = runtimeProvider<typeof import("../identity/role-assignment-schedule-runtime")>(runtimePath);
