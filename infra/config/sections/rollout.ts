import { z } from "zod";

/** Activation rollout (guide stage 7). Owned by the rollout work; extend here. */
export const rolloutSection = z
  .object({
    /** vendor-managed: activate nothing and produce the onboarding request; self-service: advance one wave a day. */
    mode: z.enum(["vendor-managed", "self-service"]).default("vendor-managed").describe("vendor-managed: activate nothing and produce the onboarding request; self-service: advance one wave a day."),
    paused: z.boolean().default(false).describe("Hold the rollout where it is."),
  })
  .strict()
  .default({ mode: "vendor-managed", paused: false })
  .describe("Activation rollout (guide stage 7).");

export type RolloutSection = z.infer<typeof rolloutSection>;
