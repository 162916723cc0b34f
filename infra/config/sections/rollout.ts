import { z } from "zod";

/** Activation rollout (guide stage 7). Owned by the rollout work; extend here. */
export const rolloutSection = z
  .object({
    /** vendor-managed: activate nothing and produce the onboarding request; self-service: advance one wave a day. */
    mode: z.enum(["vendor-managed", "self-service"]).default("vendor-managed"),
    paused: z.boolean().default(false),
  })
  .strict()
  .default({ mode: "vendor-managed", paused: false });

export type RolloutSection = z.infer<typeof rolloutSection>;
