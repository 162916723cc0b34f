import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { ResponseTooLargeError } from "../http/response-size";
import { networkFailure } from "../http/network-failure";

/**
 * Gives every Graph request a timeout and retries what the Graph client's RetryHandler does not:
 * connections that fail or reset, requests that time out, answers cut off mid-body and HTTP 500/502.
 * (RetryHandler already retries 429, 503 and 504, honouring Retry-After; it sits before this one, so
 * each of its attempts gets a fresh timeout here.) Attempts and waits are bounded; the last failure
 * is thrown naming the request.
 */
export interface TransientFaultOptions {
  /** Per-attempt timeout, body included. */
  timeoutMs: number;
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** First backoff; doubled per attempt. */
  baseDelayMs: number;
}

export const defaultTransientFaultOptions: Omit<TransientFaultOptions, "timeoutMs"> = { maxAttempts: 4, baseDelayMs: 1000 };

const retriedStatuses = new Set([500, 502]);

export class TransientFaultMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly options: TransientFaultOptions,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === "string" ? context.request : context.request.url;
    const { pathname } = new URL(url);
    const method = context.options?.method ?? "GET";
    for (let attempt = 1; ; attempt++) {
      let failure: string | undefined;
      try {
        context.options = { ...context.options, signal: AbortSignal.timeout(this.options.timeoutMs) };
        await this.next!.execute(context);
        const response = context.response!;
        if (retriedStatuses.has(response.status)) failure = `HTTP ${response.status}`;
        // Read the whole body now, under the timeout: a reset or a cut-off body is found here and retried.
        else await response.clone().arrayBuffer();
      } catch (e) {
        // An answer past the size cap is the server's fault, not the network's: asking again would read it again.
        if (e instanceof ResponseTooLargeError) throw e;
        failure = networkFailure(e, this.options.timeoutMs);
      }
      if (failure === undefined) return;
      if (attempt >= this.options.maxAttempts) {
        // A 500/502 answer stands as Graph's own error (code and message); a broken connection becomes this one.
        if (failure.startsWith("HTTP ")) return;
        throw new Error(
          `Microsoft Graph ${method} ${pathname}: ${failure}, after ${attempt} attempt(s). Fix: check the network to ${new URL(url).origin}, then run pulumi up again; M365_BACKUP_REQUEST_TIMEOUT_SECONDS raises the timeout.`,
        );
      }
      await context.response?.body?.cancel().catch(() => undefined);
      await this.sleep(this.options.baseDelayMs * 2 ** (attempt - 1));
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
