import { z } from "zod";
import type { BackupService } from "../services/backup-services";
import type {
  BackupVendorApi,
  CreateTaskRequest,
  EntityDailyStatus,
  PublicEntityStatus,
  PublicTask,
  TaskChange,
  VendorEntity,
  VendorTask,
} from "./backup-vendor-api";
import { defaultPartnerSources, publicStatusOf, publicTaskOf } from "./partner-reads";
import { OperationNotOffered, offeredOperations, VendorCapabilities, VendorOperation } from "./vendor-capabilities";
import { networkFailure } from "../http/network-failure";
import { PageGuard, pageCapFor } from "../http/page-guard";
import { requestTimeoutMs } from "../http/request-timeout";
import { readCapped, ResponseTooLargeError } from "../http/response-size";
import { defaultRetryPolicy, nextDelayMs, retryableStatuses, retryAfterMs, RetryPolicy } from "./retry-policy";
import { VendorApiError } from "./vendor-api-error";
import {
  activationResult,
  entityDailyStatusSchema,
  entitySchema,
  errorEnvelope,
  pageOf,
  partnerPageOf,
  partnerStatusSchema,
  partnerTaskSchema,
  taskSchema,
  tokenResponse,
} from "./vendor-schemas";

export interface CloudAllyCredentials {
  clientId: string;
  clientSecret: string;
  email: string;
  password: string;
}

export interface CloudAllyClientOptions {
  baseUrl: string;
  credentials: CloudAllyCredentials;
  /** Per-request timeout; default 60 s (M365_BACKUP_REQUEST_TIMEOUT_SECONDS). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** What the vendor offers (vendorApi.capabilities); default contract, the whole written contract. */
  capabilities?: VendorCapabilities;
  /** The customer's account at the vendor: the public reads list only its tasks (vendorApi.accountId). */
  accountId?: string;
  /** The public API's `source` word per service (vendorApi.sources over the defaults). */
  sources?: Partial<Record<BackupService, string>>;
  /** Sleep, replaceable so tests of the policy need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Today's partner listings, read once for the fleet (partner-listing-snapshot.ts): served instead of paging the vendor. */
  partnerListings?: { tasks: readonly unknown[]; statuses: readonly unknown[] };
}

interface RequestOptions<T extends z.ZodType> {
  operation: VendorOperation;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  idempotencyKey?: string;
  schema?: T;
  /** Statuses that are an answer rather than an error (e.g. 404 on a lookup). */
  accept?: number[];
}

interface Answer<T> {
  status: number;
  value?: T;
}

/** Items asked for per page: the contract's maximum. */
const pageSize = 1000;
/** Items asked for per page of the public partner reads: what public clients use (no maximum is published; docs/facts.md). */
export const partnerPageSize = 500;

/** Entities per activation request: the contract's maximum (entityIds maxItems); the rollout sends no more per request either. */
export const activationChunkSize = 1000;
/** Refresh the bearer token this long before it expires. */
const tokenRefreshMarginMs = 60_000;
/** An error answer is read only this far: its code and message are all that is used. */
const maxErrorBytes = 64 * 1024;
/** The calls that carry the partner credentials in their body. */
const authOperations = new Set(["authenticate", "refreshToken"]);

/**
 * The backup vendor's REST API (docs/cloudally-api.openapi.yaml) behind BackupVendorApi: partner
 * authentication with refresh, retries that honour Retry-After within a budget, per-request timeouts,
 * idempotent creates and activations, and responses validated before use.
 */
export class CloudAllyClient implements BackupVendorApi {
  private token: { value: string; refresh?: string; expiresAt: number } | undefined;
  private readonly baseUrl: string;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly offered: ReadonlySet<VendorOperation>;

  constructor(private readonly options: CloudAllyClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? requestTimeoutMs();
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.offered = offeredOperations(options.capabilities ?? "contract");
  }

  offers(operation: VendorOperation): boolean {
    return this.offered.has(operation);
  }

  get accountId(): string | undefined {
    return this.options.accountId;
  }

  /** The vendor host and the partner client, which a shared listing is checked against. */
  get partner(): { host: string; clientId: string } {
    return { host: this.baseUrl, clientId: this.options.credentials.clientId };
  }

  async accountTasks(): Promise<PublicTask[]> {
    const accountId = this.options.accountId;
    if (!accountId)
      throw new Error(
        "The public partner reads need the customer's account at the vendor: set vendorApi.accountId (the partner portal shows it under the customer's account).",
      );
    // The partner lists every customer's tasks: only this account's are the stack's.
    return (await this.partnerTasks()).filter((t) => t.accountId === accountId);
  }

  async partnerTasks(): Promise<PublicTask[]> {
    const sources = { ...defaultPartnerSources, ...this.options.sources };
    return (await this.partnerPages("listPartnerTasks", "/v1/partners/tasks", partnerTaskSchema)).map((t) => publicTaskOf(t, sources));
  }

  async entityStatuses(taskIds: readonly string[] | "all"): Promise<Map<string, PublicEntityStatus[]>> {
    // One partner-wide listing serves every task asked about (the API has no per-task status read).
    const byTask = new Map<string, PublicEntityStatus[]>(taskIds === "all" ? [] : taskIds.map((id) => [id, []]));
    for (const status of await this.partnerPages("listPartnerStatuses", "/v1/partners/status", partnerStatusSchema)) {
      const id = String(status.taskId);
      if (taskIds === "all" && !byTask.has(id)) byTask.set(id, []);
      byTask.get(id)?.push(publicStatusOf(status));
    }
    return byTask;
  }

  async findTask(service: BackupService, name: string): Promise<VendorTask | undefined> {
    return (await this.listTasks()).find((t) => t.service === service && t.name === name);
  }

  async getTask(id: string): Promise<VendorTask | undefined> {
    const answer = await this.request({
      operation: "getTask",
      method: "GET",
      path: `/v2/tasks/${encodeURIComponent(id)}`,
      schema: taskSchema,
      accept: [404],
    });
    return answer.status === 404 ? undefined : answer.value;
  }

  async listTasks(): Promise<VendorTask[]> {
    return this.pages("listTasks", "/v2/tasks", taskSchema, {});
  }

  async createTask(request: CreateTaskRequest, idempotencyKey: string): Promise<VendorTask> {
    const answer = await this.request({
      operation: "createTask",
      method: "POST",
      path: "/v2/tasks",
      body: request,
      idempotencyKey,
      schema: taskSchema,
      accept: [409],
    });
    if (answer.status !== 409) return answer.value!;
    // The natural key is taken: adopt the existing task rather than fail or duplicate it.
    const existing = await this.findTask(request.service, request.name);
    if (!existing)
      throw new VendorApiError(
        "createTask",
        409,
        undefined,
        "Conflict",
        `a ${request.service} task named "${request.name}" is reported to exist but cannot be listed`,
      );
    return existing;
  }

  async updateTask(id: string, change: TaskChange): Promise<VendorTask> {
    const answer = await this.request({
      operation: "updateTask",
      method: "PATCH",
      path: `/v2/tasks/${encodeURIComponent(id)}`,
      body: change,
      schema: taskSchema,
    });
    return answer.value!;
  }

  async pauseTask(id: string): Promise<VendorTask> {
    const answer = await this.request({
      operation: "pauseTask",
      method: "POST",
      path: `/v2/tasks/${encodeURIComponent(id)}/pause`,
      schema: taskSchema,
    });
    return answer.value!;
  }

  async resumeTask(id: string): Promise<VendorTask> {
    const answer = await this.request({
      operation: "resumeTask",
      method: "POST",
      path: `/v2/tasks/${encodeURIComponent(id)}/resume`,
      schema: taskSchema,
    });
    return answer.value!;
  }

  async deleteTask(id: string, options: { deleteBackupData: boolean }): Promise<void> {
    await this.request({
      operation: "deleteTask",
      method: "DELETE",
      path: `/v2/tasks/${encodeURIComponent(id)}`,
      query: { deleteBackupData: String(options.deleteBackupData) },
      accept: [404],
    });
  }

  async listEntities(taskId: string): Promise<VendorEntity[]> {
    return this.pages("listEntities", `/v2/tasks/${encodeURIComponent(taskId)}/entities`, entitySchema, {});
  }

  async activateEntities(
    taskId: string,
    entityIds: string[],
    idempotencyKey: string,
  ): Promise<{ activated: string[]; alreadyActive: string[] }> {
    const result = { activated: [] as string[], alreadyActive: [] as string[] };
    for (let i = 0; i < entityIds.length; i += activationChunkSize) {
      const answer = await this.request({
        operation: "activateEntities",
        method: "POST",
        path: `/v2/tasks/${encodeURIComponent(taskId)}/entities/activate`,
        body: { entityIds: entityIds.slice(i, i + activationChunkSize) },
        idempotencyKey: `${idempotencyKey}-${i / activationChunkSize}`,
        schema: activationResult,
      });
      result.activated.push(...answer.value!.activated);
      result.alreadyActive.push(...answer.value!.alreadyActive);
    }
    return result;
  }

  async dailyStatus(taskId: string, day: string): Promise<EntityDailyStatus[]> {
    return this.pages("dailyStatus", `/v2/tasks/${encodeURIComponent(taskId)}/status`, entityDailyStatusSchema, { day });
  }

  /**
   * Every page of a public partner read: the first asks only pageSize; each next one sends the page number
   * and the nextPageToken it was given, until the token is null or the last page (totalPages) is read.
   */
  /** Both partner listings read from the vendor now, whatever the options hold: what the fleet's shared file is made of. */
  async readPartnerListings(): Promise<{ tasks: z.infer<typeof partnerTaskSchema>[]; statuses: z.infer<typeof partnerStatusSchema>[] }> {
    return {
      tasks: await this.partnerPages("listPartnerTasks", "/v1/partners/tasks", partnerTaskSchema, true),
      statuses: await this.partnerPages("listPartnerStatuses", "/v1/partners/status", partnerStatusSchema, true),
    };
  }

  private async partnerPages<T extends z.ZodType>(operation: VendorOperation, path: string, item: T, live = false): Promise<z.infer<T>[]> {
    const shared = this.options.partnerListings;
    if (shared && !live) {
      // The fleet's listing of today, checked item by item like a page of the vendor's.
      const parsed = z.array(item).safeParse(operation === "listPartnerTasks" ? shared.tasks : shared.statuses);
      if (!parsed.success)
        throw new Error(
          `The shared partner listings hold a ${operation} entry the contract does not allow (${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}); write them again with npm run partner-listings.`,
        );
      return parsed.data;
    }
    const all: z.infer<T>[] = [];
    const guard = new PageGuard(`${operation} GET ${path}`, pageCapFor(undefined, partnerPageSize));
    let query: Record<string, string> = { pageSize: String(partnerPageSize) };
    for (let page = 1; ; page++) {
      const answer = (await this.request({ operation, method: "GET", path, query, schema: partnerPageOf(item) })).value!;
      if (answer.totalPages !== null && answer.totalPages !== undefined) guard.capAt(answer.totalPages + 10);
      all.push(...(answer.data as z.infer<T>[]));
      const token = answer.nextPageToken;
      const last = answer.totalPages !== null && answer.totalPages !== undefined && (answer.page ?? page) >= answer.totalPages;
      if (!token || last) return all;
      guard.next(token);
      query = { pageSize: String(partnerPageSize), page: String((answer.page ?? page) + 1), nextPageToken: token };
    }
  }

  private async pages<T extends z.ZodType>(
    operation: VendorOperation,
    path: string,
    item: T,
    query: Record<string, string>,
  ): Promise<z.infer<T>[]> {
    const all: z.infer<T>[] = [];
    const guard = new PageGuard(`${operation} GET ${path}`, pageCapFor(undefined, pageSize));
    let next: string | undefined;
    for (;;) {
      const answer = await this.request({
        operation,
        method: "GET",
        path,
        query: { ...query, pageSize: String(pageSize), ...(next ? { nextPageToken: next } : {}) },
        schema: pageOf(item),
      });
      const page = answer.value!;
      // The vendor may serve fewer than asked, never fewer than one: the count bounds the pages.
      if (page.total !== undefined) guard.capAt(pageCapFor(page.total, 1));
      all.push(...(page.data as z.infer<T>[]));
      next = page.nextPageToken;
      if (!next) return all;
      guard.next(next);
    }
  }

  /** The vendor's error, cleaned of anything this client sent: a server that echoes the request must not put a secret in an error or a log. */
  private async errorOf(response: Response, operation: string): Promise<{ code?: string; message: string }> {
    const text = await readCapped(response, operation, maxErrorBytes).catch(() => "");
    const body = errorEnvelope.safeParse(parseJson(text));
    const found = body.success
      ? { code: body.data.error.code, message: body.data.error.message }
      : { message: response.statusText || "no error body" };
    // A code is a word; anything else in it is not shown.
    const code = found.code && /^[A-Za-z0-9_.-]{1,64}$/.test(found.code) ? this.redact(found.code) : undefined;
    // Sign-in and refresh carry the password and the client secret: none of the vendor's words of those answers is repeated.
    const message = authOperations.has(operation)
      ? "the vendor refused the sign-in (its message is not shown: it may echo the credentials)"
      : this.redact(found.message);
    return { ...(code ? { code } : {}), message };
  }

  /** Every form in which a sent secret could come back: as sent, JSON-escaped, URL- or form-encoded, base64, in Basic auth. */
  private redact(text: string): string {
    const { clientId, clientSecret, password } = this.options.credentials;
    const secrets = [clientSecret, password, this.token?.value, this.token?.refresh].filter(
      (v): v is string => typeof v === "string" && v.length >= 4,
    );
    const forms = secrets.flatMap((secret) => [
      secret,
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(secret),
      encodeURIComponent(secret).replace(/%20/g, "+"),
      Buffer.from(secret).toString("base64"),
      Buffer.from(secret).toString("base64url"),
      Buffer.from(`${clientId}:${secret}`).toString("base64"),
    ]);
    // Longest first, so a form that contains another is removed whole.
    return [...new Set(forms)].sort((a, b) => b.length - a.length).reduce((t, form) => t.split(form).join("[redacted]"), text);
  }

  /** The partner client's headers: public clients send them on sign-in and on every call after it. */
  private partnerHeaders(): Record<string, string> {
    return { "client-id": this.options.credentials.clientId, "client-secret": this.options.credentials.clientSecret };
  }

  private async bearer(forceNew: boolean): Promise<string> {
    if (!forceNew && this.token && this.token.expiresAt - tokenRefreshMarginMs > Date.now()) return this.token.value;
    const { email, password } = this.options.credentials;
    let answer: Answer<z.infer<typeof tokenResponse>> | undefined;
    if (this.token?.refresh && !forceNew) {
      answer = await this.send(
        {
          operation: "refreshToken",
          method: "POST",
          path: "/auth/refresh",
          body: { refreshToken: this.token.refresh },
          schema: tokenResponse,
          accept: [401],
        },
        this.partnerHeaders(),
      );
    }
    if (!answer || answer.status === 401) {
      answer = await this.send(
        { operation: "authenticate", method: "POST", path: "/v2/auth/partner", body: { email, password }, schema: tokenResponse },
        this.partnerHeaders(),
      );
    }
    const t = answer.value!;
    // No stated lifetime (public answers need not carry expiresIn): the token is used until the vendor answers 401.
    this.token = {
      value: t.accessToken,
      ...(t.refreshToken ? { refresh: t.refreshToken } : {}),
      expiresAt: t.expiresIn ? Date.now() + t.expiresIn * 1000 : Number.POSITIVE_INFINITY,
    };
    return t.accessToken;
  }

  private async request<T extends z.ZodType>(options: RequestOptions<T>): Promise<Answer<z.infer<T>>> {
    // Never sent when the vendor does not offer it: an operation outside the capabilities is a defect, not a call.
    if (!this.offers(options.operation)) throw new OperationNotOffered(options.operation);
    const token = await this.bearer(false);
    const headers = () => ({ ...this.partnerHeaders(), authorization: `Bearer ${this.token?.value ?? token}` });
    const answer = await this.send({ ...options, accept: [...(options.accept ?? []), 401] }, headers());
    if (answer.status !== 401 || options.accept?.includes(401)) return answer;
    // The token was revoked or expired early: authenticate once more, then let a second 401 stand.
    await this.bearer(true);
    return this.send(options, headers());
  }

  private async send<T extends z.ZodType>(options: RequestOptions<T>, headers: Record<string, string>): Promise<Answer<z.infer<T>>> {
    const url = new URL(this.baseUrl + options.path);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: options.method,
          headers: {
            accept: "application/json",
            ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
            ...(options.idempotencyKey ? { "Idempotency-Key": options.idempotencyKey } : {}),
            ...headers,
          },
          body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
          signal: AbortSignal.timeout(this.timeoutMs),
          // A redirect is never followed: following would re-send the partner credentials to wherever it points.
          redirect: "manual",
        });
      } catch (e) {
        // Lost connections and timeouts are retried: every call is idempotent by method or by key.
        const delay = nextDelayMs(this.policy, attempt, waited, undefined);
        if (delay === undefined)
          throw new VendorApiError(
            requestName(options),
            undefined,
            undefined,
            undefined,
            `no answer after ${attempt} attempt(s) (${networkFailure(e, this.timeoutMs)})`,
          );
        waited += delay;
        await this.sleep(delay);
        continue;
      }
      const requestId = response.headers.get("x-request-id") ?? undefined;
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        throw new VendorApiError(
          options.operation,
          response.status,
          requestId,
          "RedirectRefused",
          `the vendor answered with a redirect to ${originOf(response.headers.get("location"), url)}; the client follows no redirect, so no credential or answer crosses to another host`,
        );
      }
      if (retryableStatuses.has(response.status)) {
        const delay = nextDelayMs(this.policy, attempt, waited, retryAfterMs(response.headers.get("retry-after")));
        if (delay !== undefined) {
          await response.body?.cancel();
          waited += delay;
          await this.sleep(delay);
          continue;
        }
        const { code, message } = await this.errorOf(response, options.operation);
        throw new VendorApiError(
          requestName(options),
          response.status,
          requestId,
          code,
          `${message}; gave up after ${attempt} attempt(s) and ${Math.round(waited / 1000)} s of waiting`,
        );
      }
      if (options.accept?.includes(response.status)) {
        await response.body?.cancel();
        return { status: response.status };
      }
      if (!response.ok) {
        const { code, message } = await this.errorOf(response, options.operation);
        throw new VendorApiError(requestName(options), response.status, requestId, code, message);
      }
      if (!options.schema || response.status === 204) {
        await response.body?.cancel();
        return { status: response.status };
      }
      let text: string;
      try {
        text = await readCapped(response, requestName(options));
      } catch (e) {
        if (e instanceof ResponseTooLargeError) throw e;
        // The connection broke mid-answer (a reset or a truncated body): as transient as a lost connection.
        const delay = nextDelayMs(this.policy, attempt, waited, undefined);
        if (delay === undefined)
          throw new VendorApiError(
            requestName(options),
            response.status,
            requestId,
            "TruncatedAnswer",
            `the answer broke off after ${attempt} attempt(s) (${networkFailure(e, this.timeoutMs)})`,
          );
        waited += delay;
        await this.sleep(delay);
        continue;
      }
      const parsed = options.schema.safeParse(parseJson(text));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new VendorApiError(
          requestName(options),
          response.status,
          requestId,
          "UnexpectedResponse",
          `the answer does not match the API contract at ${issue.path.join(".") || "(root)"}: ${issue.message}`,
        );
      }
      return { status: response.status, value: parsed.data };
    }
  }
}

/** Where a redirect pointed, as an origin only (its path or query may carry what the client sent). */
function originOf(location: string | null, base: URL): string {
  if (!location) return "(no Location header)";
  try {
    return new URL(location, base).origin;
  } catch {
    return "(an unparsable Location header)";
  }
}

/** The operation and the request it made, for errors: what a support case and the reader need. */
function requestName(options: { operation: string; method: string; path: string }): string {
  return `${options.operation} (${options.method} ${options.path})`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
