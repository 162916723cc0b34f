/**
 * Keeps one answer finite. A server that sends a 60 MB page (or one that never ends) would otherwise be
 * read into memory whole, whatever it claims in Content-Length; the read stops at the cap and names the
 * request.
 */
export class ResponseTooLargeError extends Error {
  constructor(
    readonly request: string,
    readonly maxBytes: number,
  ) {
    super(
      `${request} answered more than ${maxBytes.toLocaleString("en-US")} bytes, past any page this module asks for; the read was stopped and nothing was changed. This is a fault of the service: run pulumi up again later, and report it if it repeats.`,
    );
    this.name = "ResponseTooLargeError";
  }
}

/**
 * The largest answer read: 16 MB. An assumption with a wide margin: the largest pages the module asks
 * for (999 users with $select, 500 partner tasks, a $batch of 20) are a few MB at most.
 */
export const maxResponseBytes = 16 * 1024 * 1024;

/** The body as text, read chunk by chunk and abandoned past `maxBytes`. */
export async function readCapped(response: Response, request: string, maxBytes = maxResponseBytes): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new ResponseTooLargeError(request, maxBytes);
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new ResponseTooLargeError(request, maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
