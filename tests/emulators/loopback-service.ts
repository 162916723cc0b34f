import { randomUUID } from "crypto";
import * as http from "http";
import type { AddressInfo } from "net";

export interface ServiceRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  params: Record<string, string>;
  requestId: string;
}

export interface ServiceResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: ServiceRequest) => ServiceResponse | Promise<ServiceResponse>;

/** A fault the service injects instead of (or after) answering normally. */
export type Fault =
  | { kind: "throttle"; status?: 429 | 503; retryAfterSeconds: number }
  | { kind: "error"; status: 409 | 422 | 500 | 502 | 503 | 504 }
  /** Close the connection without answering, before the handler runs. */
  | { kind: "drop-before" }
  /** Run the handler (the change happens) and then close the connection without answering. */
  | { kind: "drop-after" }
  /** Hold the request this long before answering (a stalled server; longer than the client's timeout). */
  | { kind: "stall"; ms: number }
  /** Answer with the full Content-Length but only half the body, then close: a truncated answer. */
  | { kind: "truncate" }
  /** Answer normally, with the response changed first (a looping page token, a malformed page). */
  | { kind: "rewrite"; rewrite: (response: ServiceResponse, req: ServiceRequest) => ServiceResponse };

interface ScheduledFault {
  fault: Fault;
  remaining: number;
  match: (req: ServiceRequest) => boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number | "dropped";
  requestId: string;
  headers: http.IncomingHttpHeaders;
}

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

/**
 * A real HTTP server on loopback that the emulators build on: routing, JSON, request ids, a request
 * log, latency and scheduled faults (throttling with Retry-After, 5xx, dropped connections before or
 * after the change happened). Emulators add their own auth and throttling in `before` hooks.
 */
export class LoopbackService {
  private readonly routes: Route[] = [];
  private readonly faults: ScheduledFault[] = [];
  private readonly beforeHooks: ((req: ServiceRequest) => ServiceResponse | undefined)[] = [];
  private server: http.Server | undefined;
  readonly log: LoggedRequest[] = [];
  latencyMs = 0;

  constructor(private readonly requestIdHeader: string) {}

  get url(): string {
    if (!this.server) throw new Error("service not started");
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** `pattern` is a path with `:name` parameters, e.g. `/v1.0/users/:id/assignLicense`. */
  route(method: string, pattern: string, handler: Handler): this {
    const keys: string[] = [];
    const source = pattern
      .replace(/[.$()]/g, (c) => `\\${c}`)
      .replace(/:(\w+)/g, (_, k: string) => {
        keys.push(k);
        return "([^/]+)";
      });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), keys, handler });
    return this;
  }

  /** The routes served, as `METHOD /path/{param}` (for tests that hold them against a written contract). */
  routeList(): string[] {
    return this.routes.map(
      (r) =>
        `${r.method} ${r.pattern.source
          .slice(1, -1)
          .replace(/\\/g, "")
          .replace(/\(\[\^\/\]\+\)/g, "{}")}`,
    );
  }

  /** Runs before routing; answering short-circuits the request (auth failures, throttling). */
  before(hook: (req: ServiceRequest) => ServiceResponse | undefined): this {
    this.beforeHooks.push(hook);
    return this;
  }

  /** The next `count` requests that `match` get `fault`. */
  injectFault(fault: Fault, count = 1, match: (req: ServiceRequest) => boolean = () => true): void {
    this.faults.push({ fault, remaining: count, match });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  requests(method: string, pathPattern: RegExp): LoggedRequest[] {
    return this.log.filter((r) => r.method === method && pathPattern.test(r.path));
  }

  async start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private takeFault(req: ServiceRequest): Fault | undefined {
    const scheduled = this.faults.find((f) => f.remaining > 0 && f.match(req));
    if (!scheduled) return undefined;
    scheduled.remaining -= 1;
    return scheduled.fault;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const request: ServiceRequest = {
      method: req.method ?? "GET",
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: req.headers,
      body: raw ? safeJson(raw) : undefined,
      params: {},
      requestId: randomUUID(),
    };
    const logEntry: LoggedRequest = {
      method: request.method,
      path: request.path,
      query: url.search,
      status: "dropped",
      requestId: request.requestId,
      headers: req.headers,
    };
    this.log.push(logEntry);
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));

    const fault = this.takeFault(request);
    if (fault?.kind === "drop-before") return void req.socket.destroy();
    if (fault?.kind === "stall") {
      await new Promise((r) => setTimeout(r, fault.ms).unref());
      if (req.socket.destroyed) return;
    }
    let response: ServiceResponse | undefined;
    if (fault?.kind === "throttle") {
      response = {
        status: fault.status ?? 429,
        headers: { "Retry-After": String(fault.retryAfterSeconds) },
        body: { error: { code: "TooManyRequests", message: "Too many requests; retry after the interval in Retry-After." } },
      };
    } else if (fault?.kind === "error") {
      response = { status: fault.status, body: { error: { code: "ServiceUnavailable", message: "Injected server error." } } };
    }
    try {
      response ??= this.beforeHooks.reduce<ServiceResponse | undefined>((r, hook) => r ?? hook(request), undefined);
      response ??= await this.dispatch(request);
    } catch (e) {
      response = { status: 500, body: { error: { code: "InternalServerError", message: (e as Error).message } } };
    }
    if (fault?.kind === "drop-after") return void req.socket.destroy();
    if (fault?.kind === "rewrite") response = fault.rewrite(response, request);
    logEntry.status = response.status;
    const body = response.body === undefined ? "" : typeof response.body === "string" ? response.body : JSON.stringify(response.body);
    res.writeHead(response.status, {
      "content-type": typeof response.body === "string" ? "text/plain" : "application/json",
      "content-length": String(Buffer.byteLength(body)),
      [this.requestIdHeader]: request.requestId,
      ...response.headers,
    });
    if (fault?.kind === "truncate") {
      res.write(body.slice(0, Math.floor(body.length / 2)));
      return void setTimeout(() => req.socket.destroy(), 5);
    }
    res.end(body);
  }

  /** Answers one request as if it had come in on its own (for JSON batching). */
  async dispatchInner(request: ServiceRequest): Promise<ServiceResponse> {
    return this.dispatch(request);
  }

  private async dispatch(request: ServiceRequest): Promise<ServiceResponse> {
    for (const route of this.routes) {
      if (route.method !== request.method) continue;
      const m = route.pattern.exec(request.path);
      if (!m) continue;
      route.keys.forEach((k, i) => (request.params[k] = m[i + 1]));
      return route.handler(request);
    }
    return { status: 404, body: { error: { code: "NotFound", message: `No route for ${request.method} ${request.path}` } } };
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
