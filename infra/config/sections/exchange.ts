import { z } from "zod";

export const exchangeSection = z
  .object({
    /** bootstrap: Global Administrator until the Exchange task is registered; steady: Exchange Administrator. */
    rolePhase: z.enum(["bootstrap", "steady"]).default("bootstrap"),
    /** Public Folders backup needs a licensed Exchange account. */
    backupPublicFolders: z.boolean().default(false),
  })
  .strict()
  .default({ rolePhase: "bootstrap", backupPublicFolders: false });

export type ExchangeSection = z.infer<typeof exchangeSection>;
