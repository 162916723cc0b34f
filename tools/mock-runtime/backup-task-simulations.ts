import { createHash } from "crypto";

/**
 * What the vendor answers when a backup task is created: a task id and a task waiting for its OAuth
 * sign-in, nothing discovered or activated yet. Offline runs show exactly that state.
 */
export const backupTaskSimulatedOutputs = {
  "pulumi-nodejs:dynamic/m365-backup:BackupTask": (name: string, inputs: Record<string, unknown>): Record<string, unknown> => {
    const taskId = `task-${createHash("sha1").update(name).digest("hex").slice(0, 12)}`;
    return {
      id: taskId,
      taskId,
      connectionState: "pending-authorization",
      authorizationUrl: `https://api.cloudally.com/oauth/authorize?task=${taskId}`,
      status: "active",
      lastSuccessfulBackupAt: "never",
      discoveryState: "not-started",
      discoveredCounts: {},
      vendorActionRequired:
        (inputs.settings as { indexForSearch?: boolean } | undefined)?.indexForSearch === false
          ? ['Turn off "Index all data for search": only vendor support can do this.']
          : [],
      consoleChecks: [],
    };
  },
};
