import type { ServiceRequest, ServiceResponse } from "../loopback-service";
import { GraphEmulator, graphError } from "./graph-emulator";
import { findUser, GraphGroup, GraphSubscribedSku, GraphUser } from "./graph-tenant";

/**
 * The licensing part of Microsoft Graph v1.0: subscribedSkus, users with $select, assignLicense with
 * Graph's own errors (no free units, bad usage location, unknown SKU, removing an unassigned licence),
 * group membership through members/$ref (group-based licensing) and paged memberOf.
 */
export interface LicensingRouteOptions {
  /** Every Nth licensing write (assignLicense, members/$ref) is throttled with 429 and Retry-After first. */
  throttleEveryNthWrite?: number;
  retryAfterSeconds?: number;
}

function select(req: ServiceRequest, entity: Record<string, unknown>): Record<string, unknown> {
  const fields = req.query.get("$select");
  if (!fields) return entity;
  return Object.fromEntries(fields.split(",").map((f) => [f.trim(), entity[f.trim()] ?? null]));
}

function notFound(req: ServiceRequest, id: string): ServiceResponse {
  return graphError(
    req,
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

function userView(u: GraphUser): Record<string, unknown> {
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    displayName: u.displayName,
    mail: u.mail ?? null,
    userType: u.userType ?? "Member",
    usageLocation: u.usageLocation ?? null,
    accountEnabled: u.accountEnabled,
    assignedLicenses: u.assignedLicenses,
  };
}

function skuView(s: GraphSubscribedSku): Record<string, unknown> {
  return { ...s, appliesTo: s.appliesTo ?? "User", servicePlans: s.servicePlans ?? [] };
}

const servingSkus = new WeakSet<GraphEmulator>();

/** GET /subscribedSkus, with each SKU's service plans (licensing and discovery both read it; served once per emulator). */
export function registerSubscribedSkusRoute(emulator: GraphEmulator): void {
  if (servingSkus.has(emulator)) return;
  servingSkus.add(emulator);
  emulator.service.route("GET", "/v1.0/subscribedSkus", (req) => ({
    status: 200,
    body: {
      "@odata.context": `${emulator.url}/v1.0/$metadata#subscribedSkus`,
      value: emulator.tenant.subscribedSkus.map((s) => select(req, skuView(s))),
    },
  }));
}

export function registerLicensingRoutes(emulator: GraphEmulator, options: LicensingRouteOptions = {}): void {
  const tenant = emulator.tenant;
  const service = emulator.service;
  let writes = 0;

  if (options.throttleEveryNthWrite) {
    const every = options.throttleEveryNthWrite;
    const isWrite = (req: ServiceRequest) => req.method !== "GET" && /\/(assignLicense|members(\/[^/]+)?\/\$ref)$/.test(req.path);
    let throttledRequestPending = false;
    service.before((req) => {
      if (!isWrite(req)) return undefined;
      if (throttledRequestPending) {
        // The retry of a throttled call goes through.
        throttledRequestPending = false;
        return undefined;
      }
      writes += 1;
      if (writes % every !== 0) return undefined;
      throttledRequestPending = true;
      return {
        status: 429,
        headers: { "Retry-After": String(options.retryAfterSeconds ?? 1) },
        body: {
          error: {
            code: "TooManyRequests",
            message: "Application is over its MailboxConcurrency limit.",
            innerError: { "request-id": req.requestId },
          },
        },
      };
    });
  }

  const findSku = (skuId: string) => tenant.subscribedSkus.find((s) => s.skuId === skuId);
  const consume = (skuId: string, delta: number) => {
    const s = findSku(skuId);
    if (s) s.consumedUnits += delta;
  };

  registerSubscribedSkusRoute(emulator);

  service.route("GET", "/v1.0/users/:id", (req) => {
    const u = findUser(tenant, decodeURIComponent(req.params.id));
    return u ? { status: 200, body: select(req, userView(u)) } : notFound(req, req.params.id);
  });

  service.route("POST", "/v1.0/users/:id/assignLicense", (req) => {
    const u = tenant.users.get(req.params.id);
    if (!u) return notFound(req, req.params.id);
    const body = req.body as { addLicenses?: { skuId?: string; disabledPlans?: string[] }[]; removeLicenses?: string[] } | undefined;
    if (!body || !Array.isArray(body.addLicenses) || !Array.isArray(body.removeLicenses)) {
      return graphError(
        req,
        400,
        "Request_BadRequest",
        "One or more parameters of the function import 'assignLicense' are missing from the request payload. The missing parameters are: addLicenses, removeLicenses.",
      );
    }
    for (const add of body.addLicenses) {
      const sku = add.skuId ? findSku(add.skuId) : undefined;
      if (!sku) return graphError(req, 400, "Request_BadRequest", `License ${add.skuId} does not correspond to a valid company License.`);
      if (!u.usageLocation)
        return graphError(req, 400, "Request_BadRequest", "License assignment cannot be done for user with invalid usage location.");
      const already = u.assignedLicenses.some((l) => l.skuId === sku.skuId);
      if (!already && sku.consumedUnits >= sku.prepaidUnits.enabled) {
        return graphError(req, 400, "Request_BadRequest", `Subscription with SKU ${sku.skuId} does not have any available licenses.`);
      }
    }
    for (const skuId of body.removeLicenses) {
      if (!u.assignedLicenses.some((l) => l.skuId === skuId))
        return graphError(req, 400, "Request_BadRequest", "User does not have a corresponding license.");
    }
    for (const skuId of body.removeLicenses) {
      u.assignedLicenses = u.assignedLicenses.filter((l) => l.skuId !== skuId);
      consume(skuId, -1);
    }
    for (const add of body.addLicenses) {
      if (u.assignedLicenses.some((l) => l.skuId === add.skuId)) continue;
      u.assignedLicenses.push({ skuId: add.skuId!, disabledPlans: add.disabledPlans ?? [] });
      consume(add.skuId!, 1);
    }
    return { status: 200, body: userView(u) };
  });

  service.route("GET", "/v1.0/groups/:id", (req) => {
    const g = tenant.groups.get(req.params.id);
    return g
      ? {
          status: 200,
          body: select(req, {
            id: g.id,
            displayName: g.displayName,
            assignedLicenses: g.assignedLicenses,
            isAssignableToRole: g.isAssignableToRole ?? false,
          }),
        }
      : notFound(req, req.params.id);
  });

  // Directory role assignments by principal (unifiedRoleAssignment list with $filter=principalId eq '<id>').
  service.route("GET", "/v1.0/roleManagement/directory/roleAssignments", (req) => {
    const principal = /^principalId eq '([^']+)'$/.exec(req.query.get("$filter") ?? "")?.[1];
    if (!principal)
      return { status: 400, body: { error: { code: "BadRequest", message: "Only $filter=principalId eq '<id>' is served here." } } };
    const roles = tenant.groups.get(principal)?.roles ?? [];
    return {
      status: 200,
      body: { value: roles.map((roleDefinitionId, i) => ({ id: `${principal}-${i}`, roleDefinitionId, principalId: principal })) },
    };
  });

  service.route("GET", "/v1.0/users/:id/memberOf", (req) => {
    const u = tenant.users.get(req.params.id);
    if (!u) return notFound(req, req.params.id);
    const top = Math.min(Number(req.query.get("$top") ?? 100), 999);
    const skip = Number(req.query.get("$skiptoken") ?? 0);
    const page = u.memberOf
      .slice(skip, skip + top)
      .map((id) => select(req, { "@odata.type": "#microsoft.graph.group", id, displayName: tenant.groups.get(id)?.displayName ?? null }));
    const next =
      skip + top < u.memberOf.length
        ? `${emulator.url}/v1.0/users/${u.id}/memberOf?$top=${top}&$select=id&$skiptoken=${skip + top}`
        : undefined;
    return { status: 200, body: { value: page, ...(next ? { "@odata.nextLink": next } : {}) } };
  });

  const join = (g: GraphGroup, u: GraphUser) => {
    g.members.push(u.id);
    u.memberOf.push(g.id);
    // Group-based licensing: the member inherits the group's SKUs.
    for (const l of g.assignedLicenses) {
      if (!u.assignedLicenses.some((x) => x.skuId === l.skuId)) {
        u.assignedLicenses.push({ ...l });
        consume(l.skuId, 1);
      }
    }
  };
  const leave = (g: GraphGroup, u: GraphUser) => {
    g.members = g.members.filter((m) => m !== u.id);
    u.memberOf = u.memberOf.filter((m) => m !== g.id);
    for (const l of g.assignedLicenses) {
      if (u.assignedLicenses.some((x) => x.skuId === l.skuId)) consume(l.skuId, -1);
      u.assignedLicenses = u.assignedLicenses.filter((x) => x.skuId !== l.skuId);
    }
  };

  service.route("POST", "/v1.0/groups/:id/members/$ref", (req) => {
    const g = tenant.groups.get(req.params.id);
    if (!g) return notFound(req, req.params.id);
    const ref = (req.body as { "@odata.id"?: string } | undefined)?.["@odata.id"] ?? "";
    const memberId = /\/directoryObjects\/([^/]+)$/.exec(ref)?.[1];
    if (!memberId) return graphError(req, 400, "Request_BadRequest", "Invalid object identifier ''.");
    const u = tenant.users.get(memberId);
    if (!u) return notFound(req, memberId);
    if (g.members.includes(u.id)) {
      return graphError(
        req,
        400,
        "Request_BadRequest",
        "One or more added object references already exist for the following modified properties: 'members'.",
      );
    }
    join(g, u);
    return { status: 204 };
  });

  service.route("DELETE", "/v1.0/groups/:id/members/:member/$ref", (req) => {
    const g = tenant.groups.get(req.params.id);
    if (!g) return notFound(req, req.params.id);
    const u = tenant.users.get(req.params.member);
    if (!u || !g.members.includes(u.id)) return notFound(req, req.params.member);
    leave(g, u);
    return { status: 204 };
  });
}

/** Removes a user's group membership as an administrator would in the portal (for drift tests). */
export function removeMembershipByHand(emulator: GraphEmulator, groupId: string, userId: string): void {
  const g = emulator.tenant.groups.get(groupId)!;
  const u = emulator.tenant.users.get(userId)!;
  g.members = g.members.filter((m) => m !== u.id);
  u.memberOf = u.memberOf.filter((m) => m !== g.id);
}
