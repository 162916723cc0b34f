import { z } from "zod";
import { configNumber, maxEntityCount, maxPriorityEntries } from "../config-number";

const count = (what: string) =>
  configNumber(
    z
      .number()
      .int()
      .nonnegative()
      .max(maxEntityCount, {
        message: `must be at most ${maxEntityCount.toLocaleString("en-US")} (more than any Microsoft 365 tenant holds)`,
      }),
  )
    .optional()
    .describe(what);

/**
 * 36 hours: the services back up once a day, so a daily backup that succeeded at any time yesterday is
 * at most about 24 hours old when the day's check runs; 12 more absorb a backup that started late or ran
 * long (a large first backup can take most of a day) without waiting a second day to notice a stop.
 * Assumption: the vendors publish no freshness figure to take it from (docs/facts.md).
 */
export const defaultProtectionWindowHours = 36;

/** Estimates used when discovery reads config instead of Graph (offline runs, or discovery: config). */
export const expectedCounts = z
  .object({
    sharedMailboxes: count("Shared mailboxes; default 4% of tenant.mailboxCount."),
    sites: count("SharePoint sites (not OneDrives); default one per 10 mailboxes."),
    oneDrives: count("OneDrive accounts; default one per user mailbox."),
    groups: count("Microsoft 365 groups, Teams included; default one per 8 mailboxes."),
    teams: count("Of those groups, Teams; default half of them."),
    licensedUsers: count(
      "SharePoint licences the tenant purchased (Microsoft's band for SharePoint throttling); default tenant.mailboxCount.",
    ),
  })
  .strict()
  .default({})
  .describe(
    "Entity counts to plan with when discovery is config (and in the offline gate); estimates from tenant.mailboxCount fill the gaps.",
  );

/** Activation rollout (guide stages 6-7). */
export const rolloutSection = z
  .object({
    mode: z
      .enum(["vendor-managed", "self-service"])
      .default("vendor-managed")
      .describe(
        "vendor-managed: activate nothing and produce the onboarding request for the vendor; self-service: each pulumi up advances at most one wave per calendar day.",
      ),
    paused: z
      .boolean()
      .default(false)
      .describe("Hold a self-service rollout where it is: no further wave is activated until this is false again."),
    safetyFactor: configNumber(z.number().min(1).max(10))
      .default(1.5)
      .describe("Plan with 1/safetyFactor of Microsoft's throttling limits (1 = up to the limit)."),
    healthyThreshold: configNumber(z.number().gt(0).max(1))
      .default(0.95)
      .describe("Share of the activated entities whose last daily backup succeeded that the next wave waits for."),
    protectionWindowHours: configNumber(z.number().int().min(24).max(168))
      .default(defaultProtectionWindowHours)
      .describe(
        "An entity is protected when its last successful backup finished within this many hours (36: a daily backup plus 12 hours for one that starts late or runs long). The rollout and npm run coverage both use it.",
      ),
    priority: z
      .array(z.string().min(3).max(2048))
      .max(maxPriorityEntries, {
        message: `may name at most ${maxPriorityEntries.toLocaleString("en-US")} entities (the ones to protect first; everything else follows in the planner's order)`,
      })
      .default([])
      .describe("Mailboxes (UPN), sites (URL) or groups activated first, in this order (for example the executives)."),
    exchangeParallelMailboxes: configNumber(z.number().int().min(1).max(1000))
      .default(50)
      .describe(
        "Mailboxes the vendor backs up at once for this tenant; Exchange's limits are per mailbox, so this sets the tenant's daily Exchange budget.",
      ),
    discovery: z
      .enum(["graph", "config"])
      .default("graph")
      .describe(
        "graph: count the tenant's mailboxes, sites, OneDrives and groups through Microsoft Graph on every run; config: use tenant.mailboxCount and rollout.expectedCounts.",
      ),
    expectedCounts,
    operatorContact: z
      .string()
      .email({ message: "must be an e-mail address (the operator the vendor answers)" })
      .optional()
      .describe("Who the vendor answers about this tenant's onboarding: the e-mail the onboarding request names as its contact."),
    proposedStartDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date YYYY-MM-DD" })
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), { message: "is not a calendar date" })
      .optional()
      .describe(
        "The day the onboarding request proposes for the first wave (YYYY-MM-DD); the waves are then dated from it. Unset: to be agreed on the onboarding call.",
      ),
  })
  .strict()
  .prefault({})
  .describe("Activation rollout (guide stages 6-7): how the tenant's entities are activated after discovery.");

export type RolloutSection = z.infer<typeof rolloutSection>;
