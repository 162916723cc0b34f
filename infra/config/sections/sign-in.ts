import { z } from "zod";
import { configNumber } from "../config-number";

/** The one interactive sign-in of each backup account (guide stage 3), under MFA and Conditional Access. */
export const signInSection = z
  .object({
    temporaryAccessPass: z
      .object({
        enabled: z
          .boolean()
          .default(false)
          .describe(
            "Issue a single-use Temporary Access Pass per backup account while its task waits for the sign-in; removed once the task is connected.",
          ),
        lifetimeMinutes: configNumber(
          z
            .number()
            .int()
            .min(60)
            .max(480, { message: "must be 60-480 minutes: Entra's default Temporary Access Pass policy allows 1 to 8 hours" }),
        )
          .default(60)
          .describe("Minutes each pass is valid (60-480, within the tenant's Temporary Access Pass policy)."),
      })
      .strict()
      .prefault({})
      .describe(
        "Temporary Access Pass for the first sign-in; needs the Temporary Access Pass authentication method policy enabled for the backup accounts.",
      ),
    blockInteractiveSignIn: z
      .enum(["off", "report-only", "on"])
      .default("off")
      .describe(
        "A Conditional Access policy that blocks sign-in of the backup accounts once every task is connected: off, report-only (logs what it would block) or on. Use on only when the vendor confirms its tasks need no delegated token.",
      ),
  })
  .strict()
  .prefault({})
  .describe(
    "The backup accounts' one interactive sign-in: a Temporary Access Pass under MFA, and an optional Conditional Access block afterwards.",
  );

export type SignInSection = z.infer<typeof signInSection>;
