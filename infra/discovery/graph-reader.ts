import { Client, ResponseType } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { graphRequest } from "../graph/graph-request";
import { PageGuard, pageCapFor } from "../http/page-guard";

/** Requests made per kind of call, for the benchmark and for reasoning about throttling cost. */
export type DiscoveryRequests = Record<"count" | "users" | "sites" | "batch" | "groups", number>;

const countAnswer = z.coerce.number().int().nonnegative();
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ value: z.array(item), "@odata.nextLink": z.string().url().optional(), "@odata.deltaLink": z.string().url().optional() });
export function describe(error: z.ZodError, request: string): Error {
  const issue = error.issues[0];
  return new Error(`Microsoft Graph answered ${request} with an unexpected body: ${issue.path.join(".") || "(body)"}: ${issue.message}.`);
}

/** A nextLink or deltaLink as a path the client resolves against its own base URL (sovereign clouds, proxies). */
export function relative(link: string): string {
  const url = new URL(link);
  return `${url.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, "")}${url.search}`;
}

/** What the identity running discovery needs when Graph answers 403. */
export const discoveryPermissionFix =
  "grant the identity in M365_BACKUP_AZURE_AUTH the application permissions User.Read.All, Group.Read.All and Sites.Read.All with admin consent, or set m365-backup:rollout.discovery to config.";

/** Fewest objects Graph serves on a full page of a listing (delta pages hold about 200); bounds the pages a count allows. */
const minItemsPerPage = 50;

/** Counts and paged listings through Microsoft Graph, each request counted and every listing bounded. */
export class GraphReader {
  readonly requests: DiscoveryRequests = { count: 0, users: 0, sites: 0, batch: 0, groups: 0 };
  constructor(private readonly client: Client) {}

  async count(path: string, filter?: string): Promise<number> {
    this.requests.count += 1;
    const request = `GET ${path}${filter ? `?$filter=${filter}` : ""}`;
    const body = await graphRequest(
      `Discovery ${request}`,
      () =>
        this.client
          .api(path)
          .header("ConsistencyLevel", "eventual")
          .query(filter ? { $filter: filter } : {})
          .responseType(ResponseType.TEXT)
          .get(),
      z.unknown(),
      { permissionFix: discoveryPermissionFix },
    );
    const parsed = countAnswer.safeParse(typeof body === "string" ? body.trim() : body);
    if (!parsed.success) throw describe(parsed.error, request);
    return parsed.data;
  }

  /**
   * Every page of a listing, following @odata.nextLink; returns the items and the final deltaLink.
   * A link handed back twice, or more pages than `expected` items allow, stops the read.
   */
  async all<T extends z.ZodType>(
    kind: keyof DiscoveryRequests,
    first: string,
    item: T,
    expected?: number,
  ): Promise<{ items: z.infer<T>[]; deltaLink?: string }> {
    const items: z.infer<T>[] = [];
    const guard = new PageGuard(`GET ${first.split("?")[0]}`, pageCapFor(expected, minItemsPerPage));
    let next: string | undefined = first;
    let deltaLink: string | undefined;
    while (next) {
      this.requests[kind] += 1;
      const link: string = next;
      const body = await graphRequest(`Discovery GET ${link.split("?")[0]}`, () => this.client.api(link).get(), z.unknown(), {
        permissionFix: discoveryPermissionFix,
      });
      const parsed = page(item).safeParse(body);
      if (!parsed.success) throw describe(parsed.error, `GET ${link}`);
      items.push(...parsed.data.value);
      next = parsed.data["@odata.nextLink"] ? relative(parsed.data["@odata.nextLink"]) : undefined;
      if (next) guard.next(next);
      deltaLink = parsed.data["@odata.deltaLink"] ?? deltaLink;
    }
    return { items, ...(deltaLink ? { deltaLink } : {}) };
  }
}
