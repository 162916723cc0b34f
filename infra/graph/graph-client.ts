import * as fs from "fs";
import * as path from "path";
import type { TokenCredential } from "@azure/identity";
import { Client, Context, HTTPMessageHandler, Middleware, RetryHandler, RetryHandlerOptions } from "@microsoft/microsoft-graph-client";
import { requestTimeoutMs } from "../http/request-timeout";
import { readCapped } from "../http/response-size";
import { defaultTransientFaultOptions, TransientFaultMiddleware, TransientFaultOptions } from "./transient-fault-middleware";

/** Microsoft Graph's public endpoint; M365_BACKUP_GRAPH_URL points the module at another one (a national cloud or an emulator). */
export const graphPublicUrl = "https://graph.microsoft.com";
export const graphScope = "https://graph.microsoft.com/.default";

/** This module's version, as the User-Agent reports it. */
export const moduleVersion = (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string })
  .version;

/**
 * The User-Agent Microsoft asks SharePoint and OneDrive callers to send: an organisation running a tool
 * for itself is `NONISV|<Company>|<App>/<Version>` (an ISV's product would be `ISV|...`); decorated
 * traffic is prioritised over undecorated. Source: "How to decorate your http traffic" in
 * https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online.
 * The organisation comes from tenant.organisation; characters outside a token are dropped (RFC 2616).
 */
export function graphUserAgentFor(organisation: string): string {
  const company = organisation.replace(/[^A-Za-z0-9.\-_]/g, "") || "m365-backup";
  return `NONISV|${company}|m365-backup/${moduleVersion}`;
}

/** For calls made where the stack config is not at hand (the identity providers' own Graph calls). */
export const graphUserAgent = graphUserAgentFor(process.env.M365_BACKUP_ORGANISATION ?? "m365-backup");

export interface GraphClientOptions {
  credential: TokenCredential;
  /** Origin of the Graph endpoint, without version. */
  baseUrl?: string;
  /** Retries of throttled (429, 503, 504) calls; Retry-After is honoured by the Graph client's RetryHandler. */
  maxRetries?: number;
  /** Timeout and retries of failed connections, timeouts, cut-off answers and 500/502 (default 60 s, 4 attempts). */
  transientFaults?: Partial<TransientFaultOptions>;
  /** The User-Agent every request carries (graphUserAgentFor(tenant.organisation)). */
  userAgent?: string;
}

/**
 * Attaches the bearer token only to requests for the configured Graph origin. The Graph client's own
 * AuthenticationHandler does the same but recognises https hosts only, which would keep the token
 * from a sovereign-cloud proxy or the loopback emulator.
 */
class OriginBoundTokenMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly credential: TokenCredential,
    private readonly origin: string,
    private readonly userAgent: string,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === "string" ? context.request : context.request.url;
    if (new URL(url).origin === this.origin) {
      const token = await this.credential.getToken(graphScope);
      if (!token)
        throw new Error("The Azure credential returned no token for Microsoft Graph; check M365_BACKUP_AZURE_AUTH and its variables.");
      const headers = new Headers(context.options?.headers as ConstructorParameters<typeof Headers>[0]);
      headers.set("Authorization", `Bearer ${token.token}`);
      if (!headers.has("User-Agent")) headers.set("User-Agent", this.userAgent);
      context.options = { ...context.options, headers };
    }
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Redirects followed within the Graph origin before the call fails. */
const maxSameOriginRedirects = 5;

/**
 * Keeps every request on the configured Graph origin: a request for another origin (a poisoned
 * `@odata.nextLink`) is refused, redirects are not followed by fetch but here, within the origin
 * only, so neither the bearer token nor trust in an answer ever crosses to another host.
 */
class OriginGuardMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly origin: string) {}

  async execute(context: Context): Promise<void> {
    for (let hop = 0; ; hop++) {
      const url = typeof context.request === "string" ? context.request : context.request.url;
      const target = new URL(url);
      if (target.origin !== this.origin) {
        throw new Error(
          `Refused a Microsoft Graph request to ${target.origin}: the module talks to ${this.origin} only (M365_BACKUP_GRAPH_URL); a link or redirect pointed elsewhere.`,
        );
      }
      context.options = { ...context.options, redirect: "manual" };
      await this.next!.execute(context);
      const response = context.response;
      if (!response || response.status < 300 || response.status >= 400 || response.status === 304) return;
      const location = response.headers.get("location");
      const next = location ? new URL(location, target) : undefined;
      if (!next || next.origin !== this.origin || hop >= maxSameOriginRedirects) {
        throw new Error(
          `Microsoft Graph answered ${target.pathname} with HTTP ${response.status} redirecting to ${next?.origin ?? "(no Location)"}; the module follows redirects within ${this.origin} only (at most ${maxSameOriginRedirects}).`,
        );
      }
      await response.body?.cancel();
      context.request = next.toString();
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * Reads every answer through the size cap (infra/http/response-size.ts) and hands on the text it read,
 * so a page that never ends stops at the cap instead of filling memory when the Graph client parses it.
 */
class ResponseSizeMiddleware implements Middleware {
  private next: Middleware | undefined;

  async execute(context: Context): Promise<void> {
    await this.next!.execute(context);
    const response = context.response;
    if (!response || !response.body) return;
    const url = typeof context.request === "string" ? context.request : context.request.url;
    const text = await readCapped(response, `${context.options?.method ?? "GET"} ${new URL(url).pathname}`);
    const nullBody = [101, 204, 205, 304].includes(response.status);
    context.response = new Response(nullBody ? null : text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

export function graphBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.M365_BACKUP_GRAPH_URL ?? graphPublicUrl).replace(/\/+$/, "");
}

/** A Graph client bound to one origin, whose retries on throttling come from the Graph client's own RetryHandler middleware. */
export function createGraphClient(options: GraphClientOptions): Client {
  const baseUrl = (options.baseUrl ?? graphBaseUrl()).replace(/\/+$/, "");
  const origin = new URL(baseUrl).origin;
  const guard = new OriginGuardMiddleware(origin);
  const auth = new OriginBoundTokenMiddleware(options.credential, origin, options.userAgent ?? graphUserAgent);
  const retry = new RetryHandler(new RetryHandlerOptions(1, options.maxRetries ?? 6));
  const transient = new TransientFaultMiddleware({
    timeoutMs: requestTimeoutMs(),
    ...defaultTransientFaultOptions,
    ...options.transientFaults,
  });
  const size = new ResponseSizeMiddleware();
  const http = new HTTPMessageHandler();
  guard.setNext(auth);
  auth.setNext(retry);
  retry.setNext(transient);
  transient.setNext(size);
  size.setNext(http);
  return Client.initWithMiddleware({ middleware: guard, baseUrl: `${baseUrl}/`, defaultVersion: "v1.0" });
}
