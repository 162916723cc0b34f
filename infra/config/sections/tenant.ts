import { z } from "zod";

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    message: "must be a GUID (8-4-4-4-12 hexadecimal digits, e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47)",
  });

export const tenantSection = z
  .object({
    /** Entra ID tenant id (directory id). */
    id: guid,
    /** Verified domain the backup accounts are named in, e.g. contoso.com. */
    primaryDomain: z
      .string()
      .regex(/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/i, {
        message: "must be a DNS domain verified in the tenant, such as contoso.com",
      }),
    /** The <name> of <name>.onmicrosoft.com; SharePoint and OneDrive root URLs derive from it. */
    initialDomainName: z
      .string()
      .regex(/^[a-z0-9]{1,27}$/i, {
        message:
          "must be the bare name of the tenant's initial domain (contoso for contoso.onmicrosoft.com): letters and digits only, at most 27",
      }),
    /** Mailboxes in the tenant; when unset, discovery decides whether the tenant is enterprise. */
    mailboxCount: z.number().int().nonnegative().optional(),
  })
  .strict();

export { guid };
export type TenantSection = z.infer<typeof tenantSection>;
