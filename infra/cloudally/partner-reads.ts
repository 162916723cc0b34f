import type { BackupService } from "../services/backup-services";
import type { EntityKind, PublicEntityStatus, PublicTask, TaskStatus } from "./backup-vendor-api";
import type { PartnerStatus, PartnerTask } from "./vendor-schemas";

/**
 * The public partner API's words turned into the module's: which service a task's `source` stands for,
 * its status, and its dates. docs/facts.md records where each word was seen.
 */

/**
 * The `source` of each service's task. SHAREPOINT_MULTI is seen in a real partner-API answer; the other
 * three are assumptions (no public answer shows them) that vendorApi.sources corrects per stack.
 */
export const defaultPartnerSources: Record<BackupService, string> = {
  exchange: "O365",
  sharepoint: "SHAREPOINT_MULTI",
  onedrive: "ONEDRIVE",
  groupsTeams: "MS365GROUPS",
};

/** The kind a service's entities are counted as in the public reads, which name entities but do not type them. */
export const publicEntityKind: Record<BackupService, EntityKind> = {
  exchange: "mailbox",
  sharepoint: "site",
  onedrive: "oneDrive",
  groupsTeams: "group",
};

/** Task status words: ACTIVE is seen in real answers; PAUSED and SUSPENDED are assumptions, ARCHIVED is seen on statuses. */
const statusOf: Record<string, TaskStatus> = { ACTIVE: "active", PAUSED: "paused", SUSPENDED: "paused", ARCHIVED: "archived" };

/** yyyyMMddHHmmss (a number in lastBackupDates) or an ISO text, as an ISO time; anything else is dropped. */
export function vendorTime(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value);
  const compact = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  // Assumption: the compact form is UTC (no public answer states a zone).
  const iso = compact ? `${compact[1]}-${compact[2]}-${compact[3]}T${compact[4]}:${compact[5]}:${compact[6]}Z` : text;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

export function publicTaskOf(task: PartnerTask, sources: Record<BackupService, string>): PublicTask {
  const service = (Object.keys(sources) as BackupService[]).find((s) => sources[s].toUpperCase() === task.source.toUpperCase());
  const backups = Object.values(task.lastBackupDates ?? {})
    .map(vendorTime)
    .filter((t): t is string => t !== undefined)
    .sort();
  return {
    id: task.id,
    accountId: task.userId,
    ...(service ? { service } : {}),
    source: task.source,
    name: task.alias ?? "",
    ...(task.region ? { region: task.region } : {}),
    status: statusOf[task.status.toUpperCase()] ?? "other",
    vendorStatus: task.status,
    ...(task.numOfEntities !== null && task.numOfEntities !== undefined ? { entities: task.numOfEntities } : {}),
    ...(task.numOfBilledEntities !== null && task.numOfBilledEntities !== undefined ? { billedEntities: task.numOfBilledEntities } : {}),
    ...(backups.length > 0 ? { lastBackupAt: backups.at(-1)! } : {}),
    ...(task.domain ? { domain: task.domain.toLowerCase() } : {}),
    ...(task.account ? { signInAccount: task.account.toLowerCase() } : {}),
  };
}

export function publicStatusOf(status: PartnerStatus): PublicEntityStatus {
  const last = vendorTime(status.lastBackupDate);
  const attempt = vendorTime(status.lastBackupAttemptDate);
  return {
    taskId: status.taskId,
    entity: status.entityName,
    ...(last ? { lastBackupAt: last } : {}),
    ...(attempt ? { lastAttemptAt: attempt } : {}),
    statuses: (status.backupStatus ?? []).map((s) => s.status.toUpperCase()),
    ...((status.lastBackupDate && !last) || (status.lastBackupAttemptDate && !attempt) ? { unreadableDates: true as const } : {}),
  };
}

/**
 * The vendor's data region word for a task region of the config. Assumption: the words start with the
 * region's code (US_EST and EU_FRANKFURT are seen in real answers).
 */
export function sameRegion(configured: string, vendorWord: string | undefined): boolean {
  return vendorWord === undefined || vendorWord.toUpperCase().startsWith(configured.toUpperCase());
}
