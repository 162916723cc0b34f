import type { BackupService } from "../services/backup-services";
import type { ExpectedTask } from "./tenant-coverage";
import type { ProtectedTask } from "./protection-source";
import { vendorRegions } from "../config/sections/backup-tasks";

/**
 * A tenant onboarded by hand before this module: the stack-file values under which `pulumi up` adopts
 * its tasks as they are (names, region, and the settings where the vendor shows them), as config and as
 * the `pulumi config set` commands that write it. Only tasks that back up the tenant are proposed.
 */
export interface BrownfieldProposal {
  config: Record<string, unknown>;
  commands: string[];
  notes: string[];
}

/** The config's region code for a vendor region word (US_EST, EU_FRANKFURT: the word starts with the code; an assumption). */
function regionCodeOf(word: string | undefined): string | undefined {
  const lower = word?.toLowerCase();
  return vendorRegions.find((c) => lower === c || lower?.startsWith(`${c}_`));
}

const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

export function brownfieldProposal(
  stack: string,
  expected: readonly ExpectedTask[],
  bound: Partial<Record<BackupService, ProtectedTask>>,
  configuredRegion: string,
): BrownfieldProposal {
  const config: Record<string, unknown> = {};
  const commands: string[] = [];
  const notes: string[] = [];
  const set = (path: string, value: string | boolean | number | null, type?: "string") => {
    config[path] = value;
    commands.push(
      `pulumi config set --stack ${stack} --path ${quote(`backupTasks.${path}`)} ${quote(String(value))}${type ? ` --type ${type}` : ""}`,
    );
  };
  const regions = new Set<string>();
  for (const e of expected) {
    const task = bound[e.service];
    if (!task) {
      notes.push(
        `${e.service}: no task of the service backs up this tenant; pulumi up makes (or, with the public API, asks you to make) "${e.taskName}".`,
      );
      continue;
    }
    if (task.name !== e.taskName) set(`taskNames.${e.service}`, task.name);
    const region = regionCodeOf(task.region);
    if (region) regions.add(region);
    else if (task.region)
      notes.push(`${e.service}: the vendor's region word ${task.region} is not one the config knows; check backupTasks.region.`);
    const s = task.settings;
    if (s) {
      if (s.backupUnlicensedAccounts !== undefined && s.backupUnlicensedAccounts !== e.settings.backupUnlicensedAccounts)
        set(`overrides.${e.service}.backupUnlicensedAccounts`, s.backupUnlicensedAccounts);
      const retain = s.retainArchivedDays === null ? "forever" : s.retainArchivedDays;
      if (retain !== undefined && retain !== e.settings.retainArchivedDays) set(`overrides.${e.service}.retainArchivedDays`, retain);
      if (s.autoActivateNew === true && !e.settings.autoActivateNew) set(`overrides.${e.service}.autoActivateNew`, true);
    } else {
      notes.push(
        `${e.service}: the public API does not show "${task.name}"'s settings; compare them in the CloudAlly console with the stack's (npm run config-reference).`,
      );
    }
  }
  if (regions.size === 1) {
    const [region] = regions;
    if (region !== configuredRegion) set("region", region);
  } else if (regions.size > 1)
    notes.push(`The tasks are in several data regions (${[...regions].join(", ")}); the config has one backupTasks.region.`);
  return { config: Object.fromEntries(Object.entries(config).map(([k, v]) => [`backupTasks.${k}`, v])), commands, notes };
}
