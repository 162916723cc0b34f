import { z } from "zod";
import { guid } from "./tenant";

/**
 * The permissions the vendor publishes for its backup app, when it does. Given, the consent grants
 * exactly these instead of this project's assumed set (infra/identity/backup-app-permissions.ts).
 */
const vendorPermissions = z
  .array(
    z
      .object({
        resource: z
          .enum(["microsoftGraph", "exchangeOnline", "sharePointOnline"])
          .describe("The API: microsoftGraph, exchangeOnline or sharePointOnline."),
        kind: z.enum(["application", "delegated"]).describe("application (app role) or delegated (scope, granted to the backup accounts)."),
        value: z
          .string()
          .regex(/^[A-Za-z][\w.]*$/, { message: "must be a permission name such as Mail.ReadWrite" })
          .describe("The permission's name, e.g. Mail.ReadWrite."),
      })
      .strict(),
  )
  .min(1)
  .optional()
  .describe(
    "The vendor's published permission list for its app (its requiredResourceAccess, by name). When set, the consent grants exactly these; otherwise this project's assumed set.",
  );

const vendorApp = z
  .object({
    mode: z.literal("vendor-app"),
    vendorPermissions,
    vendorAppId: guid.describe("Application (client) id of the vendor's multi-tenant backup app."),
  })
  .strict();

const customerApp = z
  .object({
    mode: z.literal("customer-app"),
    vendorPermissions,
    displayName: z
      .string()
      .min(3)
      .max(80)
      .default("CloudAlly backup")
      .describe("Display name of the customer-owned backup app registration."),
    credential: z
      .discriminatedUnion(
        "kind",
        [
          z
            .object({
              kind: z.literal("federated"),
              issuer: z
                .string()
                .url()
                .refine((u) => u.startsWith("https://"), { message: "must be an https:// issuer URL" })
                .describe("Issuer of the vendor's workload identity token (https)."),
              subject: z.string().min(1).describe("Subject claim of the vendor's workload identity token."),
              audiences: z
                .array(z.string().min(1))
                .min(1)
                .default(["api://AzureADTokenExchange"])
                .describe("Audiences the token is issued for."),
            })
            .strict(),
          z
            .object({
              kind: z.literal("certificate"),
              certificatePem: z
                .string()
                .includes("BEGIN CERTIFICATE", {
                  message: "must be a PEM public certificate (-----BEGIN CERTIFICATE-----); never a private key or client secret",
                })
                .describe("PEM public certificate the vendor signs its client assertions with."),
              endDate: z
                .string()
                .datetime({ offset: true })
                .refine((d) => Date.parse(d) > Date.now(), {
                  message: "is in the past: an expired certificate cannot sign in; give the end date of the vendor's current certificate",
                })
                .optional()
                .describe("RFC 3339 end date of the certificate credential (must be in the future)."),
            })
            .strict(),
        ],
        {
          error: () =>
            "must have kind federated (the vendor's workload identity) or certificate (its public certificate); client secrets are not supported",
        },
      )
      .describe("How the vendor authenticates as the app, without a shared secret."),
  })
  .strict();

export const consentSection = z
  .discriminatedUnion("mode", [vendorApp, customerApp], {
    error: () =>
      "must have mode vendor-app (consent to the vendor's multi-tenant app, with vendorAppId) or customer-app (an app registration you own, with credential)",
  })
  .describe("Admin consent of the one backup app (guide stages 2-3): the vendor's app, or an app registration the customer owns.");
export type ConsentSection = z.infer<typeof consentSection>;
