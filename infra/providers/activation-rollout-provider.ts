import { configuredRuntimeProvider } from "./runtime-forwarding";

/** Stored in every stack's state with the provider text: listed in state-stored-runtime-paths.txt, never removed. */
const runtimePath = "infra/rollout/activation-rollout-runtime.ts";

/** The ActivationRollout provider as it is serialized into state: each method forwards to the runtime at runtimePath. */
export const activationRolloutProvider = configuredRuntimeProvider<typeof import("../rollout/activation-rollout-runtime")>(runtimePath);
