import { z } from "zod";
import { guid } from "./tenant";

/**
 * Which Entra apps the fleet's pipelines use for this tenant. Read by `npm run stacks` for the workflow
 * matrix, never by the program: the identities themselves come from OIDC, no secret is involved.
 */
export const pipelineSection = z
  .object({
    writerClientId: guid
      .optional()
      .describe(
        "Client id of this tenant's own writer app (deploys inside the protected environment); unset: the fleet's multi-tenant writer app (M365_BACKUP_WRITER_CLIENT_ID).",
      ),
    readerClientId: guid
      .optional()
      .describe(
        "Client id of this tenant's own read-only app, for people who preview with their own Pulumi rights (no pipeline job uses it); unset: the fleet's reader app.",
      ),
  })
  .strict()
  .default({})
  .describe(
    "The pipelines' Azure identities for this tenant: one writer app per customer tenant, or the fleet's shared apps (docs/security.md compares them).",
  );

export type PipelineSection = z.infer<typeof pipelineSection>;
