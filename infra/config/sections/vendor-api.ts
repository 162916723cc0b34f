import { z } from "zod";
import { vendorApiRegions } from "../../cloudally/vendor-hosts";

const loopbackHttp = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/;

/** Where and as whom the module talks to the backup vendor. Secrets live in separate secret keys. */
export const vendorApiSection = z.preprocess(
  (v, ctx) => {
    // The free URL of earlier versions could send the partner credentials to any host a stack file named.
    if (v !== null && typeof v === "object" && "baseUrl" in v) {
      ctx.issues.push({
        code: "custom",
        input: v,
        path: ["baseUrl"],
        message:
          "is no longer accepted: the vendor host is chosen by name with vendorApi.region (global); a test emulator is named with vendorApi.emulatorUrl, which no deployable stack may use",
      });
      return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "baseUrl"));
    }
    return v;
  },
  z
    .object({
      region: z.enum(vendorApiRegions).default("global").describe("The vendor's API host, by name (global: https://api.cloudally.com); never a URL."),
      emulatorUrl: z
        .string()
        .url()
        .refine((u) => loopbackHttp.test(u) || u.startsWith("https://"), { message: "must be http://127.0.0.1:<port> (a loopback emulator) or https://" })
        .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), { message: "must not carry a user name or password" })
        .optional()
        .describe("Test only: the URL of a backup-vendor emulator, used instead of region. The offline gate fails any deployable stack (one that imports an ESC environment) that sets it."),
      /** Partner client id (not secret); the client secret is the secret key vendorClientSecret. */
      clientId: z.string().min(1).describe("Partner client id (not secret); the client secret is the secret key vendorClientSecret."),
      /** Account e-mail the partner token is issued for; its password is the secret key vendorPassword. */
      accountEmail: z.string().email().describe("Account e-mail the partner token is issued for; its password is the secret key vendorPassword."),
    })
    .strict(),
).describe("Where and as whom the module talks to the backup vendor; the secrets live in the secret keys vendorClientSecret and vendorPassword.");

export type VendorApiSection = z.infer<typeof vendorApiSection>;
