import { z } from "zod";
import { configNumber } from "../config-number";

export const exchangeSection = z
  .object({
    rolePhase: z
      .enum(["bootstrap", "steady"])
      .default("bootstrap")
      .describe(
        "bootstrap: the Exchange account is Exchange Administrator with a time-bound Global Administrator on top (globalAdministratorHours) until its backup task is registered; steady: Exchange Administrator only (a new password too with rotatePasswordOnDemotion).",
      ),
    globalAdministratorHours: configNumber(
      z.number().int().min(1).max(168, {
        message: "must be at most 168 (7 days): Global Administrator is held only long enough for the first Exchange sign-in",
      }),
    )
      .default(72)
      .describe(
        "Hours the bootstrap phase's Global Administrator lasts from when it is granted (a time-bound PIM assignment; 1-168, default 72). It ends by itself.",
      ),
    globalAdministratorGrant: configNumber(z.number().int().min(1).max(1000000))
      .default(1)
      .describe(
        "Increase (2, 3, ...) to grant the bootstrap Global Administrator again after it ended. It is never renewed by itself; changing this or globalAdministratorHours grants it anew (shown as a replacement in preview).",
      ),
    globalAdministratorMethod: z
      .enum(["auto", "pim", "deadline"])
      .default("auto")
      .describe(
        "How the bootstrap Global Administrator ends. pim: a time-bound PIM assignment Entra ends (needs Microsoft Entra ID P2 or ID Governance); deadline: a plain assignment the module removes on the first up after globalAdministratorHours (the daily pipeline's, so up to a day late), for tenants without them; auto (default): pim when the tenant's subscriptions include P2 or ID Governance, else deadline.",
      ),
    rotatePasswordOnDemotion: z
      .boolean()
      .default(false)
      .describe(
        "Give the Exchange account a new password when it is demoted (rolePhase steady). Off by default: the password of the account the task signed in with changes, which may end the vendor's delegated sign-in (an assumption: Microsoft documents no exception for OAuth grants) and stop Exchange backups until the task is signed in again. The password is only in Key Vault, never in state.",
      ),
    backupPublicFolders: z
      .boolean()
      .default(false)
      .describe(
        "Deprecated: back up Public Folders through EWS (EWS.AccessAsUser.All), which Exchange Online blocks by default from 1 October 2026 and shuts down on 1 April 2027; needs a licensed Exchange account. Leave it false.",
      ),
  })
  .strict()
  .prefault({})
  .describe("The Exchange backup account's role phase and Public Folders.");

export type ExchangeSection = z.infer<typeof exchangeSection>;
export type GlobalAdministratorMethod = ExchangeSection["globalAdministratorMethod"];
