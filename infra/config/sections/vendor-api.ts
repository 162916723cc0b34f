import { z } from "zod";

/** Where and as whom the module talks to the backup vendor. Secrets live in separate secret keys. */
export const vendorApiSection = z
  .object({
    baseUrl: z
      .string()
      .url()
      .refine((u) => u.startsWith("https://") || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(u), {
        message: "must be https:// (plain http is accepted only for a loopback emulator)",
      })
      .default("https://api.cloudally.com")
      .describe("Base URL of the backup vendor's API (https; plain http only for a loopback emulator)."),
    /** Partner client id (not secret); the client secret is the secret key vendorClientSecret. */
    clientId: z.string().min(1).describe("Partner client id (not secret); the client secret is the secret key vendorClientSecret."),
    /** Account e-mail the partner token is issued for; its password is the secret key vendorPassword. */
    accountEmail: z.string().email().describe("Account e-mail the partner token is issued for; its password is the secret key vendorPassword."),
  })
  .strict()
  .describe("Where and as whom the module talks to the backup vendor; the secrets live in the secret keys vendorClientSecret and vendorPassword.");

export type VendorApiSection = z.infer<typeof vendorApiSection>;
