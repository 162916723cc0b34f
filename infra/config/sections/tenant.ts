import { z } from "zod";
import { configNumber, maxEntityCount } from "../config-number";

/** SharePoint root hosts: the commercial cloud and the national clouds (GCC High, DoD, 21Vianet). */
export const sharePointRootPattern = /^[a-z0-9][a-z0-9-]*(?<!-my)\.(sharepoint\.com|sharepoint\.us|sharepoint-mil\.us|sharepoint\.cn)$/;

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
  message: "must be a GUID (8-4-4-4-12 hexadecimal digits, e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47)",
});

export const tenantSection = z
  .object({
    id: guid.describe("Entra ID tenant id (directory id) of the Microsoft 365 tenant."),
    primaryDomain: z
      .string()
      .regex(/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/i, {
        message: "must be a DNS domain verified in the tenant, such as contoso.com",
      })
      .describe("Verified domain the backup accounts are named in, e.g. contoso.com."),
    initialDomainName: z
      .string()
      .regex(/^[a-z0-9]{1,27}$/i, {
        message:
          "must be the bare name of the tenant's initial domain (contoso for contoso.onmicrosoft.com): letters and digits only, at most 27",
      })
      .describe("The <name> of <name>.onmicrosoft.com; the SharePoint and OneDrive root URLs derive from it."),
    sharePointRootUrl: z
      .string()
      .regex(sharePointRootPattern, {
        message:
          "must be the SharePoint root host, <name>.sharepoint.com (or .sharepoint.us, .sharepoint-mil.us, .sharepoint.cn), without https:// or a path",
      })
      .optional()
      .describe(
        "The SharePoint root host when it is not <initialDomainName>.sharepoint.com: a tenant that renamed its SharePoint domain, or one in a national cloud (e.g. contoso.sharepoint.us). The OneDrive root is <name>-my on the same domain.",
      ),
    organisation: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9.\-_]{0,62}$/, {
        message: "must be a short name of letters, digits, . - _ (it goes into the User-Agent)",
      })
      .optional()
      .describe(
        "Your organisation's short name for Microsoft's traffic decoration (User-Agent NONISV|<organisation>|m365-backup/<version>); defaults to initialDomainName.",
      ),
    mailboxCount: configNumber(
      z
        .number()
        .int()
        .nonnegative()
        .max(maxEntityCount, {
          message: `must be at most ${maxEntityCount.toLocaleString("en-US")} (more than any Microsoft 365 tenant holds; a larger number is a typo)`,
        }),
    )
      .optional()
      .describe(
        "Mailboxes in the tenant. Over 1,000 is enterprise; the larger of this and the count Graph discovery finds decides, so it can raise the count, never lower it.",
      ),
  })
  .strict()
  .describe("Which Microsoft 365 tenant this stack onboards.");

export { guid };
export type TenantSection = z.infer<typeof tenantSection>;
