import { z } from "zod";

export const exchangeSection = z
  .object({
    rolePhase: z
      .enum(["bootstrap", "steady"])
      .default("bootstrap")
      .describe("bootstrap: the Exchange account is Global Administrator until its backup task is registered; steady: Exchange Administrator."),
    backupPublicFolders: z.boolean().default(false).describe("Back up Public Folders; needs a licensed Exchange account (accounts.licensing.skus.exchange)."),
  })
  .strict()
  .default({ rolePhase: "bootstrap", backupPublicFolders: false })
  .describe("The Exchange backup account's role phase and Public Folders.");

export type ExchangeSection = z.infer<typeof exchangeSection>;
