import type * as pulumi from "@pulumi/pulumi";
import type { BackupService } from "../infra/services/backup-services";
import { activationRolloutProvider } from "../infra/providers/activation-rollout-provider";
import { backupTaskProvider } from "../infra/providers/backup-task-provider";
import { planActivation } from "../infra/planner/activation-planner";
import { CloudAllyEmulator } from "../tests/emulators/cloudally/cloudally-emulator";

/**
 * Vendor calls of a `pulumi up` that changes nothing, after a tenant's rollout completed, and of a
 * second run on the same day during the rollout: every resource checked and diffed as the engine does,
 * updated only where the diff says so. The provider objects are the ones serialized into state; they
 * run in-process here (the whole-stack tests drive them through the dynamic-provider host).
 */
const services: BackupService[] = ["exchange", "sharepoint", "onedrive", "groupsTeams"];
const tenantId = "00000000-0000-4000-8000-00000000c0de";
const credentials = {
  clientId: "bench-client",
  clientSecret: "bench-client-secret",
  email: "bench@contoso.com",
  password: "bench-password",
};

type Resource = {
  provider: pulumi.dynamic.ResourceProvider;
  id: string;
  outs: Record<string, unknown>;
  inputs: () => Record<string, unknown>;
};

async function up(resources: Resource[]): Promise<number> {
  let updates = 0;
  for (const r of resources) {
    const checked = await r.provider.check!(r.outs, r.inputs());
    const diff = await r.provider.diff!(r.id, r.outs, checked.inputs);
    if (!diff.changes) continue;
    updates += 1;
    r.outs = (await r.provider.update!(r.id, r.outs, checked.inputs)).outs ?? r.outs;
  }
  return updates;
}

export async function noChangeUpBenchRows(mailboxes = 25_000): Promise<string[][]> {
  const rows = [["run", "resources", "updates", "vendor writes", "vendor reads", "ms"]];
  const tenant = {
    exchange: { mailbox: mailboxes, sharedMailbox: Math.round(mailboxes * 0.04) },
    sharepoint: { site: Math.ceil(mailboxes / 10) },
    onedrive: { oneDrive: mailboxes },
    groupsTeams: { group: Math.ceil(mailboxes / 8) },
  };
  const vendor = new CloudAllyEmulator({ credentials, tenant, m365TenantId: tenantId });
  await vendor.start();
  const config: Record<string, string> = {
    "m365-backup:vendorApi": JSON.stringify({
      emulatorUrl: vendor.url,
      clientId: credentials.clientId,
      accountEmail: credentials.email,
      capabilities: "contract",
    }),
    "m365-backup:vendorClientSecret": credentials.clientSecret,
    "m365-backup:vendorPassword": credentials.password,
  };
  const configure = { config: { get: (k: string) => config[k] } } as unknown as pulumi.dynamic.ConfigureRequest;
  await backupTaskProvider.configure!(configure);
  await activationRolloutProvider.configure!(configure);
  try {
    const resources: Resource[] = [];
    const settings = { indexForSearch: true, backupUnlicensedAccounts: true, retainArchivedDays: 365, autoActivateNew: false };
    for (const service of services) {
      const rootUrl =
        service === "sharepoint" ? "contoso.sharepoint.com" : service === "onedrive" ? "contoso-my.sharepoint.com" : undefined;
      const inputs = () => ({
        service,
        taskName: `Contoso ${service} backup`,
        ...(rootUrl ? { rootUrl } : {}),
        region: "us",
        settings,
        enterprise: true,
        owner: { tenantId, stack: "bench", resource: `contoso-tasks-${service}` },
      });
      const checked = await backupTaskProvider.check!({}, inputs());
      const created = await backupTaskProvider.create!(checked.inputs);
      resources.push({ provider: backupTaskProvider, id: created.id, outs: created.outs!, inputs });
      vendor.completeAuthorization(created.id, tenantId);
    }
    const counts = {
      userMailboxes: mailboxes,
      unlicensedUserMailboxes: 0,
      sharedMailboxes: tenant.exchange.sharedMailbox,
      sites: tenant.sharepoint.site,
      oneDrives: mailboxes,
      groups: tenant.groupsTeams.group,
      teams: 0,
      licensedUsers: mailboxes,
    };
    const plan = planActivation({ counts, services, safetyFactor: 1.5, exchangeParallelMailboxes: 50 });
    const tasks = Object.fromEntries(resources.map((r) => [r.outs.service, r.id]));
    const rolloutInputs = () => ({
      tenantName: "contoso",
      mode: "self-service",
      paused: false,
      enterprise: true,
      safetyFactor: 1.5,
      healthyThreshold: 0.95,
      priority: [],
      dailyBudget: plan.dailyBudget,
      waves: plan.waves.map(({ entityKeys: _keys, ...w }) => w),
      releaseAutoActivation: [],
      expected: {
        exchange: mailboxes + tenant.exchange.sharedMailbox,
        sharepoint: tenant.sharepoint.site,
        onedrive: mailboxes,
        groupsTeams: tenant.groupsTeams.group,
      },
      tasks,
      today: vendor.today,
    });
    const checked = await activationRolloutProvider.check!({}, rolloutInputs());
    const created = await activationRolloutProvider.create!(checked.inputs);
    resources.push({ provider: activationRolloutProvider, id: created.id, outs: created.outs!, inputs: rolloutInputs });

    const measure = async (label: string) => {
      const mark = vendor.service.log.length;
      const t = performance.now();
      const updates = await up(resources);
      const ms = performance.now() - t;
      const calls = vendor.service.log.slice(mark).filter((r) => !r.path.startsWith("/v2/auth/"));
      rows.push([
        label,
        String(resources.length),
        String(updates),
        String(calls.filter((r) => r.method !== "GET").length),
        String(calls.filter((r) => r.method === "GET").length),
        ms.toFixed(0),
      ]);
    };
    await measure("second run on the rollout's first day");
    for (let day = 0; day < 60 && (resources.at(-1)!.outs.progress as { state: string }).state !== "complete"; day++) {
      vendor.advanceDay();
      await up(resources);
    }
    vendor.advanceDay();
    await measure(`no-change up after completion (${(resources.at(-1)!.outs.progress as { day: number }).day} days)`);
  } finally {
    await vendor.stop();
  }
  return rows;
}
