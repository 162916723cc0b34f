import { absolutePageCap, PageGuard, PagingError, pageCapFor } from "../../infra/http/page-guard";

describe("PageGuard: a lying count never buys more pages than the absolute cap", () => {
  it("caps what a claimed total allows at the absolute cap", () => {
    expect(pageCapFor(1_000, 100)).toBe(20);
    expect(pageCapFor(1e12, 1)).toBe(absolutePageCap);
  });

  it("stops a read whose server raises its count past the cap, at the cap", () => {
    const guard = new PageGuard("GET /v2/resellers/accounts/backup-statuses", 10);
    guard.capAt(Number.MAX_SAFE_INTEGER);
    let pages = 0;
    expect(() => {
      for (;;) {
        guard.next(`page-${pages}`);
        pages += 1;
      }
    }).toThrow(PagingError);
    expect(pages).toBe(absolutePageCap - 1);
  });
});
