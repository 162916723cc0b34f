import { z } from "zod";
import { configNumber } from "../config-number";
import { namingPatternProblem } from "../../services/service-account-naming";
import { guid } from "./tenant";

const skuPartNumber = z.string().regex(/^[A-Z0-9_]{2,64}$/, {
  message: "must be a SKU part number as listed by GET /subscribedSkus, e.g. ENTERPRISEPACK or SPE_E3",
});

const skuList = z.array(skuPartNumber).max(5, { message: "lists more than 5 SKUs; one or two per account are enough" });

export const accountsSection = z
  .object({
    namingPattern: z
      .string()
      .default("{service}_backup@{domain}")
      .refine((p) => p.includes("{service}") && p.endsWith("@{domain}"), {
        message: "must contain {service} and end with @{domain}, e.g. {service}_backup@{domain}",
      })
      .superRefine((p, ctx) => {
        const problem = p.includes("{service}") && p.endsWith("@{domain}") ? namingPatternProblem(p) : undefined;
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .describe(
        "User principal name pattern of the backup accounts: {service} becomes exchange, sharepoint, onedrive or teams, {domain} is tenant.primaryDomain.",
      ),
    usageLocation: z
      .string()
      .regex(/^[A-Z]{2}$/, { message: "must be an ISO 3166-1 alpha-2 code in capitals, e.g. US or GB" })
      .describe("ISO 3166-1 alpha-2 country the accounts' licences are used in; Microsoft assigns no licence without it."),
    passwordGeneration: configNumber(z.number().int().min(1).max(1000000))
      .default(1)
      .describe("Increase (2, 3, ...) to generate new passwords for every backup account; passwords never expire otherwise."),
    licensing: z
      .object({
        mode: z
          .enum(["user", "group"])
          .default("user")
          .describe(
            "user: licences assigned to each account directly (Graph assignLicense); group: each account joins the licensing group groupObjectId.",
          ),
        skus: z
          .object({
            exchange: skuList
              .default([])
              .describe("SKU part numbers for the Exchange account; needed only for Public Folders backup, e.g. EXCHANGESTANDARD."),
            sharepoint: skuList.default([]).describe("SKU part numbers for the SharePoint account, e.g. SPE_E3."),
            onedrive: skuList.default([]).describe("SKU part numbers for the OneDrive account."),
            groupsTeams: skuList.default([]).describe("SKU part numbers for the Groups/Teams account."),
          })
          .strict()
          .prefault({})
          .describe("SKU part numbers (as GET /subscribedSkus lists them) per account; in group mode, the SKUs the group must carry."),
        groupObjectId: guid.optional().describe("Object id of the group that carries the licences; required when mode is group."),
      })
      .strict()
      .prefault({})
      .describe("How the backup accounts are licensed."),
  })
  .strict()
  .describe("The backup service accounts: one Entra ID user per enabled service, with its admin role and licences.");

export type AccountsSection = z.infer<typeof accountsSection>;
