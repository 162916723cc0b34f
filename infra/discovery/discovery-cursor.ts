import { z } from "zod";

/**
 * What lists-mode discovery keeps from one run to the next so that a daily run reads only what
 * changed in the directory: the users delta link Graph handed back and the one set the counts need
 * from a listing, the members whose mailbox has a disabled account, with Exchange's type for each.
 * A few hundred kilobytes for a 100,000-user tenant (about 5% of accounts), so it fits a stack output.
 */
export const discoveryCursorSchema = z.object({
  version: z.literal(1),
  tenantId: z.string().min(1),
  /**
   * Graph's `@odata.deltaLink` for `users/delta`. Only its path and query are used (against the
   * client's own Graph host), and only a users/delta link is followed: a cursor someone edited in
   * state cannot point discovery's token at another host or make it read anything else.
   */
  usersDeltaLink: z
    .string()
    .url()
    .refine((link) => !URL.canParse(link) || /^\/(v1\.0\/)?users\/delta$/.test(new URL(link).pathname), {
      message: "must be a users/delta link",
    }),
  /** When the directory was last read in full (ISO 8601). */
  fullReadAt: z.string().datetime(),
  /** Members with a mailbox and a disabled account, by object id: `userPurpose`, or "" where it could not be read. */
  disabledMailboxes: z.record(z.string(), z.string()),
});
export type DiscoveryCursor = z.infer<typeof discoveryCursorSchema>;

/**
 * Days a cursor is followed before the directory is read in full again. Assumption, not a Graph
 * limit: a mailbox converted in Exchange while its account stays disabled changes no directory
 * property, so no delta reports it; a weekly full read bounds how long its type can be stale.
 */
export const cursorFullReadDays = 7;

/** The previous run's cursor when it can be followed, or why the directory is read in full instead. */
export function followableCursor(value: unknown, tenantId: string, now: Date): { cursor?: DiscoveryCursor; fullReadBecause?: string } {
  if (value === undefined || value === null) return { fullReadBecause: "no previous discovery cursor (first run)" };
  const parsed = discoveryCursorSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { fullReadBecause: `the previous discovery cursor is not readable (${issue.path.join(".") || "(cursor)"}: ${issue.message})` };
  }
  const cursor = parsed.data;
  if (cursor.tenantId !== tenantId)
    return { fullReadBecause: `the previous discovery cursor belongs to tenant ${cursor.tenantId}, not ${tenantId}` };
  const age = now.getTime() - Date.parse(cursor.fullReadAt);
  // A full read "in the future" is a clock that was wrong: read again rather than trust it for a week.
  if (age < 0) return { fullReadBecause: `the previous full read is dated ${cursor.fullReadAt}, after this run's clock` };
  if (age >= cursorFullReadDays * 86_400_000)
    return { fullReadBecause: `the last full read (${cursor.fullReadAt}) is ${cursorFullReadDays} or more days old` };
  return { cursor };
}
