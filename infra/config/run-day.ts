/**
 * Overrides the run's calendar day (YYYY-MM-DD). A test hook only, to replay a rollout against an
 * emulator's clock: it is honoured only for a stack that talks to a vendor emulator
 * (vendorApi.emulatorUrl), so a pipeline cannot move its rollout's clock to spend several days' budget
 * in one real day.
 */
export const runDayEnvironmentVariable = "M365_BACKUP_TODAY";

/** A calendar day as the run names it: YYYY-MM-DD. */
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar day (UTC) `days` after `day` (before it when negative). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The calendar day (UTC) of this run: a self-service rollout advances at most one wave per day. */
export function runDay(
  env: NodeJS.ProcessEnv = process.env,
  now = new Date(),
  options: { againstEmulator: boolean } = { againstEmulator: false },
): string {
  const override = env[runDayEnvironmentVariable];
  if (override === undefined || override === "") return now.toISOString().slice(0, 10);
  if (!options.againstEmulator) {
    throw new Error(
      `${runDayEnvironmentVariable} = ${JSON.stringify(override)} is set, but this stack talks to the real vendor: the day override is a test hook for emulator stacks only (vendorApi.emulatorUrl). Fix: unset ${runDayEnvironmentVariable}; the run uses today's date (UTC).`,
    );
  }
  if (!dayPattern.test(override) || Number.isNaN(Date.parse(`${override}T00:00:00Z`))) {
    throw new Error(
      `${runDayEnvironmentVariable} = ${JSON.stringify(override)}: must be a date YYYY-MM-DD. Fix: unset it to use today's date, or give a day such as 2026-12-01.`,
    );
  }
  return override;
}

/**
 * The run's day inside a provider, which cannot see the stack's config. The override is taken as given: an
 * `up` runs the program first, which refuses it against the real vendor (runDay) before any provider acts.
 */
export function providerRunDay(env: NodeJS.ProcessEnv = process.env, now = new Date()): string {
  const override = env[runDayEnvironmentVariable];
  return override && dayPattern.test(override) ? override : now.toISOString().slice(0, 10);
}
