import type { EntityKind } from "../cloudally/backup-vendor-api";
import type { BackupService } from "../services/backup-services";

/**
 * The one read interface for protection: what a backup service says of its tasks and of each entity
 * it backs up. The rollout and the coverage command read protection through it and nothing else, so a
 * second backend (Microsoft 365 Backup's protection policies and units through Graph) implements these
 * two calls and no caller changes. docs/protection-source.md maps both backends onto it.
 */
export interface ProtectionSource {
  /** Which backend answers (it goes into reports). */
  readonly backend: string;
  /** Every task (CloudAlly) or protection policy (Microsoft 365 Backup) the account holds, one read. */
  tasks(): Promise<ProtectedTask[]>;
  /** What the backend says of each entity of the given tasks, keyed by task id; rows may repeat an entity. */
  entities(taskIds: readonly string[]): Promise<Map<string, EntityRecord[]>>;
}

/** A task as a protection source reports it. Fields a backend does not publish are absent, never guessed. */
export interface ProtectedTask {
  id: string;
  /** The service it backs up, when it is one of the four. */
  service?: BackupService;
  name: string;
  status: "active" | "paused" | "archived" | "other";
  /** Whether the task is signed in to Microsoft 365, where the backend says (CloudAlly's public reads do not). */
  signedIn?: boolean;
  /** The backend's own status word. */
  vendorStatus: string;
  /** The customer account it is filed under. */
  accountId?: string;
  region?: string;
  /** The Microsoft 365 tenant the task is signed in to, where the backend says (the contract does). */
  tenantId?: string;
  /** The Microsoft 365 domain the backend records for the task (CloudAlly's `domain`). */
  domain?: string;
  /** The Microsoft 365 account the task signed in with (CloudAlly's `account`). */
  signInAccount?: string;
  /** The SharePoint or OneDrive root the task backs up, where the backend says. */
  rootUrl?: string;
  /** How many entities the task lists, where it states more than it names. */
  listed?: number;
  /** The newest backup of the task that succeeded. */
  lastBackupAt?: string;
  /** Settings where the backend shows them (the contract does; CloudAlly's public reads do not). */
  settings?: {
    autoActivateNew?: boolean;
    indexForSearch?: boolean;
    backupUnlicensedAccounts?: boolean;
    retainArchivedDays?: number | null;
  };
}

/** One row the backend reports for an entity. */
export interface EntityRecord {
  /** The backend's id for it (what an activation names), where it has one. */
  id?: string;
  /** Mailbox or group address, or site URL: what `entityKey` counts it by. */
  name: string;
  /** What it is, where the backend says. */
  kind?: EntityKind;
  /** Backed up from now on (activated), as opposed to listed only. */
  active: boolean;
  /** Archived at the backend (its source is gone): kept, no longer backed up, not counted as listed. */
  archived?: boolean;
  /** Whether the backend's dates for this entity can be read at all; without them it is "not verified". */
  dated: boolean;
  lastBackupAt?: string;
  lastAttemptAt?: string;
  /** The backend says its latest attempt failed. */
  failing?: boolean;
  /** The backend says a backup that was due did not run (the contract's daily `not-run` of an entity active before). */
  missedLastBackup?: boolean;
  sizeBytes?: number;
  /** Calendar day (UTC) it was activated, where the backend says. */
  activatedOn?: string;
}
