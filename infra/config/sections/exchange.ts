import { z } from "zod";

export const exchangeSection = z
  .object({
    rolePhase: z
      .enum(["bootstrap", "steady"])
      .default("bootstrap")
      .describe("bootstrap: the Exchange account is Global Administrator (time-bound, globalAdministratorHours) until its backup task is registered; steady: Exchange Administrator, and the account gets a new password."),
    globalAdministratorHours: z
      .number()
      .int()
      .min(1)
      .max(168, { message: "must be at most 168 (7 days): Global Administrator is held only long enough for the first Exchange sign-in" })
      .default(72)
      .describe("Hours the bootstrap phase's Global Administrator lasts from when it is granted (a time-bound PIM assignment; 1-168, default 72). It ends by itself."),
    globalAdministratorGrant: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe("Increase (2, 3, ...) to grant the bootstrap Global Administrator again after it ended. It is never renewed by itself; changing this or globalAdministratorHours grants it anew (shown as a replacement in preview)."),
    backupPublicFolders: z.boolean().default(false).describe("Back up Public Folders; needs a licensed Exchange account (accounts.licensing.skus.exchange)."),
  })
  .strict()
  .default({ rolePhase: "bootstrap", globalAdministratorHours: 72, globalAdministratorGrant: 1, backupPublicFolders: false })
  .describe("The Exchange backup account's role phase and Public Folders.");

export type ExchangeSection = z.infer<typeof exchangeSection>;
