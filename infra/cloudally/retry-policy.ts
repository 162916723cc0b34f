/**
 * When and how long to wait before retrying a vendor call. The vendor asks for patience with 429 and
 * 503 and says how long in Retry-After; hammering it gets the partner account blocked. Waits are
 * jittered so that a fleet of pipelines does not retry in lockstep, and all waits of one call share a
 * total budget, after which the call fails with the last answer.
 */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Total time one call may spend waiting between attempts. */
  budgetMs: number;
  /** First backoff when the server gives no Retry-After. */
  baseDelayMs: number;
  /** Upper bound of the random jitter added to every wait. */
  jitterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, budgetMs: 120_000, baseDelayMs: 500, jitterMs: 250 };

export const retryableStatuses: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Retry-After in seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait before attempt `attempt + 1`, or undefined when the policy says stop. */
export function nextDelayMs(
  policy: RetryPolicy,
  attempt: number,
  waitedMs: number,
  retryAfter: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const base = retryAfter ?? policy.baseDelayMs * 2 ** (attempt - 1);
  const delay = base + Math.floor(random() * policy.jitterMs);
  return waitedMs + delay > policy.budgetMs ? undefined : delay;
}
