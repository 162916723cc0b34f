import type { GraphError } from "@microsoft/microsoft-graph-client";
import type { z } from "zod";

/** A Graph call that failed, with what the support case and the fix need. */
export class GraphRequestError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly code: string | null,
    readonly requestId: string | null,
    detail: string,
    fix: string,
  ) {
    super(
      `${operation} failed: HTTP ${status}${code ? ` ${code}` : ""}${requestId ? ` (request-id ${requestId})` : ""}: ${detail}. ${fix}`,
    );
    this.name = "GraphRequestError";
  }
}

export function isGraphError(e: unknown): e is GraphError {
  return typeof e === "object" && e !== null && typeof (e as GraphError).statusCode === "number";
}

/**
 * Graph's code, message and request id from a failed call. A call made with a text response type (a
 * `$count`) gets its error envelope back as a string, which the Graph client leaves unread: it is read here.
 */
export function graphErrorParts(e: GraphError): { code: string | null; message: string; requestId: string | null } {
  if (e.code || e.message) return { code: e.code, message: e.message, requestId: e.requestId };
  const body = e.body as unknown;
  try {
    const envelope = (typeof body === "string" ? JSON.parse(body) : body) as {
      error?: { code?: string; message?: string; innerError?: Record<string, string> };
    };
    if (envelope?.error)
      return {
        code: envelope.error.code ?? null,
        message: envelope.error.message ?? "",
        requestId: envelope.error.innerError?.["request-id"] ?? null,
      };
  } catch {
    // Not Graph's envelope: fall through to what is known.
  }
  return {
    code: null,
    message: typeof body === "string" && body.length > 0 ? body.slice(0, 300) : "no error body",
    requestId: e.requestId,
  };
}

export interface GraphRequestOptions {
  /** A 404 is an answer (the object is gone), not an error. */
  allow404?: boolean;
  /** What the identity running pulumi needs when Graph answers 403. */
  permissionFix: string;
}

export function fixFor(status: number, permissionFix: string): string {
  if (status === 401) return "Fix: check the credential in M365_BACKUP_AZURE_AUTH and its variables.";
  if (status === 403) return `Fix: ${permissionFix}`;
  if (status === 429 || status >= 500)
    return "Fix: Microsoft Graph is throttling or unavailable after all retries; run pulumi up again later.";
  return "Fix: correct the request named above and run pulumi up again.";
}

/** One Graph call through the client's middleware: Graph's errors named with their request id, answers validated. */
export async function graphRequest<T>(
  operation: string,
  run: () => Promise<unknown>,
  schema: z.ZodType<T>,
  options: GraphRequestOptions,
): Promise<T | undefined> {
  let body: unknown;
  try {
    body = await run();
  } catch (e) {
    if (isGraphError(e)) {
      if (options.allow404 && e.statusCode === 404) return undefined;
      const { code, message, requestId } = graphErrorParts(e);
      throw new GraphRequestError(operation, e.statusCode, code, requestId, message, fixFor(e.statusCode, options.permissionFix));
    }
    throw e;
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${operation} answered an unexpected body: field ${issue.path.join(".") || "(root)"} ${issue.message}. Fix: check M365_BACKUP_GRAPH_URL points at Microsoft Graph.`,
    );
  }
  return parsed.data;
}
