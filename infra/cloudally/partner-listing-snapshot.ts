import * as fs from "fs";
import { z } from "zod";

/**
 * The partner's two public listings (GET /v1/partners/tasks and /v1/partners/status) read once and
 * shared by every stack of the fleet that day. Both list every customer of the partner, so a fleet of N
 * tenants would otherwise page them N times a day (each stack's rollout and coverage read them). The
 * daily pipeline's first job writes the file (npm run partner-listings); the stack jobs point
 * M365_BACKUP_PARTNER_LISTINGS at it. A file of another day is refused, never used: a stale listing
 * would call a tenant protected on yesterday's word. One of another vendor host or partner client is
 * not this stack's listing: the stack reads its own.
 */
export const partnerListingsVariable = "M365_BACKUP_PARTNER_LISTINGS";

export const partnerListingSnapshotSchema = z
  .object({
    kind: z.literal("m365-backup partner listings"),
    version: z.literal(1),
    /** The vendor host they were read from. */
    host: z.string().url(),
    /** The partner API client that read them (not a secret). */
    clientId: z.string().min(1),
    readAt: z.string().datetime({ offset: true }),
    tasks: z.array(z.unknown()),
    statuses: z.array(z.unknown()),
  })
  .strict();
export type PartnerListingSnapshot = z.infer<typeof partnerListingSnapshotSchema>;

/** The day (UTC) a listing serves: the pipeline reads it at 06:00 and every stack job of that run uses it. */
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
/** A clock may run this far ahead of the one that wrote the file before its reading counts as from the future. */
const skewMs = 3_600_000;

/**
 * The shared listings, checked against today's date; undefined when they are another vendor host's or
 * another partner client's (a stack of another partner account reads its own). A file that is not a
 * listing, or not today's, is an error: the pipeline that shared it is broken.
 */
export function loadPartnerListings(
  file: string,
  expected: { host: string; clientId: string; now: Date },
): PartnerListingSnapshot | undefined {
  const where = `${partnerListingsVariable}=${file}`;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(
      `${where}: not a readable JSON file (${(e as Error).message}). Fix: run npm run partner-listings -- --out ${file} first, or unset ${partnerListingsVariable} to read the vendor directly.`,
    );
  }
  const parsed = partnerListingSnapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${where}: not a partner listing file (${issue.path.join(".") || "(root)"}: ${issue.message}). Fix: write it with npm run partner-listings.`,
    );
  }
  const s = parsed.data;
  const host = (u: string) => u.replace(/\/+$/, "").toLowerCase();
  if (host(s.host) !== host(expected.host) || s.clientId !== expected.clientId) return undefined;
  const readAt = new Date(s.readAt);
  if (readAt.getTime() > expected.now.getTime() + skewMs)
    throw new Error(
      `${where}: read at ${s.readAt}, after this run's clock (${expected.now.toISOString()}). Fix: check the clocks; a listing from the future is not used.`,
    );
  if (dayOf(readAt) !== dayOf(expected.now))
    throw new Error(
      `${where}: read on ${dayOf(readAt)}, not today (${dayOf(expected.now)}): protection is judged on today's listing. Fix: run npm run partner-listings again.`,
    );
  return s;
}

export function writePartnerListings(file: string, snapshot: PartnerListingSnapshot): void {
  fs.writeFileSync(file, `${JSON.stringify(snapshot)}\n`, { mode: 0o600 });
}
