/** Overrides the run's calendar day (YYYY-MM-DD), to replay a rollout or drive it against an emulator's clock. */
export const runDayEnvironmentVariable = "M365_BACKUP_TODAY";

/** The calendar day (UTC) of this run: a self-service rollout advances at most one wave per day. */
export function runDay(env: NodeJS.ProcessEnv = process.env, now = new Date()): string {
  const override = env[runDayEnvironmentVariable];
  if (override === undefined || override === "") return now.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(override) || Number.isNaN(Date.parse(`${override}T00:00:00Z`))) {
    throw new Error(`${runDayEnvironmentVariable} = ${JSON.stringify(override)}: must be a date YYYY-MM-DD. Fix: unset it to use today's date, or give a day such as 2026-12-01.`);
  }
  return override;
}
