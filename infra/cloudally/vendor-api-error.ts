/** What to do about a failed vendor call, by HTTP status. */
function adviceFor(status: number | undefined, code: string | undefined): string {
  if (code === "TruncatedAnswer")
    return "The vendor's answers kept breaking off (the connection or the vendor is unstable); every call was retried within its budget. Run `pulumi up` again later.";
  if (status === undefined)
    return "The vendor API could not be reached; check vendorApi.region (or emulatorUrl) and the network, then run `pulumi up` again.";
  if (status === 401)
    return "The vendor rejected the credentials; check vendorApi.clientId and accountEmail and the secret keys vendorClientSecret and vendorPassword.";
  if (status === 403)
    return "The vendor account lacks permission for this call; ask the vendor to grant partner API access to the account.";
  if (status === 404) return "The object no longer exists at the vendor; run `pulumi refresh` to bring the state up to date.";
  if (status === 409) return "An object with the same natural key exists; the module adopts it on the next `pulumi up`.";
  if (code === "IndexingRequiresSupport")
    return "Only vendor support can turn indexing off; keep indexForSearch true and contact support@constantedge.com.";
  if (status === 422) return "The vendor refused the values; correct the backup task settings named in the message.";
  if (status === 429 || status >= 500)
    return "The vendor is throttling or failing; the call was retried within its budget. Run `pulumi up` again later.";
  return "See the vendor's message; run `pulumi up` again once it is resolved.";
}

/** A failed vendor call: HTTP status, the vendor's request id (for a support case) and what to do. Never carries credentials. */
export class VendorApiError extends Error {
  readonly advice: string;

  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    readonly requestId: string | undefined,
    readonly code: string | undefined,
    detail: string,
  ) {
    const advice = adviceFor(status, code);
    super(
      `Backup vendor call ${operation} failed` +
        (status !== undefined ? ` with HTTP ${status}` : "") +
        (code ? ` (${code})` : "") +
        `: ${detail}` +
        (requestId ? ` [request id ${requestId}]` : "") +
        `. ${advice}`,
    );
    this.name = "VendorApiError";
    this.advice = advice;
  }
}
