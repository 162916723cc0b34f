import { z } from "zod";
import { namingPatternProblem } from "../../identity/service-account-naming";
import { guid } from "./tenant";

const skuPartNumber = z.string().regex(/^[A-Z0-9_]{2,64}$/, {
  message: "must be a SKU part number as listed by GET /subscribedSkus, e.g. ENTERPRISEPACK or SPE_E3",
});

const skuList = z.array(skuPartNumber).max(5);

export const accountsSection = z
  .object({
    /** UPN pattern; {service} becomes exchange|sharepoint|onedrive|teams, {domain} the primary domain. */
    namingPattern: z
      .string()
      .default("{service}_backup@{domain}")
      .refine((p) => p.includes("{service}") && p.endsWith("@{domain}"), {
        message: "must contain {service} and end with @{domain}, e.g. {service}_backup@{domain}",
      })
      .superRefine((p, ctx) => {
        const problem = p.includes("{service}") && p.endsWith("@{domain}") ? namingPatternProblem(p) : undefined;
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    /** ISO 3166 alpha-2 country the licences are used in; Microsoft refuses licences without it. */
    usageLocation: z.string().regex(/^[A-Z]{2}$/, { message: "must be an ISO 3166-1 alpha-2 code in capitals, e.g. US or GB" }),
    /** Bump (2, 3, ...) to generate new passwords for every backup account. */
    passwordGeneration: z.number().int().min(1).max(1000000).default(1),
    licensing: z
      .object({
        /** user: assignLicense on each account; group: the account joins a licensing group. */
        mode: z.enum(["user", "group"]).default("user"),
        /** SKU part numbers per service account. */
        skus: z
          .object({
            exchange: skuList.default([]),
            sharepoint: skuList.default([]),
            onedrive: skuList.default([]),
            groupsTeams: skuList.default([]),
          })
          .strict()
          .default({ exchange: [], sharepoint: [], onedrive: [], groupsTeams: [] }),
        /** Object id of the group that carries the licences, for mode group. */
        groupObjectId: guid.optional(),
      })
      .strict()
      .default({ mode: "user", skus: { exchange: [], sharepoint: [], onedrive: [], groupsTeams: [] } }),
  })
  .strict();

export type AccountsSection = z.infer<typeof accountsSection>;
