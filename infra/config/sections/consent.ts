import { z } from "zod";
import { backupServices } from "../../services/backup-services";
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

/**
 * A vendor that installs one app per workload (CloudAlly: one for SharePoint and OneDrive, one for
 * Exchange and Groups/Teams) is consented app by app, each app to its own services' permissions only.
 */
const workloadApp = z
  .object({
    appId: guid.describe("Application (client) id of this vendor app."),
    services: z
      .array(z.enum(backupServices))
      .min(1)
      .describe("The services this app backs up (exchange, sharepoint, onedrive, groupsTeams); no service may have two apps."),
    vendorPermissions,
  })
  .strict();

const vendorApp = z
  .object({
    mode: z.literal("vendor-app"),
    vendorPermissions,
    vendorAppId: guid.describe(
      "Application (client) id of the vendor's multi-tenant backup app: the one app, or, with vendorApps, the app for every service vendorApps does not list.",
    ),
    vendorApps: z
      .array(workloadApp)
      .min(1)
      .optional()
      .describe(
        "The vendor's further apps, one per workload, each taking the services it lists away from vendorAppId's app (CloudAlly: vendorAppId = its Exchange and Teams/Groups app, vendorApps = [{appId: its SharePoint and OneDrive app, services: [sharepoint, onedrive]}]).",
      ),
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
  .describe(
    "Admin consent of the backup app (guide stages 2-3): the vendor's app or apps (one per workload at most), or an app registration the customer owns.",
  );
export type ConsentSection = z.infer<typeof consentSection>;

/** A mistake in the vendor apps' split across services, with the path it sits at. */
export interface ConsentProblem {
  path: (string | number)[];
  message: string;
}

/**
 * The vendor apps must cover each enabled service exactly once: Microsoft asks for no separate apps
 * that "essentially perform the same operations, such as backup" (docs/facts.md, "one app per
 * workload"), and an app left with nothing to back up is a consent nobody uses.
 */
export function vendorAppProblems(consent: ConsentSection, enabled: readonly string[]): ConsentProblem[] {
  if (consent.mode !== "vendor-app" || !consent.vendorApps) return [];
  const problems: ConsentProblem[] = [];
  const owner = new Map<string, number>();
  const appIds = new Map<string, string>([[consent.vendorAppId.toLowerCase(), "consent.vendorAppId"]]);
  consent.vendorApps.forEach((app, i) => {
    const seenId = appIds.get(app.appId.toLowerCase());
    if (seenId)
      problems.push({
        path: ["consent", "vendorApps", i, "appId"],
        message: `is ${app.appId}, already given as ${seenId}: each vendor app is listed once, with all the services it backs up`,
      });
    appIds.set(app.appId.toLowerCase(), `consent.vendorApps[${i}].appId`);
    app.services.forEach((service, j) => {
      const path = ["consent", "vendorApps", i, "services", j];
      if (!enabled.includes(service))
        problems.push({ path, message: `is ${service}, which services.${service} does not enable: remove it here, or enable the service` });
      else if (owner.has(service))
        problems.push({
          path,
          message: `is ${service}, already backed up by consent.vendorApps[${owner.get(service)}]: one workload gets one backup app (Microsoft: no separate apps that essentially perform the same operations, such as backup); list it under one app only`,
        });
      else owner.set(service, i);
    });
  });
  if (enabled.every((s) => owner.has(s)))
    problems.push({
      path: ["consent", "vendorAppId"],
      message:
        "backs up nothing: consent.vendorApps lists every enabled service. Move one app from vendorApps to vendorAppId (its id there, its entry removed)",
    });
  return problems;
}
