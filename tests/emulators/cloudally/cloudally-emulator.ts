import { createHash, randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { BackupService } from "../../../infra/services/backup-services";
import type { EntityKind, VendorTask, VendorTaskSettings } from "../../../infra/cloudally/backup-vendor-api";
import { defaultPartnerSources } from "../../../infra/cloudally/partner-reads";
import { LoopbackService, ServiceRequest, ServiceResponse } from "../loopback-service";

export interface EmulatedEntity {
  id: string;
  kind: EntityKind;
  address: string;
  active: boolean;
  sizeBytes: number;
  /** Day the entity was activated; its first full backup runs that day. */
  activatedOn?: string;
  /** Activation requests that named this entity while it was inactive: more than one would be a double activation. */
  activations: number;
  /** The last day a backup of it succeeded, once a day with one has passed (what a stopped backup reports as its last). */
  lastBackupOn?: string;
}

/** A task as the vendor holds it: the contract's fields, the customer account it is filed under and when it was made. */
type EmulatedTask = VendorTask & { accountId: string; createdOn: string; domain?: string };

interface EmulatorState {
  today: string;
  sequence: number;
  tasks: Record<string, EmulatedTask>;
  entities: Record<string, EmulatedEntity[]>;
  idempotency: Record<string, ServiceResponse>;
  /** Task ids whose backup data was deleted. */
  dataDeleted: string[];
}

export interface CloudAllyEmulatorOptions {
  /** Partner credentials the emulator accepts. */
  credentials: { clientId: string; clientSecret: string; email: string; password: string };
  /** JSON file the state is kept in, so a stopped emulator resumes where it was. */
  stateFile?: string;
  /** Lifetime of issued access tokens. */
  tokenTtlSeconds?: number;
  /** Entities each service's task discovers once authorised, as counts per kind. */
  tenant?: Partial<Record<BackupService, Partial<Record<EntityKind, number>>>>;
  /** Tenant domain used in generated addresses. */
  domain?: string;
  /** Share of daily backups that fail, decided by a hash so runs repeat exactly. */
  dailyFailureRate?: number;
  /** First day of the emulator's clock (YYYY-MM-DD). */
  today?: string;
  /** The Microsoft 365 tenant id a sign-in connects tasks to, unless completeAuthorization names another. */
  m365TenantId?: string;
  /** The customer account tasks made through the API are filed under (the public reads report it as userId). */
  accountId?: string;
  /** Serve only CloudAlly's public partner API: every contract-only operation answers 404. */
  publicOnly?: boolean;
}

/** The customer account of the emulator unless the options name another. */
export const emulatorAccountId = "contoso-7731";

/** Routes of CloudAlly's public partner API (docs/cloudally-api.openapi.yaml, x-source confirmed). */
export const publicRoutes = [
  "POST /v2/auth/partner",
  "POST /auth/refresh",
  "GET /v1/partners/tasks",
  "GET /v1/partners/status",
  "GET /v2/resellers/accounts",
  "GET /v2/resellers/accounts/:accountId/backup-tasks",
  "GET /v2/resellers/accounts/backup-statuses",
] as const;

/** The vendor's words for a task's status and data region (US_EST and EU_FRANKFURT are seen in real answers; the rest are assumptions). */
const statusWord = { active: "ACTIVE", paused: "PAUSED", archived: "ARCHIVED" } as const;
const regionWord: Record<string, string> = {
  us: "US_EST",
  eu: "EU_FRANKFURT",
  uk: "UK_LONDON",
  ca: "CA_CENTRAL",
  au: "AU_SYDNEY",
  za: "ZA_JOHANNESBURG",
  jp: "JP_TOKYO",
};

const kindWord: Record<EntityKind, string> = {
  mailbox: "user",
  sharedMailbox: "shared",
  site: "site",
  oneDrive: "drive",
  group: "group",
  team: "team",
};

/** Largest entity of each kind the emulator discovers. */
const maxBytes: Record<EntityKind, number> = {
  mailbox: 8 * 2 ** 30,
  sharedMailbox: 4 * 2 ** 30,
  site: 20 * 2 ** 30,
  oneDrive: 10 * 2 ** 30,
  group: 5 * 2 ** 30,
  team: 5 * 2 ** 30,
};

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function fraction(seed: string): number {
  return createHash("sha1").update(seed).digest().readUInt32BE(0) / 0x1_0000_0000;
}

function error(status: number, code: string, message: string): ServiceResponse {
  return { status, body: { error: { code, message } } };
}

/**
 * CloudAlly as docs/cloudally-api.openapi.yaml describes it, on loopback: partner authentication,
 * tasks with OAuth sign-in links, discovery, bulk activation and daily status per entity, with a
 * day clock the tests advance. Faults (throttling, 5xx, dropped connections, latency) come from
 * LoopbackService.
 */
export class CloudAllyEmulator {
  readonly service = new LoopbackService("x-request-id");
  private state: EmulatorState;
  private readonly tokens = new Map<string, number>();
  private readonly refreshTokens = new Set<string>();

  constructor(private options: CloudAllyEmulatorOptions) {
    this.state = this.load() ?? {
      today: options.today ?? "2026-12-01",
      sequence: 0,
      tasks: {},
      entities: {},
      idempotency: {},
      dataDeleted: [],
    };
    this.routes();
  }

  async start(port = 0): Promise<string> {
    return this.service.start(port);
  }

  stop(): Promise<void> {
    return this.service.stop();
  }

  get url(): string {
    return this.service.url;
  }

  get today(): string {
    return this.state.today;
  }

  /** Share of daily backups that fail from now on (a tenant in trouble, or recovered). */
  setDailyFailureRate(rate: number): void {
    this.options.dailyFailureRate = rate;
    this.version += 1;
  }

  private readonly failingTasks = new Set<string>();

  /** Every daily backup of one task fails (a service in trouble next to healthy ones), or recovers. */
  setTaskFailing(taskId: string, failing: boolean): void {
    if (failing) this.failingTasks.add(taskId);
    else this.failingTasks.delete(taskId);
    this.version += 1;
  }

  private readonly failingEntities = new Set<string>();

  /** Every daily backup of these entities fails from now on (a mailbox over quota, a locked site), or recovers. */
  setEntitiesFailing(entityIds: readonly string[], failing: boolean): void {
    for (const id of entityIds) {
      if (failing) this.failingEntities.add(id);
      else this.failingEntities.delete(id);
    }
    this.version += 1;
  }

  /** Whether the backup of day `day` of an entity fails: its task or itself is failing, or the day's failure rate hits it. */
  private backupFails(task: EmulatedTask, e: EmulatedEntity, day: string): boolean {
    const rate = this.options.dailyFailureRate ?? 0;
    return this.failingTasks.has(task.id) || this.failingEntities.has(e.id) || (rate > 0 && fraction(`${e.id}|${day}`) < rate);
  }

  /** Moves the clock on; the next day's backups run for every active entity of every active task. */
  advanceDay(days = 1): string {
    for (let d = 0; d < days; d++) {
      // The day that ends: each backup that ran and succeeded is its entity's last.
      const ending = this.state.today;
      for (const task of Object.values(this.state.tasks)) {
        if (task.status !== "active" || task.connectionState !== "connected") continue;
        for (const e of this.entities(task.id))
          if (e.active && e.activatedOn !== undefined && e.activatedOn <= ending && !this.backupFails(task, e, ending))
            e.lastBackupOn = ending;
      }
      this.state.today = addDays(this.state.today, 1);
    }
    for (const task of Object.values(this.state.tasks)) {
      if (task.status === "active" && task.connectionState === "connected" && this.entities(task.id).some((e) => e.active)) {
        task.lastSuccessfulBackupAt = `${addDays(this.state.today, -1)}T23:00:00Z`;
      }
    }
    this.save();
    return this.state.today;
  }

  /**
   * What a person does in the vendor's console: add a backup task, signing in to Microsoft 365 as part of
   * it (the console makes no task without the sign-in), so it is connected and discovers at once.
   */
  consoleCreateTask(task: {
    service: BackupService;
    name: string;
    region: string;
    rootUrl?: string;
    settings?: Partial<VendorTaskSettings>;
    accountId?: string;
    /** The Microsoft 365 tenant's domain the console signs the task in to (default: the emulator's). */
    domain?: string;
  }): VendorTask {
    const id = `task-${++this.state.sequence}`;
    this.state.tasks[id] = {
      id,
      service: task.service,
      name: task.name,
      ...(task.rootUrl ? { rootUrl: task.rootUrl } : {}),
      region: task.region,
      settings: {
        indexForSearch: true,
        backupUnlicensedAccounts: false,
        retainArchivedDays: null,
        autoActivateNew: false,
        ...task.settings,
      },
      connectionState: "pending-authorization",
      status: "active",
      discovery: { state: "not-started", counts: {} },
      accountId: task.accountId ?? this.accountId,
      createdOn: this.state.today,
      ...(task.domain ? { domain: task.domain } : {}),
    };
    return this.completeAuthorization(id);
  }

  /**
   * The vendor activating a task's entities as it does on a vendor-managed onboarding: the next `count`
   * inactive ones in address order, today. Returns how many it activated.
   */
  vendorActivate(taskId: string, count: number): number {
    const inactive = this.entities(taskId)
      .filter((e) => !e.active)
      .sort((a, b) => (a.address < b.address ? -1 : 1))
      .slice(0, count);
    for (const e of inactive) {
      e.active = true;
      e.activatedOn = this.state.today;
      e.activations += 1;
    }
    this.save();
    return inactive.length;
  }

  /** Requests that were not to the public partner API (what a public-only run must never make). */
  callsOutsidePublicApi(): string[] {
    const patterns = publicRoutes.map((r) => {
      const [method, route] = r.split(" ");
      return { method, pattern: new RegExp(`^${route.replace(/:\w+/g, "[^/]+")}$`) };
    });
    return this.service.log
      .filter(
        (r) =>
          !r.path.startsWith("/oauth/") &&
          !r.path.startsWith("/console/") &&
          !patterns.some((p) => p.method === r.method && p.pattern.test(r.path)),
      )
      .map((r) => `${r.method} ${r.path}`);
  }

  private get accountId(): string {
    return this.options.accountId ?? emulatorAccountId;
  }

  /** What an operator does in the vendor's console: pause a task, or delete it with its data. */
  consoleAction(taskId: string, action: "pause" | "archive" | "delete" | "expire-authorization"): void {
    const task = this.state.tasks[taskId];
    if (!task) throw new Error(`no task ${taskId}`);
    if (action === "pause") task.status = "paused";
    if (action === "archive") task.status = "archived";
    if (action === "expire-authorization") {
      task.connectionState = "authorization-expired";
      task.authorizationUrl = `${this.url}/oauth/authorize?task=${taskId}`;
    }
    if (action === "delete") {
      delete this.state.tasks[taskId];
      delete this.state.entities[taskId];
      this.state.dataDeleted.push(taskId);
    }
    this.save();
  }

  /** Makes the vendor list only the first `count` of a task's entities (a partial discovery at the vendor). */
  truncateDiscovery(taskId: string, count: number): void {
    this.state.entities[taskId] = this.entities(taskId).slice(0, count);
    this.state.tasks[taskId].discovery.counts = countByKind(this.state.entities[taskId]);
    this.save();
  }

  tasks(): VendorTask[] {
    return Object.values(this.state.tasks).map(contractTask);
  }

  entities(taskId: string): EmulatedEntity[] {
    return this.state.entities[taskId] ?? [];
  }

  backupDataDeleted(taskId: string): boolean {
    return this.state.dataDeleted.includes(taskId);
  }

  /** Invalidates every access token, as an expiry or revocation at the vendor would. */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** What happens when the admin opens the sign-in link and consents: the task connects and discovers. */
  completeAuthorization(taskId: string, m365TenantId = this.options.m365TenantId ?? "00000000-0000-4000-8000-00000000c0de"): VendorTask {
    const task = this.state.tasks[taskId];
    if (!task) throw new Error(`no task ${taskId}`);
    const reconnect = task.connectionState === "authorization-expired" && (this.state.entities[taskId]?.length ?? 0) > 0;
    task.connectionState = "connected";
    task.tenantId = m365TenantId;
    delete task.authorizationUrl;
    // A sign-in renewed after it expired keeps what the task discovered and activated.
    if (reconnect) {
      this.save();
      return contractTask(task);
    }
    const kinds = this.options.tenant?.[task.service] ?? {};
    const domain = this.domainOf(task);
    const entities: EmulatedEntity[] = [];
    for (const [kind, count] of Object.entries(kinds) as [EntityKind, number][]) {
      for (let i = 0; i < count; i++) {
        const id = `${task.id}-${kindWord[kind]}-${i}`;
        entities.push({
          id,
          kind,
          address:
            kind === "site"
              ? `https://${domain.split(".")[0]}.sharepoint.com/sites/${kindWord[kind]}${i}`
              : `${kindWord[kind]}${i}@${domain}`,
          active: false,
          // Skewed like real tenants: most entities small, a few large (up to maxBytes).
          sizeBytes: Math.floor(fraction(id) ** 3 * maxBytes[kind]),
          activations: 0,
        });
      }
    }
    this.state.entities[task.id] = entities;
    task.discovery = { state: "complete", counts: countByKind(entities) };
    this.save();
    return contractTask(task);
  }

  private load(): EmulatorState | undefined {
    const file = this.options.stateFile;
    if (!file || !fs.existsSync(file)) return undefined;
    return JSON.parse(fs.readFileSync(file, "utf8")) as EmulatorState;
  }

  /** Bumped on every change of the state: what cached listings are keyed by. */
  private version = 0;

  private save(): void {
    this.version += 1;
    const file = this.options.stateFile;
    if (!file) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Write-then-rename so a crash never leaves half a state file.
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(this.state));
    fs.renameSync(`${file}.tmp`, file);
  }

  private routes(): void {
    const s = this.service;
    s.before((req) => this.authenticate(req));
    s.route("POST", "/v2/auth/partner", (req) => this.issueToken(req));
    s.route("POST", "/auth/refresh", (req) => this.refreshToken(req));
    s.route("GET", "/v1/partners/tasks", (req) =>
      this.partnerPage(
        req,
        Object.values(this.state.tasks).map((t) => this.partnerTask(t)),
      ),
    );
    s.route("GET", "/v1/partners/status", (req) => this.partnerPage(req, this.allStatuses()));
    s.route("GET", "/v2/resellers/accounts", (req) =>
      this.resellerPage(
        req,
        [...new Set([this.accountId, ...Object.values(this.state.tasks).map((t) => t.accountId)])].map((id) => ({ id, name: id })),
      ),
    );
    s.route("GET", "/v2/resellers/accounts/:accountId/backup-tasks", (req) =>
      this.resellerPage(
        req,
        Object.values(this.state.tasks)
          .filter((t) => t.accountId === req.params.accountId)
          .map((t) => this.partnerTask(t)),
      ),
    );
    s.route("GET", "/v2/resellers/accounts/backup-statuses", (req) => this.resellerPage(req, this.allStatuses()));
    this.consoleRoutes();
    this.contractRoutes();
  }

  /**
   * The vendor's console, for people and scripts driving `npm run emulator` by hand (not part of any API):
   * add a task as a person would, let the vendor activate a batch, move the day on.
   */
  private consoleRoutes(): void {
    const s = this.service;
    s.route("POST", "/console/tasks", (req) => {
      const body = (req.body ?? {}) as {
        service?: BackupService;
        name?: string;
        region?: string;
        rootUrl?: string;
        settings?: Partial<VendorTaskSettings>;
      };
      if (!body.service || !body.name || !body.region) return error(422, "InvalidTask", "service, name and region are required.");
      return {
        status: 201,
        body: this.consoleCreateTask({
          service: body.service,
          name: body.name,
          region: body.region,
          ...(body.rootUrl ? { rootUrl: body.rootUrl } : {}),
          ...(body.settings ? { settings: body.settings } : {}),
        }),
      };
    });
    s.route("POST", "/console/tasks/:id/activate", (req) =>
      this.state.tasks[req.params.id]
        ? { status: 200, body: { activated: this.vendorActivate(req.params.id, Number(req.query.get("count") ?? 1000)) } }
        : error(404, "NotFound", `no task ${req.params.id}`),
    );
    s.route("POST", "/console/advance-day", () => ({ status: 200, body: { today: this.advanceDay() } }));
  }

  /** The written contract's operations; public-only, each answers 404 as the real API does. */
  private contractRoutes(): void {
    const publicOnly = this.options.publicOnly === true;
    const s = {
      route: (method: string, pattern: string, handler: (req: ServiceRequest) => ServiceResponse) =>
        this.service.route(method, pattern, (req) =>
          publicOnly ? error(404, "NotFound", `No route ${method} ${req.path}.`) : handler(req),
        ),
    };
    s.route("GET", "/oauth/authorize", (req) => {
      const id = req.query.get("task") ?? "";
      if (!this.state.tasks[id]) return error(404, "NotFound", `no task ${id}`);
      this.completeAuthorization(id);
      return { status: 200, body: "Signed in. The backup task is connected; run `pulumi refresh` to see it." };
    });
    s.route("GET", "/v2/tasks", (req) => this.page(req, Object.values(this.state.tasks).map(contractTask)));
    s.route("POST", "/v2/tasks", (req) => this.idempotent(req, () => this.createTask(req)));
    s.route("GET", "/v2/tasks/:id", (req) => this.withTask(req, (t) => ({ status: 200, body: contractTask(t) })));
    s.route("PATCH", "/v2/tasks/:id", (req) => this.withTask(req, (t) => this.updateTask(t, req.body)));
    s.route("POST", "/v2/tasks/:id/pause", (req) =>
      this.withTask(req, (t) => {
        t.status = "paused";
        this.save();
        return { status: 200, body: contractTask(t) };
      }),
    );
    s.route("POST", "/v2/tasks/:id/resume", (req) =>
      this.withTask(req, (t) => {
        t.status = "active";
        this.save();
        return { status: 200, body: contractTask(t) };
      }),
    );
    s.route("DELETE", "/v2/tasks/:id", (req) =>
      this.withTask(req, (t) => {
        if (req.query.get("deleteBackupData") === "true") {
          delete this.state.tasks[t.id];
          delete this.state.entities[t.id];
          this.state.dataDeleted.push(t.id);
        } else {
          t.status = "archived";
        }
        this.save();
        return { status: 204 };
      }),
    );
    s.route("GET", "/v2/tasks/:id/entities", (req) => this.withTask(req, (t) => this.page(req, this.entities(t.id).map(publicEntity))));
    s.route("POST", "/v2/tasks/:id/entities/activate", (req) =>
      this.idempotent(req, () => this.withTask(req, (t) => this.activate(t, req.body))),
    );
    s.route("GET", "/v2/tasks/:id/status", (req) => this.withTask(req, (t) => this.status(t, req)));
  }

  private authenticate(req: ServiceRequest): ServiceResponse | undefined {
    if (!/^\/v[12]\//.test(req.path) || req.path.startsWith("/v2/auth/")) return undefined;
    // Public clients send the partner client's id and secret on every call, not only at sign-in.
    if (!this.partnerHeadersValid(req))
      return error(401, "InvalidClient", "The client-id and client-secret headers are missing or not valid.");
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    const expiry = this.tokens.get(token);
    if (!expiry || expiry < Date.now()) return error(401, "Unauthorized", "The access token is missing, expired or revoked.");
    return undefined;
  }

  private partnerHeadersValid(req: ServiceRequest): boolean {
    const c = this.options.credentials;
    return req.headers["client-id"] === c.clientId && req.headers["client-secret"] === c.clientSecret;
  }

  private newToken(): ServiceResponse {
    const ttl = this.options.tokenTtlSeconds ?? 3600;
    const accessToken = `ca.${randomBytes(24).toString("base64url")}`;
    const refreshToken = `car.${randomBytes(24).toString("base64url")}`;
    this.tokens.set(accessToken, Date.now() + ttl * 1000);
    this.refreshTokens.add(refreshToken);
    return { status: 200, body: { accessToken, refreshToken, expiresIn: ttl } };
  }

  private issueToken(req: ServiceRequest): ServiceResponse {
    const body = (req.body ?? {}) as { email?: string; password?: string };
    const c = this.options.credentials;
    if (!this.partnerHeadersValid(req) || body.email !== c.email || body.password !== c.password) {
      return error(401, "InvalidCredentials", "The partner client or account credentials are not valid.");
    }
    return this.newToken();
  }

  private refreshToken(req: ServiceRequest): ServiceResponse {
    const token = ((req.body ?? {}) as { refreshToken?: string }).refreshToken ?? "";
    if (!this.partnerHeadersValid(req) || !this.refreshTokens.delete(token))
      return error(401, "InvalidRefreshToken", "The refresh token is not valid.");
    return this.newToken();
  }

  private idempotent(req: ServiceRequest, handle: () => ServiceResponse): ServiceResponse {
    const key = req.headers["idempotency-key"];
    if (typeof key !== "string" || key.length === 0)
      return error(400, "IdempotencyKeyRequired", "This call needs an Idempotency-Key header.");
    const scoped = `${req.path}|${key}`;
    const seen = this.state.idempotency[scoped];
    if (seen) return seen;
    const response = handle();
    if (response.status < 500) {
      this.state.idempotency[scoped] = response;
      this.save();
    }
    return response;
  }

  private withTask(req: ServiceRequest, handle: (task: EmulatedTask) => ServiceResponse): ServiceResponse {
    const task = this.state.tasks[req.params.id];
    return task ? handle(task) : error(404, "NotFound", `No backup task ${req.params.id}.`);
  }

  private page<T>(req: ServiceRequest, items: T[]): ServiceResponse {
    const size = Math.min(Number(req.query.get("pageSize") ?? 100) || 100, 1000);
    const offset = Number(Buffer.from(req.query.get("nextPageToken") ?? "", "base64url").toString() || 0);
    const data = items.slice(offset, offset + size);
    const next = offset + size < items.length ? Buffer.from(String(offset + size)).toString("base64url") : undefined;
    return { status: 200, body: { data, ...(next ? { nextPageToken: next } : {}) } };
  }

  private domainOf(task: EmulatedTask): string {
    return task.domain ?? this.options.domain ?? "contoso.com";
  }

  /** A task as GET /v1/partners/tasks lists it (the fields public clients read; settings and sign-in state are not among them). */
  private partnerTask(t: EmulatedTask) {
    const entities = this.entities(t.id);
    const backedUp = entities.filter((e) => e.activatedOn !== undefined && e.activatedOn < this.state.today).length;
    const source = defaultPartnerSources[t.service];
    return {
      id: t.id,
      userId: t.accountId,
      type: "BACKUP",
      source,
      status: statusWord[t.status],
      region: regionWord[t.region] ?? t.region.toUpperCase(),
      alias: t.name,
      // As in the one real answer seen: no domain, and the Microsoft 365 account the task signed in with.
      domain: null,
      ...(t.connectionState === "connected" ? { account: `admin@${this.domainOf(t)}` } : {}),
      numOfEntities: entities.length,
      numOfBilledEntities: entities.filter((e) => e.active).length,
      lastBackupDates:
        t.lastSuccessfulBackupAt && backedUp > 0 ? { [source]: Number(t.lastSuccessfulBackupAt.replace(/[-T:Z]/g, "").slice(0, 14)) } : {},
      createDate: `${t.createdOn}T00:00:00Z`,
    };
  }

  private statusCache: { version: number; list: ReturnType<CloudAllyEmulator["partnerStatuses"]> } | undefined;

  /** Every task's statuses, built once per change of the vendor's state (a listing is read page by page). */
  private allStatuses() {
    if (this.statusCache?.version !== this.version)
      this.statusCache = { version: this.version, list: Object.values(this.state.tasks).flatMap((t) => this.partnerStatuses(t)) };
    return this.statusCache.list;
  }

  /** The backup status of each entity the vendor backs up (active ones), as GET /v1/partners/status lists them. */
  private partnerStatuses(t: EmulatedTask) {
    const yesterday = addDays(this.state.today, -1);
    return this.entities(t.id)
      .filter((e) => e.active)
      .map((e) => {
        const ran = e.activatedOn !== undefined && e.activatedOn <= yesterday && t.status === "active";
        const failed = ran && this.backupFails(t, e, yesterday);
        // A backup that did not run or failed yesterday leaves the last one that succeeded as the entity's date.
        const last = ran && !failed ? yesterday : e.lastBackupOn !== undefined && e.lastBackupOn < yesterday ? e.lastBackupOn : undefined;
        return {
          userId: t.accountId,
          taskId: t.id,
          source: defaultPartnerSources[t.service],
          entityName: e.address,
          ...(ran ? { lastBackupAttemptDate: `${yesterday}T23:00:00Z` } : {}),
          ...(last ? { lastBackupDate: `${last}T23:00:00Z` } : {}),
          backupStatus: [
            {
              subSource: defaultPartnerSources[t.service],
              status: failed ? "FAILED" : t.status === "archived" ? "ARCHIVED" : "ACTIVE",
              error: failed ? "Backup failed" : null,
            },
          ],
        };
      });
  }

  /** v1 paging: pages from 1 of `pageSize`, with page, totalPages, total and a nextPageToken that is null on the last page. */
  private partnerPage<T>(req: ServiceRequest, items: T[]): ServiceResponse {
    const size = Math.min(Math.max(Number(req.query.get("pageSize") ?? 100) || 100, 1), 500);
    const totalPages = Math.max(1, Math.ceil(items.length / size));
    const page = Number(req.query.get("page") ?? 1);
    const token = req.query.get("nextPageToken");
    if (page > 1 && token !== Buffer.from(`p${page}`).toString("base64url"))
      return error(400, "InvalidPageToken", "page and nextPageToken do not match.");
    const data = items.slice((page - 1) * size, page * size);
    return {
      status: 200,
      body: {
        page,
        totalPages,
        total: items.length,
        nextPageToken: page < totalPages ? Buffer.from(`p${page + 1}`).toString("base64url") : null,
        data,
      },
    };
  }

  /** v2 reseller paging: `page` from 1 and `limit`, answering data, page, total and totalPages. */
  private resellerPage<T>(req: ServiceRequest, items: T[]): ServiceResponse {
    const size = Math.min(Math.max(Number(req.query.get("limit") ?? 100) || 100, 1), 500);
    const page = Math.max(1, Number(req.query.get("page") ?? 1) || 1);
    return {
      status: 200,
      body: {
        data: items.slice((page - 1) * size, page * size),
        page,
        total: items.length,
        totalPages: Math.max(1, Math.ceil(items.length / size)),
      },
    };
  }

  private createTask(req: ServiceRequest): ServiceResponse {
    const body = req.body as Partial<VendorTask> | undefined;
    if (!body?.service || !body.name || !body.region || !body.settings)
      return error(422, "InvalidTask", "service, name, region and settings are required.");
    if (body.settings.indexForSearch === false)
      return error(422, "IndexingRequiresSupport", "Indexing can only be turned off by vendor support.");
    if (Object.values(this.state.tasks).some((t) => t.service === body.service && t.name === body.name)) {
      return error(409, "Conflict", `A ${body.service} task named "${body.name}" exists.`);
    }
    const id = `task-${++this.state.sequence}`;
    const task: EmulatedTask = {
      id,
      service: body.service,
      name: body.name,
      ...(body.rootUrl ? { rootUrl: body.rootUrl } : {}),
      region: body.region,
      settings: body.settings,
      connectionState: "pending-authorization",
      authorizationUrl: `${this.url}/oauth/authorize?task=${id}`,
      status: "active",
      discovery: { state: "not-started", counts: {} },
      ...(body.owner ? { owner: body.owner } : {}),
      accountId: this.accountId,
      createdOn: this.state.today,
    };
    this.state.tasks[id] = task;
    this.save();
    return { status: 201, body: contractTask(task) };
  }

  private updateTask(task: VendorTask, body: unknown): ServiceResponse {
    const change = (body ?? {}) as { name?: string; settings?: Partial<VendorTask["settings"]>; owner?: VendorTask["owner"] };
    if (change.settings?.indexForSearch === false)
      return error(422, "IndexingRequiresSupport", "Indexing can only be turned off by vendor support.");
    if (change.name) task.name = change.name;
    if (change.owner) task.owner = change.owner;
    if (change.settings) task.settings = { ...task.settings, ...change.settings };
    this.save();
    return { status: 200, body: contractTask(task as EmulatedTask) };
  }

  private activate(task: VendorTask, body: unknown): ServiceResponse {
    if (task.connectionState !== "connected") return error(409, "NotAuthorized", "The task has not been signed in yet.");
    const ids = ((body ?? {}) as { entityIds?: string[] }).entityIds ?? [];
    const byId = new Map(this.entities(task.id).map((e) => [e.id, e]));
    const activated: string[] = [];
    const alreadyActive: string[] = [];
    for (const id of ids) {
      const entity = byId.get(id);
      if (!entity) return error(422, "UnknownEntity", `Entity ${id} is not discovered by this task.`);
      if (entity.active) {
        alreadyActive.push(id);
        continue;
      }
      entity.active = true;
      entity.activatedOn = this.state.today;
      entity.activations += 1;
      activated.push(id);
    }
    this.save();
    return { status: 200, body: { activated, alreadyActive } };
  }

  private status(task: VendorTask, req: ServiceRequest): ServiceResponse {
    const day = req.query.get("day") ?? "";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return error(422, "InvalidDay", "day must be YYYY-MM-DD.");
    const held = this.state.tasks[task.id];
    const statuses = this.entities(task.id)
      .filter((e) => e.activatedOn !== undefined && e.activatedOn <= day)
      .map((e) => ({
        entityId: e.id,
        day,
        // A paused or archived task backs nothing up.
        outcome: day > this.state.today || held.status !== "active" ? "not-run" : this.backupFails(held, e, day) ? "failed" : "success",
      }));
    return this.page(req, statuses);
  }
}

/** A task as the contract's reads answer it (without the account and day it was made). */
function contractTask({ accountId: _a, createdOn: _c, ...task }: EmulatedTask): VendorTask {
  return task;
}

function countByKind(entities: EmulatedEntity[]): Partial<Record<EntityKind, number>> {
  const counts: Partial<Record<EntityKind, number>> = {};
  for (const e of entities) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return counts;
}

function publicEntity(e: EmulatedEntity) {
  return {
    id: e.id,
    kind: e.kind,
    address: e.address,
    active: e.active,
    sizeBytes: e.sizeBytes,
    ...(e.activatedOn ? { activatedOn: e.activatedOn } : {}),
  };
}
