/**
 * What a new ActivationRollout reports: nothing activated yet. Vendor-managed it only records the
 * plan; self-service it waits for the tasks' sign-in, which offline never happens.
 */
export const rolloutSimulatedOutputs = {
  "pulumi-nodejs:dynamic/m365-backup:ActivationRollout": (name: string, inputs: Record<string, unknown>): Record<string, unknown> => {
    const waves = (inputs.waves ?? []) as { index: number; spansDays?: number }[];
    const daysPlanned = waves.reduce((n, w) => Math.max(n, w.index + (w.spansDays ?? 1) - 1), 0);
    const mode = inputs.mode;
    const state = mode === "vendor-managed" ? "vendor-managed" : inputs.paused === true ? "paused" : "waiting-for-authorization";
    const message =
      state === "vendor-managed"
        ? "The vendor activates the waves; send the onboarding request. Nothing is activated by this stack."
        : state === "paused"
          ? "Paused at day 0."
          : "Day 1 needs the backup tasks signed in: open the links in backupTaskSignInLinks, then pulumi refresh.";
    return {
      id: `rollout-${name}`,
      progress: { state, message, day: 0, daysPlanned, checkedOn: inputs.today, activated: {}, total: {}, waves: [] },
    };
  },
};
