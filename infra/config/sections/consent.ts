import { z } from "zod";
import { guid } from "./tenant";

const vendorApp = z
  .object({
    mode: z.literal("vendor-app"),
    /** Application (client) id of the vendor's multi-tenant backup app. */
    vendorAppId: guid,
  })
  .strict();

const customerApp = z
  .object({
    mode: z.literal("customer-app"),
    /** Display name prefix of the customer-owned app registration(s). */
    displayName: z.string().min(3).max(80).default("CloudAlly backup"),
    credential: z.discriminatedUnion(
      "kind",
      [
      z
        .object({
          kind: z.literal("federated"),
          /** Token issuer the vendor presents, e.g. https://token.actions.githubusercontent.com. */
          issuer: z.string().url().refine((u) => u.startsWith("https://"), { message: "must be an https:// issuer URL" }),
          /** Subject claim of the vendor's workload token. */
          subject: z.string().min(1),
          audiences: z.array(z.string().min(1)).min(1).default(["api://AzureADTokenExchange"]),
        })
        .strict(),
      z
        .object({
          kind: z.literal("certificate"),
          /** PEM or base64 DER public certificate the vendor signs its client assertions with. */
          certificatePem: z.string().includes("BEGIN CERTIFICATE", {
            message: "must be a PEM public certificate (-----BEGIN CERTIFICATE-----); never a private key or client secret",
          }),
          /** RFC 3339 end date of the credential, at most two years ahead. */
          endDate: z.string().datetime().optional(),
        })
        .strict(),
      ],
      { error: () => "must have kind federated (the vendor's workload identity) or certificate (its public certificate); client secrets are not supported" },
    ),
  })
  .strict();

export const consentSection = z.discriminatedUnion("mode", [vendorApp, customerApp], {
  error: () => "must have mode vendor-app (consent to the vendor's multi-tenant app, with vendorAppId) or customer-app (an app registration you own, with credential)",
});
export type ConsentSection = z.infer<typeof consentSection>;
