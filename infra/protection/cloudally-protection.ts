import type { BackupVendorApi, PublicEntityStatus, PublicTask } from "../cloudally/backup-vendor-api";
import type { EntityRecord, ProtectedTask, ProtectionSource } from "./protection-source";

/**
 * The protection source on CloudAlly: its public partner reads (GET /v1/partners/tasks and
 * /v1/partners/status, the only calls that work against the real CloudAlly today) or, where the stack's
 * vendor offers it, the contract's task, entity and daily-status reads.
 */

/** Status words of an entity the vendor backs up: ACTIVE and FAILED (a failing backup is still activated) are seen in real answers. */
const activeWords = new Set(["ACTIVE", "FAILED"]);

/**
 * The partner-wide listings, each read at most once however many tenants ask: a fleet of N stacks on
 * one partner account reads the task and status listings once, not N times.
 */
export class PartnerListings {
  private taskList: Promise<PublicTask[]> | undefined;
  private statusList: Promise<Map<string, PublicEntityStatus[]>> | undefined;
  constructor(readonly api: BackupVendorApi) {}

  tasks(): Promise<PublicTask[]> {
    this.taskList ??= this.api.partnerTasks();
    return this.taskList;
  }

  statuses(): Promise<Map<string, PublicEntityStatus[]>> {
    this.statusList ??= this.api.entityStatuses("all");
    return this.statusList;
  }
}

export function publicEntityRecord(s: PublicEntityStatus): EntityRecord {
  return {
    name: s.entity,
    active: s.statuses.some((w) => activeWords.has(w)),
    ...(s.statuses.length > 0 && s.statuses.every((w) => w === "ARCHIVED") ? { archived: true } : {}),
    // The listing publishes both dates for every entity it names (an absent one means none happened); a date it
    // sent in a form the module cannot read leaves the entity not verified.
    dated: s.unreadableDates !== true,
    ...(s.lastBackupAt ? { lastBackupAt: s.lastBackupAt } : {}),
    ...(s.lastAttemptAt ? { lastAttemptAt: s.lastAttemptAt } : {}),
    failing: s.statuses.includes("FAILED"),
  };
}

function protectedTaskOfPublic(t: PublicTask): ProtectedTask {
  return {
    id: t.id,
    ...(t.service ? { service: t.service } : {}),
    name: t.name,
    status: t.status,
    vendorStatus: t.vendorStatus,
    accountId: t.accountId,
    ...(t.region ? { region: t.region } : {}),
    ...(t.domain ? { domain: t.domain } : {}),
    ...(t.signInAccount ? { signInAccount: t.signInAccount } : {}),
    ...(t.entities !== undefined ? { listed: t.entities } : {}),
    ...(t.lastBackupAt ? { lastBackupAt: t.lastBackupAt } : {}),
  };
}

/** One customer account's tasks and entities through the partner listings (shared across a fleet's stacks). */
export function publicProtection(listings: PartnerListings, accountId: string): ProtectionSource {
  return {
    backend: "cloudally-public",
    async tasks() {
      return (await listings.tasks()).filter((t) => t.accountId === accountId).map(protectedTaskOfPublic);
    },
    async entities(taskIds) {
      const all = await listings.statuses();
      return new Map(taskIds.map((id) => [id, (all.get(id) ?? []).map(publicEntityRecord)]));
    },
  };
}

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The contract's reads: every entity a task lists (active or not, with its activation day and size) and
 * yesterday's outcome per entity, which dates its last backup: a success or partial success at the end
 * of yesterday, a failure as an attempt then, `not-run` of an entity active before yesterday as missed.
 */
export function contractProtection(api: BackupVendorApi, today: string): ProtectionSource {
  const yesterday = dayBefore(today);
  const endOfYesterday = `${yesterday}T23:59:59.000Z`;
  const twoDaysAgo = dayBefore(yesterday);
  const endOfTwoDaysAgo = `${twoDaysAgo}T23:59:59.000Z`;
  return {
    backend: "cloudally-contract",
    async tasks() {
      return (await api.listTasks()).map((t) => ({
        id: t.id,
        service: t.service,
        name: t.name,
        status: t.status,
        vendorStatus: t.status,
        signedIn: t.connectionState === "connected",
        region: t.region,
        ...(t.tenantId ? { tenantId: t.tenantId } : {}),
        ...(t.rootUrl ? { rootUrl: t.rootUrl } : {}),
        ...(t.lastSuccessfulBackupAt ? { lastBackupAt: t.lastSuccessfulBackupAt } : {}),
        settings: { ...t.settings },
      }));
    },
    async entities(taskIds) {
      const out = new Map<string, EntityRecord[]>();
      for (const taskId of taskIds) {
        const entities = await api.listEntities(taskId);
        const outcomes = entities.some((e) => e.active) ? await api.dailyStatus(taskId, yesterday) : [];
        const outcomeOf = new Map(outcomes.map((s) => [s.entityId, s.outcome]));
        // An entity whose backup failed yesterday may still have the day before's within the window: read that day too.
        const failedYesterday = new Set(outcomes.filter((s) => s.outcome === "failed").map((s) => s.entityId));
        const earlier =
          failedYesterday.size > 0
            ? new Set(
                (await api.dailyStatus(taskId, twoDaysAgo))
                  .filter((s) => s.outcome === "success" || s.outcome === "partial")
                  .map((s) => s.entityId),
              )
            : new Set<string>();
        out.set(
          taskId,
          entities.map((e) => {
            const outcome = outcomeOf.get(e.id);
            const ok = outcome === "success" || outcome === "partial";
            return {
              id: e.id,
              name: e.address,
              kind: e.kind,
              active: e.active,
              dated: true,
              ...(ok ? { lastBackupAt: endOfYesterday } : earlier.has(e.id) ? { lastBackupAt: endOfTwoDaysAgo } : {}),
              ...(outcome === "failed" || ok ? { lastAttemptAt: endOfYesterday } : {}),
              failing: outcome === "failed",
              missedLastBackup:
                e.active && e.activatedOn !== undefined && e.activatedOn < yesterday && (outcome ?? "not-run") === "not-run",
              ...(e.sizeBytes !== undefined ? { sizeBytes: e.sizeBytes } : {}),
              ...(e.activatedOn ? { activatedOn: e.activatedOn } : {}),
            };
          }),
        );
      }
      return out;
    },
  };
}

/** The stack's protection source: the contract's reads where its vendor offers them, otherwise the public partner reads. */
export function cloudAllyProtection(api: BackupVendorApi, options: { today: string; listings?: PartnerListings }): ProtectionSource {
  if (api.offers("getTask") && api.offers("listEntities")) return contractProtection(api, options.today);
  if (!api.accountId)
    throw new Error(
      "The public partner reads need the customer's account at the vendor: set vendorApi.accountId (the partner portal shows it under the customer's account).",
    );
  return publicProtection(options.listings ?? new PartnerListings(api), api.accountId);
}
