import type { BackupService } from "../services/backup-services";
import type { VendorOperation } from "./vendor-capabilities";

/**
 * The one small interface the providers use to talk to the backup vendor. The HTTP client implements
 * it against the contract in docs/ (and CloudAlly's confirmed public calls); a real endpoint that
 * differs replaces the client, not the providers.
 */
export type ConnectionState = "pending-authorization" | "connected" | "authorization-failed" | "authorization-expired";
export type TaskStatus = "active" | "paused" | "archived";
export type EntityKind = "mailbox" | "sharedMailbox" | "site" | "oneDrive" | "group" | "team";

export interface VendorTaskSettings {
  indexForSearch: boolean;
  backupUnlicensedAccounts: boolean;
  /** Days, or null for forever. */
  retainArchivedDays: number | null;
  autoActivateNew: boolean;
  /** Daily backup start, HH:MM UTC. */
  dailyAtUtc?: string;
}

/**
 * Who manages a task: the Microsoft 365 tenant, the Pulumi stack and the resource. Stored on the task
 * at the vendor, so a task is adopted, changed, paused or deleted only by the resource that owns it.
 */
export interface TaskOwner {
  tenantId: string;
  stack: string;
  resource: string;
}

export interface VendorTask {
  id: string;
  service: BackupService;
  name: string;
  rootUrl?: string;
  region: string;
  settings: VendorTaskSettings;
  connectionState: ConnectionState;
  /** The OAuth sign-in link an admin opens once while authorisation is pending. */
  authorizationUrl?: string;
  status: TaskStatus;
  discovery: { state: "not-started" | "running" | "complete"; counts: Partial<Record<EntityKind, number>> };
  /** The resource that manages the task; absent on tasks made by hand or by earlier versions. */
  owner?: TaskOwner;
  /** The Microsoft 365 tenant the task is signed in to, once an admin has authorised it. */
  tenantId?: string;
  /** When the task's last backup that succeeded finished (ISO time). */
  lastSuccessfulBackupAt?: string;
}

export interface CreateTaskRequest {
  service: BackupService;
  name: string;
  rootUrl?: string;
  region: string;
  settings: VendorTaskSettings;
  /** Always sent by the module; tasks made in the vendor's console have none. */
  owner?: TaskOwner;
}

export interface TaskChange {
  name?: string;
  settings?: Partial<VendorTaskSettings>;
  owner?: TaskOwner;
}

export interface VendorEntity {
  id: string;
  kind: EntityKind;
  /** UPN, site URL or group mail: what the planner orders by and people recognise. */
  address: string;
  active: boolean;
  /** Size in bytes where the vendor knows it. */
  sizeBytes?: number;
  /** The vendor's calendar day (UTC) the entity was activated: what a day's activations cost is read from here. */
  activatedOn?: string;
}

export interface EntityDailyStatus {
  entityId: string;
  /** ISO date (UTC) of the backup day. */
  day: string;
  outcome: "success" | "partial" | "failed" | "not-run";
}

/**
 * A backup task as the public partner API shows it (GET /v1/partners/tasks): no settings, owner or
 * sign-in state, which only the vendor's console shows.
 */
export interface PublicTask {
  id: string;
  /** The customer account at the vendor (vendorApi.accountId). */
  accountId: string;
  /** The service its source stands for, when it is one of the four. */
  service?: BackupService;
  /** The vendor's word for what the task backs up (e.g. SHAREPOINT_MULTI). */
  source: string;
  name: string;
  /** The vendor's data region word (e.g. US_EST). */
  region?: string;
  status: TaskStatus | "other";
  /** The vendor's status word, as sent. */
  vendorStatus: string;
  /** Entities the task lists, and of those the ones billed (backed up). */
  entities?: number;
  billedEntities?: number;
  /** The last backup (ISO time), when the vendor reports one. */
  lastBackupAt?: string;
  /** The Microsoft 365 domain the vendor records for the task (`domain`; null in the one real answer seen). */
  domain?: string;
  /** The Microsoft 365 account the task signed in with (`account`; an address in the real answer seen). */
  signInAccount?: string;
}

/** One entity's backup status as the public partner API reports it (GET /v1/partners/status). */
export interface PublicEntityStatus {
  taskId: string;
  /** The entity's name at the vendor: a mailbox address, site URL or group name. */
  entity: string;
  lastBackupAt?: string;
  lastAttemptAt?: string;
  /** The vendor's status words, one per sub-source (ACTIVE, FAILED, ARCHIVED, ...). */
  statuses: string[];
  /** A date was sent in a form the module cannot read: the entity's backups are then not verified. */
  unreadableDates?: true;
}

export interface BackupVendorApi {
  /** Whether the stack's vendor offers an operation (vendorApi.capabilities); nothing outside them is ever sent. */
  offers(operation: VendorOperation): boolean;
  /** The customer account at the vendor the stack's tasks are filed under (vendorApi.accountId), when set. */
  readonly accountId: string | undefined;
  /** The account's tasks through the public partner reads. */
  accountTasks(): Promise<PublicTask[]>;
  /** Every customer account's tasks the partner sees (one listing): what a fleet reads once for all its tenants. */
  partnerTasks(): Promise<PublicTask[]>;
  /** Backup status per entity of the given tasks (or of every task), through the public partner reads (one partner-wide listing per call). */
  entityStatuses(taskIds: readonly string[] | "all"): Promise<Map<string, PublicEntityStatus[]>>;
  /** Looks a task up by its natural key (service and name); used to adopt and to make create idempotent. */
  findTask(service: BackupService, name: string): Promise<VendorTask | undefined>;
  getTask(id: string): Promise<VendorTask | undefined>;
  listTasks(): Promise<VendorTask[]>;
  createTask(request: CreateTaskRequest, idempotencyKey: string): Promise<VendorTask>;
  updateTask(id: string, change: TaskChange): Promise<VendorTask>;
  pauseTask(id: string): Promise<VendorTask>;
  /** Resumes backups of a paused or archived task. */
  resumeTask(id: string): Promise<VendorTask>;
  /** Deletes the task; its backup data goes only when deleteBackupData is true. */
  deleteTask(id: string, options: { deleteBackupData: boolean }): Promise<void>;
  listEntities(taskId: string): Promise<VendorEntity[]>;
  /** Activates entities; ones already active are reported, never activated twice. */
  activateEntities(taskId: string, entityIds: string[], idempotencyKey: string): Promise<{ activated: string[]; alreadyActive: string[] }>;
  dailyStatus(taskId: string, day: string): Promise<EntityDailyStatus[]>;
}
