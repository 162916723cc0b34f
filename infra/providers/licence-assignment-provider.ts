import { runtimeProvider } from "./runtime-forwarding";

/** Stored in every stack's state with the provider text: listed in state-stored-runtime-paths.txt, never removed. */
const runtimePath = "infra/licensing/licence-assignment-runtime.ts";

/** The LicenceAssignment provider as it is serialized into state: each method forwards to the runtime at runtimePath. */
export const licenceAssignmentProvider = runtimeProvider<typeof import("../licensing/licence-assignment-runtime")>(runtimePath);
