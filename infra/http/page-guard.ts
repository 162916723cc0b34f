/**
 * Keeps a paged read finite. A server that hands back a link or token it already gave (a looping
 * `@odata.nextLink` or `nextPageToken`), or that pages past what its count allows, would otherwise keep
 * the run reading, and holding what it read, until memory runs out. Both stop the read with an error
 * that names the request.
 */
export class PagingError extends Error {
  constructor(
    readonly request: string,
    detail: string,
  ) {
    super(
      `Paged read ${request} stopped: ${detail}. Nothing was changed; this is a fault of the service, so run pulumi up again later, and report it if it repeats.`,
    );
    this.name = "PagingError";
  }
}

/** Pages allowed when the service gives no count: at 100 items a page, a million objects (an assumption, far above any tenant's listing). */
export const defaultPageCap = 10_000;

/**
 * Pages no read may pass, whatever the server says its listing holds: 10 million entities (the config's
 * ceiling, maxEntityCount) at about 200 a page (Graph's delta pages). A server that claims a larger
 * `total`, `totalPages` or `$count` is not believed past it.
 */
export const absolutePageCap = 50_000;

/** The page cap for `total` items served at least `minPageSize` a page, with slack for a listing that grows while it is read. */
export function pageCapFor(total: number | undefined, minPageSize: number): number {
  if (total === undefined) return defaultPageCap;
  return Math.min(absolutePageCap, Math.ceil(total / minPageSize) + 10);
}

export class PageGuard {
  private readonly seen = new Set<string>();
  private pages = 0;

  constructor(
    private readonly request: string,
    private cap: number,
  ) {
    this.cap = Math.min(cap, absolutePageCap);
  }

  /** Sets the cap once the service has said how many items there are, never past the absolute cap. */
  capAt(cap: number): void {
    this.cap = Math.min(cap, absolutePageCap);
  }

  /** Called with each page's continuation (link or token) before it is followed. */
  next(continuation: string): void {
    this.pages += 1;
    if (this.seen.has(continuation))
      throw new PagingError(this.request, `page ${this.pages} handed back a continuation it had already given (${shorten(continuation)})`);
    if (this.pages >= this.cap) throw new PagingError(this.request, `more than ${this.cap} pages, past what the listing's size allows`);
    this.seen.add(continuation);
  }
}

function shorten(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
