import { Client, ResponseType } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { graphRequest, GraphRequestError } from "../graph/graph-request";
import { PageGuard, pageCapFor } from "../http/page-guard";
import type { DiscoveredEntity, EntityCounts, TenantInventory } from "./tenant-inventory";

/**
 * Discovery through Microsoft Graph (guide stage 6). Counts cost one `/$count` request each; lists
 * read users and groups through delta queries with only the fields the planner uses (delta takes no
 * `$top` and serves about 200 objects a page), so that the returned delta links let a later run read
 * only what changed; sites are listed `$top=999` a page. Retries on 429/503 come from the
 * Graph client's RetryHandler (honouring Retry-After).
 */

/**
 * How mailboxes are counted. Graph has no mailbox-type filter, so: a member (not a B2B guest, whose
 * `mail` is its external address) with a mail address and an enabled account is a user mailbox; a
 * member with a mail address and a disabled account is counted as a shared mailbox (Exchange disables
 * the accounts of shared, room and equipment mailboxes). That last count is an **estimate**: disabled
 * leavers whose mailbox still exists count too, and room and equipment mailboxes are in it; the
 * inventory says so (`estimated`), and the vendor request labels it. Exchange's own split needs
 * `mailboxSettings/userPurpose` per user or the mailbox usage report (Reports.Read.All), not read yet.
 */
export const countQueries: Record<Exclude<keyof EntityCounts, "sites" | "oneDrives">, { path: string; filter: string }> = {
  userMailboxes: { path: "/users/$count", filter: "mail ne null and accountEnabled eq true and userType eq 'Member'" },
  unlicensedUserMailboxes: { path: "/users/$count", filter: "mail ne null and accountEnabled eq true and userType eq 'Member' and assignedLicenses/$count eq 0" },
  sharedMailboxes: { path: "/users/$count", filter: "mail ne null and accountEnabled eq false and userType eq 'Member'" },
  licensedUsers: { path: "/users/$count", filter: "assignedLicenses/$count ne 0" },
  groups: { path: "/groups/$count", filter: "groupTypes/any(c:c eq 'Unified')" },
  teams: { path: "/groups/$count", filter: "resourceProvisioningOptions/Any(x:x eq 'Team')" },
};

const countAnswer = z.coerce.number().int().nonnegative();
const page = <T extends z.ZodType>(item: T) =>
  z.object({ value: z.array(item), "@odata.nextLink": z.string().url().optional(), "@odata.deltaLink": z.string().url().optional() });
const userItem = z.object({
  id: z.string().min(1),
  userPrincipalName: z.string().nullish(),
  mail: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
  userType: z.string().nullish(),
  assignedLicenses: z.array(z.object({ skuId: z.string() })).nullish(),
  "@removed": z.object({ reason: z.string() }).optional(),
});
const groupItem = z.object({
  id: z.string().min(1),
  mailNickname: z.string().nullish(),
  groupTypes: z.array(z.string()).nullish(),
  resourceProvisioningOptions: z.array(z.string()).nullish(),
  "@removed": z.object({ reason: z.string() }).optional(),
});
const siteItem = z.object({ id: z.string().min(1), webUrl: z.string(), isPersonalSite: z.boolean().nullish() });

export const userSelect = "id,userPrincipalName,mail,accountEnabled,userType,assignedLicenses";
export const groupSelect = "id,mailNickname,groupTypes,resourceProvisioningOptions";
export const siteSelect = "id,webUrl,isPersonalSite";

export interface DiscoveryOptions {
  tenantId: string;
  mode: "counts" | "lists";
  /** Delta links from the previous run: with `previous`, the user and group listings read only changes. */
  deltaLinks?: TenantInventory["deltaLinks"];
  /** The previous run's entities, which the changes are applied to; an expired delta link reads all again. */
  previous?: Pick<TenantInventory, "entities">;
}

/** Requests made per kind of call, for the benchmark and for reasoning about throttling cost. */
export type DiscoveryRequests = Record<"count" | "users" | "groups" | "sites" | "batch", number>;

function describe(error: z.ZodError, request: string): Error {
  const issue = error.issues[0];
  return new Error(`Microsoft Graph answered ${request} with an unexpected body: ${issue.path.join(".") || "(body)"}: ${issue.message}.`);
}

/** A nextLink or deltaLink as a path the client resolves against its own base URL (sovereign clouds, proxies). */
function relative(link: string): string {
  const url = new URL(link);
  return `${url.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, "")}${url.search}`;
}

/** What the identity running discovery needs when Graph answers 403. */
const discoveryPermissionFix =
  "grant the identity in M365_BACKUP_AZURE_AUTH the application permissions User.Read.All, Group.Read.All and Sites.Read.All with admin consent, or set m365-backup:rollout.discovery to config.";

/** Fewest objects Graph serves on a full page of a listing (delta pages hold about 200); bounds the pages a count allows. */
const minItemsPerPage = 50;

class GraphReader {
  readonly requests: DiscoveryRequests = { count: 0, users: 0, groups: 0, sites: 0, batch: 0 };
  constructor(private readonly client: Client) {}

  async count(path: string, filter?: string): Promise<number> {
    this.requests.count += 1;
    const request = `GET ${path}${filter ? `?$filter=${filter}` : ""}`;
    const body = await graphRequest(
      `Discovery ${request}`,
      () => this.client.api(path).header("ConsistencyLevel", "eventual").query(filter ? { $filter: filter } : {}).responseType(ResponseType.TEXT).get(),
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
  async all<T extends z.ZodType>(kind: keyof DiscoveryRequests, first: string, item: T, expected?: number): Promise<{ items: z.infer<T>[]; deltaLink?: string }> {
    const items: z.infer<T>[] = [];
    const guard = new PageGuard(`GET ${first.split("?")[0]}`, pageCapFor(expected, minItemsPerPage));
    let next: string | undefined = first;
    let deltaLink: string | undefined;
    while (next) {
      this.requests[kind] += 1;
      const link: string = next;
      const body = await graphRequest(`Discovery GET ${link.split("?")[0]}`, () => this.client.api(link).get(), z.unknown(), { permissionFix: discoveryPermissionFix });
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

/** Requests per JSON batch: Graph's limit. */
const batchSize = 20;
const batchAnswer = z.object({ responses: z.array(z.object({ id: z.string(), status: z.number().int(), body: z.unknown().optional() })) });
const purposeAnswer = z.object({ value: z.string() });

/**
 * Exchange's mailbox type of each user (`mailboxSettings/userPurpose`: user, shared, room, equipment,
 * ...) in JSON batches of 20; needs MailboxSettings.Read. A user whose type cannot be read is absent.
 */
async function mailboxPurposes(reader: GraphReader, client: Client, ids: readonly string[]): Promise<Map<string, string>> {
  const purposes = new Map<string, string>();
  for (let i = 0; i < ids.length; i += batchSize) {
    const chunk = ids.slice(i, i + batchSize);
    reader.requests.batch += 1;
    const answer = await graphRequest(
      "Discovery POST /$batch (mailboxSettings/userPurpose)",
      () => client.api("/$batch").post({ requests: chunk.map((id, n) => ({ id: String(n), method: "GET", url: `/users/${id}/mailboxSettings/userPurpose` })) }),
      batchAnswer,
      { permissionFix: "grant the discovery identity MailboxSettings.Read (application) to tell shared mailboxes from rooms and leavers, or leave the count an estimate." },
    );
    for (const r of answer?.responses ?? []) {
      const parsed = r.status === 200 ? purposeAnswer.safeParse(r.body) : undefined;
      if (parsed?.success) purposes.set(chunk[Number(r.id)], parsed.data.value);
    }
  }
  return purposes;
}

/**
 * A delta listing as the objects it describes now: Graph may return one object on several pages (the
 * last one wins) and marks deleted ones `@removed`, which are dropped.
 */
export function latestById<T extends { id: string; "@removed"?: unknown }>(items: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const item of items) {
    byId.delete(item.id);
    if (!item["@removed"]) byId.set(item.id, item);
  }
  return [...byId.values()];
}

/** Sites and OneDrives: Graph cannot count sites, so they are listed (one request per 999) and counted here. */
async function listSites(reader: GraphReader) {
  const { items } = await reader.all("sites", `/sites/getAllSites?$select=${siteSelect}&$top=999`, siteItem);
  return items;
}

export async function discoverTenantWithStats(client: Client, options: DiscoveryOptions): Promise<{ inventory: TenantInventory; requests: DiscoveryRequests }> {
  const reader = new GraphReader(client);
  const sites = await listSites(reader);
  const siteCounts = { sites: sites.filter((s) => !s.isPersonalSite).length, oneDrives: sites.filter((s) => s.isPersonalSite).length };
  const discoveredAt = new Date().toISOString();

  if (options.mode === "counts") {
    return { inventory: { tenantId: options.tenantId, counts: await countAll(reader, siteCounts), source: "graph", estimated: ["sharedMailboxes"], discoveredAt }, requests: reader.requests };
  }

  // Counts are always the whole tenant's, from $count (six cheap requests); the lists give the entities.
  const counts = await countAll(reader, siteCounts);
  // The directory's size bounds how many delta pages a full read can take.
  const [userTotal, groupTotal] = [await reader.count("/users/$count"), await reader.count("/groups/$count")];
  const byId = new Map<string, DiscoveredEntity>();
  const incremental = !!(options.previous?.entities && options.deltaLinks?.userMailboxes && options.deltaLinks.groups);
  if (incremental) for (const e of options.previous!.entities!) if (e.kind !== "sites" && e.kind !== "oneDrives") byId.set(e.id, e);
  const read = async (kind: "users" | "groups", link: string | undefined, first: string, item: z.ZodType, total: number) => {
    if (!incremental || !link) return reader.all(kind, first, item, total);
    try {
      return await reader.all(kind, relative(link), item, total);
    } catch (e) {
      // An expired delta token (410 Gone): read everything again, from an empty list.
      if (!(e instanceof GraphRequestError && e.status === 410)) throw e;
      for (const [id, entity] of byId) if ((kind === "users") === (entity.kind !== "groups")) byId.delete(id);
      return reader.all(kind, first, item, total);
    }
  };
  const users = await read("users", options.deltaLinks?.userMailboxes, `/users/delta?$select=${userSelect}`, userItem, userTotal);
  const groups = await read("groups", options.deltaLinks?.groups, `/groups/delta?$select=${groupSelect}`, groupItem, groupTotal);
  // Each object's last appearance decides: @removed drops it (also from the previous run's list), otherwise it is what it is now.
  const apply = <T extends { id: string; "@removed"?: unknown }>(items: readonly T[], entityOf: (item: T) => DiscoveredEntity | undefined) => {
    const last = new Map(items.map((i) => [i.id, i]));
    for (const [id, item] of last) {
      byId.delete(id);
      const entity = item["@removed"] ? undefined : entityOf(item);
      if (entity) byId.set(id, entity);
    }
  };
  // Disabled members with a mailbox: shared mailboxes, rooms, equipment or leavers; Exchange's own type says which.
  const latestUsers = latestById(users.items as z.infer<typeof userItem>[]);
  const disabled = latestUsers.filter((u) => u.mail && u.userType !== "Guest" && u.accountEnabled === false).map((u) => u.id);
  const purposes = await mailboxPurposes(reader, client, disabled);
  const excluded = { disabledLeavers: 0, roomAndEquipment: 0 };
  let unclassified = 0;
  // B2B guests carry their external address in mail; they have no mailbox here.
  apply(users.items as z.infer<typeof userItem>[], (u) => {
    if (!u.mail || u.userType === "Guest") return undefined;
    if (u.accountEnabled !== false) return { kind: "userMailboxes", id: u.id, key: u.userPrincipalName ?? u.mail };
    const purpose = purposes.get(u.id);
    if (purpose === "user" || purpose === "linked") {
      excluded.disabledLeavers += 1;
      return undefined;
    }
    if (purpose === "room" || purpose === "equipment") {
      excluded.roomAndEquipment += 1;
      return undefined;
    }
    if (purpose !== "shared") unclassified += 1;
    return { kind: "sharedMailboxes", id: u.id, key: u.userPrincipalName ?? u.mail };
  });
  apply(groups.items as z.infer<typeof groupItem>[], (g) => ((g.groupTypes ?? []).includes("Unified") ? { kind: "groups", id: g.id, key: g.mailNickname ?? g.id } : undefined));
  const entities = [...byId.values()];
  // Lists know each mailbox's type: the shared count is exact unless some types could not be read.
  counts.sharedMailboxes = entities.filter((e) => e.kind === "sharedMailboxes").length;
  for (const site of sites) entities.push({ kind: site.isPersonalSite ? "oneDrives" : "sites", id: site.id, key: site.webUrl });
  const deltaLinks: TenantInventory["deltaLinks"] = {
    ...(users.deltaLink ? { userMailboxes: users.deltaLink } : {}),
    ...(groups.deltaLink ? { groups: groups.deltaLink } : {}),
  };
  return {
    inventory: { tenantId: options.tenantId, counts, entities, deltaLinks, source: "graph", ...(unclassified > 0 ? { estimated: ["sharedMailboxes"] } : {}), excluded, discoveredAt },
    requests: reader.requests,
  };
}

async function countAll(reader: GraphReader, siteCounts: { sites: number; oneDrives: number }): Promise<EntityCounts> {
  const counted = {} as Record<keyof typeof countQueries, number>;
  for (const [key, q] of Object.entries(countQueries) as [keyof typeof countQueries, { path: string; filter: string }][]) counted[key] = await reader.count(q.path, q.filter);
  return { ...counted, ...siteCounts };
}

export async function discoverTenant(client: Client, options: DiscoveryOptions): Promise<TenantInventory> {
  return (await discoverTenantWithStats(client, options)).inventory;
}
