/** Overrides the per-request timeout of every Graph and vendor call, in seconds. */
export const requestTimeoutEnvironmentVariable = "M365_BACKUP_REQUEST_TIMEOUT_SECONDS";

/** Without an override a request that has not answered in 60 s is abandoned and retried within its budget. */
export const defaultRequestTimeoutMs = 60_000;

/** The per-request timeout for this run; a bad override fails naming the variable and a fix. */
export function requestTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[requestTimeoutEnvironmentVariable];
  if (raw === undefined || raw === "") return defaultRequestTimeoutMs;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600) {
    throw new Error(
      `${requestTimeoutEnvironmentVariable} = ${JSON.stringify(raw)}: must be whole seconds from 1 to 600. Fix: unset it for the 60 s default, or set e.g. 120.`,
    );
  }
  return seconds * 1000;
}
