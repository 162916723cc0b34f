import type { BackupService } from "../../infra/services/backup-services";
import type { EntityCounts } from "../../infra/discovery/tenant-inventory";
import { planActivation } from "../../infra/planner/activation-planner";
import { expectedEntities } from "../../infra/rollout/expected-entities";
import type { ActivationRolloutInputs } from "../../infra/rollout/rollout-inputs";
import type { CloudAllyEmulator } from "../emulators/cloudally/cloudally-emulator";
import { clientFor, testOwner } from "../harness/vendor-fixtures";
import { serializedProviders } from "../harness/serialized-providers";

/** The serialized ActivationRollout provider exactly as the program registers it. */
export async function serializedRolloutProvider(): Promise<string> {
  const providers = await serializedProviders(async () => {
    const { ActivationRollout } = await import("../../components/activation-rollout");
    new ActivationRollout("probe", {
      tenantName: "contoso",
      mode: "vendor-managed",
      paused: false,
      enterprise: true,
      safetyFactor: 1.5,
      healthyThreshold: 0.95,
      protectionWindowHours: 36,
      priority: [],
      dailyBudget: { exchange: 1, sharepoint: 1 },
      waves: [],
      releaseAutoActivation: [],
      tasks: {},
      today: "2026-12-01",
    });
  });
  return providers["pulumi-nodejs:dynamic/m365-backup:ActivationRollout"];
}

const serviceKinds: Record<BackupService, string[]> = {
  exchange: ["mailbox", "sharedMailbox"],
  sharepoint: ["site"],
  onedrive: ["oneDrive"],
  groupsTeams: ["group"],
};

/** Creates and signs in one task per service at the emulator, as the BackupTask resources and the admin would. */
export async function connectedTasks(
  emulator: CloudAllyEmulator,
  services: readonly BackupService[],
  authorise = true,
): Promise<Partial<Record<BackupService, string>>> {
  const client = clientFor(emulator);
  const tasks: Partial<Record<BackupService, string>> = {};
  for (const service of services) {
    const task = await client.createTask(
      {
        service,
        name: `Contoso ${service}`,
        region: "us",
        settings: { indexForSearch: true, backupUnlicensedAccounts: false, retainArchivedDays: null, autoActivateNew: false },
        owner: testOwner(`contoso-tasks-${service}`),
      },
      `create-${service}`,
    );
    if (authorise) emulator.completeAuthorization(task.id);
    tasks[service] = task.id;
  }
  return tasks;
}

/** Counts as Graph discovery would report them for the emulator's tenant option. */
export function countsFor(tenant: Partial<Record<BackupService, Record<string, number>>>, licensedUsers: number): EntityCounts {
  const k = (s: BackupService, kind: string) => tenant[s]?.[kind] ?? 0;
  return {
    userMailboxes: k("exchange", "mailbox"),
    unlicensedUserMailboxes: 0,
    sharedMailboxes: k("exchange", "sharedMailbox"),
    sites: k("sharepoint", "site"),
    oneDrives: k("onedrive", "oneDrive"),
    groups: k("groupsTeams", "group"),
    teams: 0,
    licensedUsers,
  };
}

/** The rollout's inputs as the program builds them from the planner (counts only). */
export function rolloutInputs(
  provider: string,
  counts: EntityCounts,
  tasks: Partial<Record<BackupService, string>>,
  today: string,
  options: {
    mode?: ActivationRolloutInputs["mode"];
    paused?: boolean;
    exchangeParallelMailboxes?: number;
    safetyFactor?: number;
    priority?: string[];
    releaseAutoActivation?: BackupService[];
    /** Graph discovery's counts per service; absent means counts from config (the rollout is then never complete). */
    expected?: Partial<Record<BackupService, number>> | "from-config";
  } = {},
): Record<string, unknown> & ActivationRolloutInputs {
  const services = Object.keys(tasks) as BackupService[];
  const plan = planActivation({
    counts,
    services,
    safetyFactor: options.safetyFactor ?? 1.5,
    priority: options.priority ?? [],
    exchangeParallelMailboxes: options.exchangeParallelMailboxes ?? 1,
  });
  return {
    __provider: provider,
    tenantName: "contoso",
    awaitingConsole: [],
    mode: options.mode ?? "self-service",
    paused: options.paused ?? false,
    enterprise: true,
    safetyFactor: plan.safetyFactor,
    healthyThreshold: 0.95,
    protectionWindowHours: 36,
    priority: options.priority ?? [],
    dailyBudget: plan.dailyBudget,
    waves: plan.waves.map(({ entityKeys: _k, ...w }) => w),
    releaseAutoActivation: options.releaseAutoActivation ?? [],
    ...(options.expected === "from-config"
      ? {}
      : {
          expected:
            options.expected ?? expectedEntities({ tenantId: "t", counts, source: "graph", discoveredAt: today }, services, () => false),
        }),
    tasks: tasks as Record<string, string>,
    today,
  };
}

export { serviceKinds };
