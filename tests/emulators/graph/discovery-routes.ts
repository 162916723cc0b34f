import type { ServiceRequest, ServiceResponse } from "../loopback-service";
import { GraphEmulator, graphError } from "./graph-emulator";
import { findUser, GraphGroup, GraphUser } from "./graph-tenant";
import { registerSubscribedSkusRoute } from "./licensing-routes";
import { directoryUnitsPer10Seconds, sharePointUnitsPerMinute } from "../../../infra/planner/throttling-limits";

export interface DiscoveryRouteOptions {
  /** Directory resource units per window; defaults to Microsoft's figure for the tenant's size. */
  directoryUnitsPerWindow?: number;
  /** SharePoint resource units per window; defaults to Microsoft's figure for the licence band. */
  sharePointUnitsPerWindow?: number;
  /** Window lengths (Microsoft: 10 s for the directory, 60 s for SharePoint); shorter keeps tests quick. */
  directoryWindowMs?: number;
  sharePointWindowMs?: number;
  /**
   * How delta renders an updated object: `changed` gives only its id and the properties the change set
   * (Graph documents "at least the updated properties"); `all` (default) every selected property.
   */
  deltaUpdates?: "all" | "changed";
}

/** Objects per delta page: Graph documents $top as unsupported on users/delta and groups/delta and serves about 200. */
export const deltaPageSize = 200;

/** The filters the emulator understands; Graph answers others it cannot run with 400, and so does this. */
const member = (u: GraphUser) => (u.userType ?? "Member") === "Member";
const userFilters: Record<string, (u: GraphUser) => boolean> = {
  "mail ne null and accountEnabled eq true": (u) => !!u.mail && u.accountEnabled,
  "mail ne null and accountEnabled eq true and userType eq 'Member'": (u) => !!u.mail && u.accountEnabled && member(u),
  "mail ne null and accountEnabled eq true and userType eq 'Member' and assignedLicenses/$count eq 0": (u) =>
    !!u.mail && u.accountEnabled && member(u) && u.assignedLicenses.length === 0,
  "mail ne null and accountEnabled eq false and userType eq 'Member'": (u) => !!u.mail && !u.accountEnabled && member(u),
  "assignedLicenses/$count ne 0": (u) => u.assignedLicenses.length > 0,
};
const groupFilters: Record<string, (g: GraphGroup) => boolean> = {
  "groupTypes/any(c:c eq 'Unified')": (g) => (g.groupTypes ?? []).includes("Unified"),
  "resourceProvisioningOptions/Any(x:x eq 'Team')": (g) => (g.resourceProvisioningOptions ?? []).includes("Team"),
};

function pick(o: object, select: string | null): Record<string, unknown> {
  if (!select) return { ...o };
  const fields = select.split(",");
  return Object.fromEntries(Object.entries(o).filter(([k]) => fields.includes(k)));
}

class ThrottleWindow {
  private start = 0;
  private used = 0;
  constructor(
    private readonly units: () => number,
    private readonly windowLength: () => number,
  ) {}

  /** Charges the call; throttled calls count too, as Microsoft's do. Returns seconds to wait when over. */
  charge(cost: number): number | undefined {
    const now = Date.now();
    const windowMs = this.windowLength();
    if (now - this.start >= windowMs) [this.start, this.used] = [now, 0];
    this.used += cost;
    if (this.used <= this.units()) return undefined;
    return Math.max(1, Math.ceil((this.start + windowMs - now) / 1000));
  }
}

/**
 * The parts of Graph discovery reads: users and groups with `$count` (ConsistencyLevel: eventual
 * required), `$filter`, `$select`, `$top` paging with `@odata.nextLink`, delta queries with
 * `@odata.deltaLink`, and `sites/getAllSites`. Each app is throttled by resource units per window
 * (directory: 2 per user page, 1 with $select; SharePoint: 2 per list page) with 429 and Retry-After.
 */
export function registerDiscoveryRoutes(emulator: GraphEmulator, options: DiscoveryRouteOptions = {}): void {
  const t = emulator.tenant;
  // SharePoint's band: the licences purchased.
  registerSubscribedSkusRoute(emulator);
  // Options are read on every call, so a test can change them on a running emulator.
  const directory = new ThrottleWindow(
    () => options.directoryUnitsPerWindow ?? directoryUnitsPer10Seconds(t.users.size),
    () => options.directoryWindowMs ?? 10_000,
  );
  const sharePoint = new ThrottleWindow(
    () =>
      options.sharePointUnitsPerWindow ??
      sharePointUnitsPerMinute([...t.users.values()].filter((u) => u.assignedLicenses.length > 0).length),
    () => options.sharePointWindowMs ?? 60_000,
  );
  const throttled = (req: ServiceRequest, window: ThrottleWindow, cost: number): ServiceResponse | undefined => {
    const wait = window.charge(cost);
    if (wait === undefined) return undefined;
    const res = graphError(req, 429, "TooManyRequests", "Too many requests: the application exceeded its resource units.");
    return { ...res, headers: { "Retry-After": String(wait) } };
  };
  const base = () => `${emulator.url}/v1.0`;

  const count =
    <T>(items: () => Iterable<T>, filters: Record<string, (x: T) => boolean>) =>
    (req: ServiceRequest): ServiceResponse => {
      const over = throttled(req, directory, 1);
      if (over) return over;
      if (req.headers.consistencylevel !== "eventual")
        return graphError(req, 400, "Request_BadRequest", "Count is not supported without ConsistencyLevel: eventual.");
      const filter = req.query.get("$filter");
      const test = filter === null ? () => true : filters[filter];
      if (!test) return graphError(req, 400, "Request_UnsupportedQuery", `Unsupported Query: ${filter}`);
      let n = 0;
      for (const x of items()) if (test(x)) n += 1;
      return { status: 200, body: String(n), headers: { "Content-Type": "text/plain" } };
    };

  /**
   * A page of `all` from $skiptoken, linking to the next page or, for delta, ending with a deltaLink.
   * Only the page's items are rendered, so paging through a 100k-user tenant stays linear.
   */
  const pageOf = <T>(
    req: ServiceRequest,
    path: string,
    all: readonly T[],
    view: (x: T) => Record<string, unknown>,
    delta: boolean,
  ): ServiceResponse => {
    // Delta ignores $top (not supported on users/delta and groups/delta) and pages itself, about 200 a page.
    const top = delta ? deltaPageSize : Math.min(Number(req.query.get("$top") ?? 100) || 100, 999);
    const skip = Number(req.query.get("$skiptoken") ?? 0);
    const value = all.slice(skip, skip + top).map(view);
    const keep = new URLSearchParams();
    for (const k of ["$select", "$top", "$filter", "$deltatoken"]) if (req.query.get(k) !== null) keep.set(k, req.query.get(k)!);
    const body: Record<string, unknown> = { value };
    if (skip + top < all.length) {
      keep.set("$skiptoken", String(skip + top));
      body["@odata.nextLink"] = `${base()}${path}?${keep.toString()}`;
    } else if (delta) {
      body["@odata.deltaLink"] =
        `${base()}${path}?$deltatoken=${t.version ?? 0}${req.query.get("$select") ? `&$select=${req.query.get("$select")}` : ""}`;
    }
    return { status: 200, body };
  };

  const directoryCost = (req: ServiceRequest) => (req.query.get("$select") ? 1 : 2);
  const userView = (u: GraphUser, select: string | null) =>
    pick(
      {
        id: u.id,
        userPrincipalName: u.userPrincipalName,
        mail: u.mail ?? null,
        accountEnabled: u.accountEnabled,
        userType: u.userType ?? "Member",
        assignedLicenses: u.assignedLicenses,
        displayName: u.displayName,
      },
      select,
    );
  const groupView = (g: GraphGroup, select: string | null) =>
    pick(
      {
        id: g.id,
        displayName: g.displayName,
        mailNickname: g.mailNickname ?? null,
        mail: g.mail ?? null,
        groupTypes: g.groupTypes ?? [],
        resourceProvisioningOptions: g.resourceProvisioningOptions ?? [],
      },
      select,
    );

  const s = emulator.service;
  s.route(
    "GET",
    "/v1.0/users/$count",
    count(() => t.users.values(), userFilters),
  );
  s.route(
    "GET",
    "/v1.0/groups/$count",
    count(() => t.groups.values(), groupFilters),
  );
  s.route("GET", "/v1.0/users", (req) => {
    const over = throttled(req, directory, directoryCost(req));
    if (over) return over;
    const filter = req.query.get("$filter");
    const test = filter === null ? () => true : userFilters[filter];
    if (!test) return graphError(req, 400, "Request_UnsupportedQuery", `Unsupported Query: ${filter}`);
    return pageOf(req, "/users", [...t.users.values()].filter(test), (u) => userView(u, req.query.get("$select")), false);
  });
  const deltaRoute = (
    kind: "user" | "group",
    path: string,
    items: () => Iterable<GraphUser | GraphGroup>,
    view: (x: never, select: string | null) => Record<string, unknown>,
  ) =>
    s.route("GET", `/v1.0${path}`, (req) => {
      const over = throttled(req, directory, directoryCost(req));
      if (over) return over;
      const token = req.query.get("$deltatoken");
      const since = token === null ? undefined : Number(token);
      const changed = [...items()].filter((x) => since === undefined || (x.version ?? 0) > since);
      const removed = since === undefined ? [] : (t.removed ?? []).filter((r) => r.kind === kind && r.version > since);
      const select = req.query.get("$select");
      const render = (x: GraphUser | GraphGroup | (typeof removed)[number]) => {
        if ("kind" in x) return { id: x.id, "@removed": { reason: "deleted" } };
        const full = view(x as never, select);
        const changed = "changedFields" in x ? x.changedFields : undefined;
        if (since === undefined || options.deltaUpdates !== "changed" || !changed) return full;
        return Object.fromEntries(Object.entries(full).filter(([k]) => k === "id" || (changed as string[]).includes(k)));
      };
      return pageOf<GraphUser | GraphGroup | (typeof removed)[number]>(req, path, [...changed, ...removed], render, true);
    });
  deltaRoute("user", "/users/delta", () => t.users.values(), userView as never);
  deltaRoute("group", "/groups/delta", () => t.groups.values(), groupView as never);
  // One user by object id or UPN, with the same view as listings.
  s.route("GET", "/v1.0/users/:id", (req) => {
    const over = throttled(req, directory, directoryCost(req));
    if (over) return over;
    const u = findUser(t, decodeURIComponent(req.params.id));
    if (!u)
      return graphError(
        req,
        404,
        "Request_ResourceNotFound",
        `Resource '${req.params.id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return { status: 200, body: userView(u, req.query.get("$select")) };
  });
  // Groups by mail nickname (what discovery sends), or all Microsoft 365 groups (what coverage lists).
  s.route("GET", "/v1.0/groups", (req) => {
    const over = throttled(req, directory, directoryCost(req));
    if (over) return over;
    const filter = req.query.get("$filter") ?? "";
    // Every Microsoft 365 group, as the coverage command lists them.
    if (groupFilters[filter])
      return pageOf(
        req,
        "/groups",
        [...t.groups.values()].filter(groupFilters[filter]),
        (g) => groupView(g, req.query.get("$select")),
        false,
      );
    const nickname = /^mailNickname eq '((?:[^']|'')*)'$/.exec(filter);
    if (!nickname) return graphError(req, 400, "Request_UnsupportedQuery", `Unsupported Query: ${filter}`);
    const wanted = nickname[1].replace(/''/g, "'").toLowerCase();
    return pageOf(
      req,
      "/groups",
      [...t.groups.values()].filter((g) => (g.mailNickname ?? "").toLowerCase() === wanted),
      (g) => groupView(g, req.query.get("$select")),
      false,
    );
  });
  // Exchange's mailbox type, one user at a time or up to 20 in a JSON batch (Graph's limit).
  s.route("GET", "/v1.0/users/:id/mailboxSettings/userPurpose", (req) => {
    const u = t.users.get(req.params.id);
    if (!u || !u.mail) return graphError(req, 404, "ErrorMailboxNotFound", "The user has no mailbox.");
    return { status: 200, body: { value: u.mailboxPurpose ?? (u.accountEnabled ? "user" : "shared") } };
  });
  s.route("POST", "/v1.0/$batch", async (req) => {
    const requests = ((req.body ?? {}) as { requests?: { id: string; method: string; url: string }[] }).requests ?? [];
    if (requests.length > 20) return graphError(req, 400, "BadRequest", "A batch holds at most 20 requests.");
    const responses = [];
    for (const r of requests) {
      const fault = emulator.batchFault?.(r);
      if (fault === "drop") continue;
      if (fault) {
        responses.push({
          id: r.id,
          status: fault.status,
          headers: { "Retry-After": String(fault.retryAfterSeconds) },
          body: { error: { code: "TooManyRequests", message: "Too many requests." } },
        });
        continue;
      }
      const url = new URL(r.url.startsWith("/") ? r.url : `/${r.url}`, "http://batch");
      const inner = await s.dispatchInner({
        ...req,
        method: r.method,
        path: `/v1.0${url.pathname}`,
        query: url.searchParams,
        body: undefined,
        params: {},
      });
      responses.push({ id: r.id, status: inner.status, body: inner.body });
    }
    return { status: 200, body: { responses } };
  });
  s.route("GET", "/v1.0/sites/getAllSites", (req) => {
    const over = throttled(req, sharePoint, 2);
    if (over) return over;
    return pageOf(req, "/sites/getAllSites", t.sites ?? [], (x) => pick(x, req.query.get("$select")), false);
  });
}

/** Directory changes as Graph records them, so the next delta query returns them. */
export function changeDirectory(
  emulator: GraphEmulator,
  change: { addUser?: GraphUser; updateUser?: { id: string; set: Partial<GraphUser> }; removeUserId?: string },
): void {
  const t = emulator.tenant;
  t.version = (t.version ?? 0) + 1;
  if (change.addUser) t.users.set(change.addUser.id, { ...change.addUser, version: t.version, changedFields: undefined });
  if (change.updateUser) {
    const u = t.users.get(change.updateUser.id);
    if (!u) throw new Error(`no user ${change.updateUser.id}`);
    t.users.set(u.id, {
      ...u,
      ...change.updateUser.set,
      version: t.version,
      changedFields: Object.keys(change.updateUser.set) as (keyof GraphUser)[],
    });
  }
  if (change.removeUserId) {
    t.users.delete(change.removeUserId);
    (t.removed ??= []).push({ id: change.removeUserId, kind: "user", version: t.version });
  }
}
