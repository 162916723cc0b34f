import { runtimeProvider } from "./runtime-forwarding";

/** Stored in every stack's state with the provider text: listed in state-stored-runtime-paths.txt, never removed. */
const runtimePath = "infra/identity/temporary-access-pass-runtime.ts";

/** The TemporaryAccessPass provider as it is serialized into state: each method forwards to the runtime at runtimePath. */
export const temporaryAccessPassProvider = runtimeProvider<typeof import("../identity/temporary-access-pass-runtime")>(runtimePath);
