import { z } from "zod";
import { defaultPartnerSources } from "../../cloudally/partner-reads";
import { vendorCapabilityLevels } from "../../cloudally/vendor-capabilities";
import { vendorApiRegions } from "../../cloudally/vendor-hosts";
import { backupServices } from "../../services/backup-services";

const loopbackHttp = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/;

/** Where and as whom the module talks to the backup vendor. Secrets live in separate secret keys. */
export const vendorApiSection = z
  .preprocess(
    (v, ctx) => {
      // The free URL of earlier versions could send the partner credentials to any host a stack file named.
      if (v !== null && typeof v === "object" && "baseUrl" in v) {
        ctx.issues.push({
          code: "custom",
          input: v,
          path: ["baseUrl"],
          message:
            "is no longer accepted: the vendor host is chosen by name with vendorApi.region (global); a test emulator is named with vendorApi.emulatorUrl, which no deployable stack may use",
          params: { fix: "pulumi config rm --path '<key>' (the host then is vendorApi.region's)" },
        });
        return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "baseUrl"));
      }
      return v;
    },
    z
      .object({
        region: z
          .enum(vendorApiRegions)
          .default("global")
          .describe("The vendor's API host, by name (global: https://api.cloudally.com); never a URL."),
        emulatorUrl: z
          .string()
          .url()
          .refine((u) => loopbackHttp.test(u) || u.startsWith("https://"), {
            message: "must be http://127.0.0.1:<port> (a loopback emulator) or https://",
          })
          .optional()
          .describe(
            "Test only: the URL of a backup-vendor emulator, used instead of region. Honoured only with M365_BACKUP_TEST_EMULATOR=allow in the environment; the offline gate fails any deployable stack (one that imports an ESC environment) that sets it.",
          ),
        /** Partner client id (not secret); the client secret is the secret key vendorClientSecret. */
        clientId: z.string().min(1).describe("Partner client id (not secret); the client secret is the secret key vendorClientSecret."),
        /** Account e-mail the partner token is issued for; its password is the secret key vendorPassword. */
        accountEmail: z
          .string()
          .email()
          .describe("Account e-mail the partner token is issued for; its password is the secret key vendorPassword."),
        capabilities: z
          .enum(vendorCapabilityLevels)
          .default("public")
          .describe(
            "What the vendor's API offers. public (default): CloudAlly's published partner API, sign-in and reads; tasks are made in the vendor's console from the steps pulumi up prints, then adopted, and activation is vendor-managed. contract: every operation of docs/cloudally-api.openapi.yaml (the emulator; a vendor that has confirmed them).",
          ),
        // `pulumi config set --path` stores an all-digit id as a number: taken as the id it is, when exact.
        accountId: z
          .preprocess(
            (v) => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? String(v) : v),
            z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, { message: "must be the account id the vendor shows (letters, digits, . _ -)" }),
          )
          .optional()
          .describe(
            "The customer's account at the vendor (the partner portal's account id; GET /v2/resellers/accounts lists them). Required with capabilities public: only this account's tasks are read or adopted.",
          ),
        sources: z
          .partialRecord(
            z.enum(backupServices),
            z.string().regex(/^[A-Z0-9_]{2,64}$/, { message: "must be the vendor's source word in capitals, e.g. SHAREPOINT_MULTI" }),
          )
          .optional()
          .describe(
            `The public API's source word of each service's task, where the vendor's differ from the defaults (${Object.entries(
              defaultPartnerSources,
            )
              .map(([k, v]) => `${k}: ${v}`)
              .join(", ")}; only SHAREPOINT_MULTI is seen in a published answer).`,
          ),
      })
      .strict()
      .superRefine((v, ctx) => {
        // The partner lists every customer's tasks: without the account, another customer's task of the same name could be adopted.
        if (v.capabilities === "public" && !v.accountId) {
          ctx.addIssue({
            code: "custom",
            path: ["accountId"],
            message:
              "is required with capabilities public (the partner API lists every customer's tasks; the account says which are this tenant's). Find it in the vendor's partner portal under the customer's account and run pulumi config set --path 'vendorApi.accountId' <id>",
          });
        }
      }),
  )
  .describe(
    "Where and as whom the module talks to the backup vendor; the secrets live in the secret keys vendorClientSecret and vendorPassword.",
  );

export type VendorApiSection = z.infer<typeof vendorApiSection>;
