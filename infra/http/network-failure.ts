/**
 * Why a request got no (complete) answer, in a few words for an error message: the timeout, the
 * socket's error code, or a connection closed mid-answer. Shared by the Graph and vendor clients.
 */
export function networkFailure(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError" || err.name === "AbortError") return `no complete answer within ${Math.round(timeoutMs / 1000)} s`;
  if (err.cause?.code) return err.cause.code;
  if (err.message === "terminated") return "the connection closed mid-answer";
  return err.cause?.message ?? err.message ?? err.name ?? "network error";
}
