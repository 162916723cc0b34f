import { Client } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { graphRequest, GraphRequestError } from "../graph/graph-request";
import { purchasedSharePointLicences, readSubscribedSkus } from "../licensing/tenant-service-plans";
import { DiscoveryCursor, followableCursor } from "./discovery-cursor";
import { discoveryPermissionFix, GraphReader, page, relative } from "./graph-reader";
import type { DiscoveryRequests } from "./graph-reader";
import type { DiscoveredEntity, EntityCounts, TenantInventory } from "./tenant-inventory";

/**
 * Discovery through Microsoft Graph (guide stage 6). Counts cost one `/$count` request each; sites are
 * listed `$top=999` a page (Graph cannot count them). Lists mode also reads users through
 * `users/delta` with only the fields it needs (delta takes no `$top` and serves about 200 objects a
 * page), to type every disabled mailbox; the returned cursor lets the next run read only the changes.
 * Priority entries are looked up one by one. Retries on 429/503 come from the Graph client's
 * RetryHandler (honouring Retry-After).
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
export const countQueries: Record<
  Exclude<keyof EntityCounts, "sites" | "oneDrives" | "licensedUsers">,
  { path: string; filter: string }
> = {
  userMailboxes: { path: "/users/$count", filter: "mail ne null and accountEnabled eq true and userType eq 'Member'" },
  unlicensedUserMailboxes: {
    path: "/users/$count",
    filter: "mail ne null and accountEnabled eq true and userType eq 'Member' and assignedLicenses/$count eq 0",
  },
  sharedMailboxes: { path: "/users/$count", filter: "mail ne null and accountEnabled eq false and userType eq 'Member'" },
  groups: { path: "/groups/$count", filter: "groupTypes/any(c:c eq 'Unified')" },
  teams: { path: "/groups/$count", filter: "resourceProvisioningOptions/Any(x:x eq 'Team')" },
};

const userItem = z.object({
  id: z.string().min(1),
  userPrincipalName: z.string().nullish(),
  mail: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
  userType: z.string().nullish(),
  "@removed": z.object({ reason: z.string() }).optional(),
});
const groupItem = z.object({
  id: z.string().min(1),
  mailNickname: z.string().nullish(),
  groupTypes: z.array(z.string()).nullish(),
});
const siteItem = z.object({ id: z.string().min(1), webUrl: z.string(), isPersonalSite: z.boolean().nullish() });

/**
 * The user fields discovery reads. `assignedLicenses` is among them so that a delta read reports a licence
 * removed, as when a leaver's mailbox is converted to shared: delta tracks only the selected properties
 * ([delta query](https://learn.microsoft.com/graph/delta-query-overview), "Use $select to track only properties").
 */
export const userSelect = "id,userPrincipalName,mail,accountEnabled,userType,assignedLicenses";
export const groupSelect = "id,mailNickname,groupTypes";
export const siteSelect = "id,webUrl,isPersonalSite";

export interface DiscoveryOptions {
  tenantId: string;
  mode: "counts" | "lists";
  /** Lists: the previous run's cursor (unvalidated, as state gave it back); followed, the run reads only directory changes. */
  cursor?: unknown;
  /** Lists: `rollout.priority`, each entry looked up directly. */
  priority?: readonly string[];
  /** The run's clock (tests). */
  now?: Date;
}

/** Requests per JSON batch: Graph's limit ([JSON batching](https://learn.microsoft.com/graph/json-batching)). */
const batchSize = 20;
const batchAnswer = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).nullish(),
      body: z.unknown().optional(),
    }),
  ),
});
const purposeAnswer = z.object({ value: z.string() });

/** Statuses of a request inside a batch that Graph asks to repeat later (throttled or busy). */
const retryableInBatch = new Set([429, 503, 504]);
/** Rounds of repeating what a batch throttled or left out, each after the longest Retry-After it gave (capped). */
const batchRetryRounds = 3;
const batchRetryCapSeconds = 30;

/**
 * GETs in JSON batches of 20; each answer (status and body) at its request's index. Graph judges the
 * requests of a batch one by one, and a throttled one comes back as 429 with its own Retry-After
 * ([Throttling and batching](https://learn.microsoft.com/graph/throttling#throttling-and-batching)):
 * those, and any request the answer leaves out, are sent again (up to 3 rounds, after the longest
 * Retry-After). What is still unanswered stays absent, and the callers refuse absent answers.
 */
async function batchGet(
  reader: GraphReader,
  client: Client,
  what: string,
  urls: readonly string[],
  permissionFix?: string,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
) {
  const answers: ({ status: number; body?: unknown } | undefined)[] = Array.from({ length: urls.length }, () => undefined);
  let pending = urls.map((_, i) => i);
  for (let round = 0; pending.length > 0 && round <= batchRetryRounds; round++) {
    let waitSeconds = 0;
    for (let c = 0; c < pending.length; c += batchSize) {
      const chunk = pending.slice(c, c + batchSize);
      reader.requests.batch += 1;
      const answer = await graphRequest(
        `Discovery POST /$batch (${what})`,
        () => client.api("/$batch").post({ requests: chunk.map((index, n) => ({ id: String(n), method: "GET", url: urls[index] })) }),
        batchAnswer,
        { permissionFix: permissionFix ?? discoveryPermissionFix },
      );
      for (const r of answer?.responses ?? []) {
        const n = Number(r.id);
        if (!(Number.isInteger(n) && n >= 0 && n < chunk.length)) continue;
        answers[chunk[n]] = { status: r.status, body: r.body };
        if (retryableInBatch.has(r.status))
          waitSeconds = Math.max(waitSeconds, Number(r.headers?.["Retry-After"] ?? r.headers?.["retry-after"] ?? 1) || 1);
      }
    }
    pending = pending.filter((i) => answers[i] === undefined || retryableInBatch.has(answers[i]!.status));
    if (pending.length > 0 && round < batchRetryRounds) await sleep(Math.min(waitSeconds || 1, batchRetryCapSeconds) * 1000);
  }
  return answers;
}

/**
 * Exchange's mailbox type of each user (`mailboxSettings/userPurpose`: user, shared, room, equipment,
 * ...) in JSON batches of 20; needs MailboxSettings.Read. A user whose type cannot be read is absent.
 */
async function mailboxPurposes(reader: GraphReader, client: Client, ids: readonly string[]): Promise<Map<string, string>> {
  const fix =
    "grant the discovery identity MailboxSettings.Read (application) to tell shared mailboxes from rooms and leavers, or leave the count an estimate.";
  const answers = await batchGet(
    reader,
    client,
    "mailboxSettings/userPurpose",
    ids.map((id) => `/users/${id}/mailboxSettings/userPurpose`),
    fix,
  );
  // Still throttled or unanswered after the retries: stop, rather than keep a type as unknown until the weekly full read.
  const busy = Array.from(answers).filter((a) => !a || retryableInBatch.has(a.status)).length;
  if (busy > 0)
    throw new Error(
      `Discovery POST /$batch (mailboxSettings/userPurpose): ${busy} of ${ids.length} lookups stayed throttled or unanswered after ${batchRetryRounds} retries; run again, the next run repeats them.`,
    );
  const purposes = new Map<string, string>();
  ids.forEach((id, i) => {
    const parsed = answers[i]?.status === 200 ? purposeAnswer.safeParse(answers[i]!.body) : undefined;
    if (parsed?.success) purposes.set(id, parsed.data.value);
  });
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

export async function discoverTenantWithStats(
  client: Client,
  options: DiscoveryOptions,
): Promise<{ inventory: TenantInventory; requests: DiscoveryRequests }> {
  const reader = new GraphReader(client);
  const sites = await listSites(reader);
  const siteCounts = { sites: sites.filter((s) => !s.isPersonalSite).length, oneDrives: sites.filter((s) => s.isPersonalSite).length };
  const now = options.now ?? new Date();
  const discoveredAt = now.toISOString();

  // Counts are always the whole tenant's, from $count and the subscriptions (six cheap requests).
  const counts = await countAll(reader, client, siteCounts);
  if (options.mode === "counts") {
    return {
      inventory: { tenantId: options.tenantId, counts, source: "graph", estimated: ["sharedMailboxes"], discoveredAt },
      requests: reader.requests,
    };
  }

  // Lists: the members whose mailbox has a disabled account, with Exchange's type, give the exact shared count.
  const previous = followableCursor(options.cursor, options.tenantId, now);
  const userTotal = await reader.count("/users/$count");
  const followed = previous.cursor ? await followCursor(reader, client, previous.cursor, userTotal, discoveredAt) : undefined;
  const { disabled, usersDeltaLink, fullReadAt } = followed ?? (await readDirectory(reader, client, userTotal, discoveredAt));
  const fullReadBecause = followed ? followed.fullReadBecause : previous.fullReadBecause;
  const excluded = { disabledLeavers: 0, roomAndEquipment: 0 };
  let shared = 0;
  let unclassified = 0;
  for (const purpose of disabled.values()) {
    if (purpose === "user" || purpose === "linked") excluded.disabledLeavers += 1;
    else if (purpose === "room" || purpose === "equipment") excluded.roomAndEquipment += 1;
    else {
      shared += 1;
      if (purpose !== "shared") unclassified += 1;
    }
  }
  counts.sharedMailboxes = shared;
  const { entities, unmatched } = await resolvePriority(reader, client, options.priority ?? [], sites, disabled);
  const cursor: DiscoveryCursor | undefined = usersDeltaLink
    ? { version: 1, tenantId: options.tenantId, usersDeltaLink, fullReadAt, disabledMailboxes: Object.fromEntries(disabled) }
    : undefined;
  return {
    inventory: {
      tenantId: options.tenantId,
      counts,
      entities,
      ...(unmatched.length > 0 ? { unmatchedPriority: unmatched } : {}),
      ...(cursor ? { cursor } : {}),
      read: fullReadBecause ? "full" : "changes",
      ...(fullReadBecause ? { fullReadBecause } : {}),
      source: "graph",
      ...(unclassified > 0 ? { estimated: ["sharedMailboxes"] } : {}),
      excluded,
      discoveredAt,
    },
    requests: reader.requests,
  };
}

type UserItem = z.infer<typeof userItem>;
/** A member (not a B2B guest, whose mail is an external address) with a mailbox and a disabled account: shared, room, equipment or a leaver. */
const hasDisabledMailbox = (u: UserItem) => !!u.mail && u.userType !== "Guest" && u.accountEnabled === false;
/** A member with a mailbox and an enabled account: a user mailbox. */
const hasUserMailbox = (u: UserItem) => !!u.mail && u.userType !== "Guest" && u.accountEnabled !== false;

/** Every user once, through users/delta (so the read ends with a delta link), and the type of each disabled mailbox. */
async function readDirectory(reader: GraphReader, client: Client, userTotal: number, at: string) {
  const users = await reader.all("users", `/users/delta?$select=${userSelect}`, userItem, userTotal);
  const ids = latestById(users.items as UserItem[])
    .filter(hasDisabledMailbox)
    .map((u) => u.id);
  const purposes = await mailboxPurposes(reader, client, ids);
  const disabled = new Map(ids.map((id) => [id, purposes.get(id) ?? ""]));
  return { disabled, usersDeltaLink: users.deltaLink, fullReadAt: at };
}

/**
 * A delta link Graph will no longer follow: an identity resource's expired link answers 400 with
 * `syncStateNotFound` ([Duration of change tracking tokens](https://devblogs.microsoft.com/microsoft365dev/duration-of-change-tracking-tokens-for-identity-and-education-resources/)),
 * other resources 410 Gone or `resyncRequired` ([delta query, synchronization reset](https://learn.microsoft.com/graph/delta-query-overview#synchronization-reset)).
 * Each means: read everything again.
 */
export function deltaLinkExpired(e: GraphRequestError): boolean {
  return e.status === 410 || ["syncstatenotfound", "resyncrequired"].includes((e.code ?? "").toLowerCase());
}

/**
 * The previous run's set brought up to date from the delta link: each changed user's last appearance
 * decides. Graph returns an updated object with at least its changed properties, so one that lacks a
 * property the decision needs is read again by id (in batches of 20). An expired link (410) reads the
 * whole directory again.
 */
async function followCursor(
  reader: GraphReader,
  client: Client,
  cursor: DiscoveryCursor,
  userTotal: number,
  at: string,
): Promise<{ disabled: Map<string, string>; usersDeltaLink?: string; fullReadAt: string; fullReadBecause?: string }> {
  let changes;
  try {
    changes = await reader.all("users", relative(cursor.usersDeltaLink), userItem, userTotal);
  } catch (e) {
    if (!(e instanceof GraphRequestError && deltaLinkExpired(e))) throw e;
    return {
      ...(await readDirectory(reader, client, userTotal, at)),
      fullReadBecause: `Graph answered ${e.status}${e.code ? ` ${e.code}` : ""}: the delta link expired`,
    };
  }
  // Type undefined: a disabled mailbox new since the cursor, typed below.
  const disabled = new Map<string, string | undefined>(Object.entries(cursor.disabledMailboxes));
  const last = new Map((changes.items as UserItem[]).map((u) => [u.id, u]));
  const incomplete: string[] = [];
  const decide = (u: UserItem) => {
    if (!hasDisabledMailbox(u)) disabled.delete(u.id);
    // A disabled mailbox that changed (new, or a licence removed when a leaver's mailbox became shared) is typed
    // again below; one that did not change keeps the type the cursor holds.
    else disabled.set(u.id, undefined);
  };
  for (const u of last.values()) {
    if (u["@removed"]) disabled.delete(u.id);
    else if (u.mail === undefined || u.accountEnabled === undefined || u.userType === undefined) incomplete.push(u.id);
    else decide(u);
  }
  for (const [id, u] of await usersById(reader, client, incomplete)) {
    if (u) decide(u);
    else disabled.delete(id);
  }
  const fresh = [...disabled].filter(([, purpose]) => purpose === undefined).map(([id]) => id);
  const purposes = await mailboxPurposes(reader, client, fresh);
  for (const id of fresh) disabled.set(id, purposes.get(id) ?? "");
  return {
    disabled: disabled as Map<string, string>,
    usersDeltaLink: changes.deltaLink ?? cursor.usersDeltaLink,
    fullReadAt: cursor.fullReadAt,
  };
}

/**
 * Lookups answered inside a batch must be 200 (or 404 where `absentOk`): a throttled or failed one
 * stops the run, so that nothing is taken as gone or unmatched because Graph was busy (the cursor is
 * not exported, and the next run reads the same changes again).
 */
function requireAnswered(what: string, answers: readonly ({ status: number } | undefined)[], absentOk: boolean): void {
  // Every index, holes included: Array.prototype.filter skips the slots of a sparse array.
  const failed = Array.from(answers).filter((a) => !a || !(a.status === 200 || (absentOk && a.status === 404)));
  if (failed.length === 0) return;
  const statuses = [...new Set(failed.map((a) => (a ? String(a.status) : "no answer")))].join(", ");
  throw new Error(
    `Discovery POST /$batch (${what}): ${failed.length} of ${answers.length} lookups failed (${statuses}); run again, the next run repeats them.`,
  );
}

/** Users read one by one in JSON batches of 20 (by object id or UPN); a 404 is undefined. */
async function usersById(reader: GraphReader, client: Client, keys: readonly string[]): Promise<Map<string, UserItem | undefined>> {
  const answers = await batchGet(
    reader,
    client,
    "users by id",
    keys.map((k) => `/users/${encodeURIComponent(k)}?$select=${userSelect}`),
  );
  requireAnswered("users by id", answers, true);
  const found = new Map<string, UserItem | undefined>();
  keys.forEach((key, i) => {
    const parsed = answers[i]?.status === 200 ? userItem.safeParse(answers[i].body) : undefined;
    found.set(key, parsed?.success ? parsed.data : undefined);
  });
  return found;
}

/**
 * The entities `rollout.priority` names, each looked up directly (so a daily run never lists the
 * directory for them): a URL among the listed sites and OneDrives, an address as a user by UPN, anything
 * else as a Microsoft 365 group by mail nickname. Entries that name no backed-up entity are returned apart.
 */
async function resolvePriority(
  reader: GraphReader,
  client: Client,
  priority: readonly string[],
  sites: readonly z.infer<typeof siteItem>[],
  disabled: ReadonlyMap<string, string>,
) {
  const entities: DiscoveredEntity[] = [];
  const unmatched: string[] = [];
  const trim = (url: string) => url.toLowerCase().replace(/\/+$/, "");
  const siteByUrl = new Map(sites.map((s) => [trim(s.webUrl), s]));
  // What an entry names, decided once: a URL (site or OneDrive), an address (user), else a group's mail nickname.
  const kindOf = (p: string) => (/^https?:\/\//i.test(p) ? "url" : p.includes("@") ? "address" : "nickname");
  const addresses = priority.filter((p) => kindOf(p) === "address");
  const nicknames = priority.filter((p) => kindOf(p) === "nickname");
  const users = await usersById(reader, client, addresses);
  const groupAnswers = await batchGet(
    reader,
    client,
    "groups by mail nickname",
    nicknames.map((n) => `/groups?$filter=${encodeURIComponent(`mailNickname eq '${n.replace(/'/g, "''")}'`)}&$select=${groupSelect}`),
  );
  requireAnswered("groups by mail nickname", groupAnswers, false);
  const groups = new Map(
    nicknames.map((n, i) => {
      const parsed = groupAnswers[i]?.status === 200 ? page(groupItem).safeParse(groupAnswers[i].body) : undefined;
      return [n, parsed?.success ? parsed.data.value.find((g) => (g.groupTypes ?? []).includes("Unified")) : undefined];
    }),
  );
  for (const key of priority) {
    const kind = kindOf(key);
    if (kind === "url") {
      const site = siteByUrl.get(trim(key));
      if (site) entities.push({ kind: site.isPersonalSite ? "oneDrives" : "sites", id: site.id, key });
      else unmatched.push(key);
    } else if (kind === "address") {
      const u = users.get(key);
      if (u && hasUserMailbox(u)) entities.push({ kind: "userMailboxes", id: u.id, key });
      else if (u && hasDisabledMailbox(u) && ["shared", "", undefined].includes(disabled.get(u.id)))
        entities.push({ kind: "sharedMailboxes", id: u.id, key });
      else unmatched.push(key);
    } else {
      const g = groups.get(key);
      if (g) entities.push({ kind: "groups", id: g.id, key });
      else unmatched.push(key);
    }
  }
  return { entities, unmatched };
}

/**
 * The counts, and SharePoint's licence band: Microsoft bands an app's SharePoint limits by "the number
 * of licenses purchased per organization", so the licences with a SharePoint plan the tenant bought
 * (subscribedSkus), not the users who hold one.
 */
async function countAll(reader: GraphReader, client: Client, siteCounts: { sites: number; oneDrives: number }): Promise<EntityCounts> {
  const counted = {} as Record<keyof typeof countQueries, number>;
  for (const [key, q] of Object.entries(countQueries) as [keyof typeof countQueries, { path: string; filter: string }][])
    counted[key] = await reader.count(q.path, q.filter);
  reader.requests.count += 1;
  const licensedUsers = purchasedSharePointLicences(await readSubscribedSkus(client, "Discovery GET /subscribedSkus"));
  return { ...counted, licensedUsers, ...siteCounts };
}

export async function discoverTenant(client: Client, options: DiscoveryOptions): Promise<TenantInventory> {
  return (await discoverTenantWithStats(client, options)).inventory;
}
