import { randomBytes, randomUUID } from "crypto";
import { GraphEmulator, graphError } from "./graph-emulator";
import { tenantHasPim } from "./graph-tenant";

/**
 * The parts of Microsoft Graph v1.0 the privileged-access resources use, as documented:
 * plain role assignments (unifiedRoleAssignment create, list with $filter, delete), PIM's
 * roleAssignmentScheduleRequests, refused to a tenant without Entra ID P2 or ID Governance, (adminAssign with an afterDuration expiration, adminRemove,
 * RoleAssignmentExists / RoleAssignmentDoesNotExist) and roleAssignmentScheduleInstances with $filter
 * (https://learn.microsoft.com/graph/api/rbacapplication-post-roleassignmentschedulerequests), and a
 * user's temporaryAccessPassMethods: the pass only in the create answer, one per user, a new one
 * replacing the old (https://learn.microsoft.com/graph/api/authentication-post-temporaryaccesspassmethods).
 */
export interface RoleAssignmentRecord {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  start: Date;
  /** undefined: permanent. */
  end?: Date;
}

export interface TemporaryAccessPassRecord {
  id: string;
  pass: string;
  start: Date;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  used: boolean;
}

export interface PrivilegedAccessState {
  assignments: RoleAssignmentRecord[];
  passes: Map<string, TemporaryAccessPassRecord>;
  /** The emulator's clock, movable for expiry tests. */
  now: () => Date;
  /** Requests answered per route, for asserting what was written. */
  writes: number;
  /** Answer the next N matching requests with this status and Retry-After 1 (faults). */
  faults: { status: number; remaining: number; match: RegExp }[];
}

const isoDuration = /^PT(\d+)H$/;

export function registerPrivilegedAccessRoutes(emulator: GraphEmulator): PrivilegedAccessState {
  const state: PrivilegedAccessState = { assignments: [], passes: new Map(), now: () => new Date(), writes: 0, faults: [] };
  const service = emulator.service;
  const active = () => state.assignments.filter((a) => !a.end || a.end > state.now());
  /** The active assignments a `$filter` of principalId and roleDefinitionId names (the only filters the module sends). */
  const filtered = (req: { query: URLSearchParams }) => {
    const filter = req.query.get("$filter") ?? "";
    const principal = /principalId eq '([^']+)'/.exec(filter)?.[1];
    const role = /roleDefinitionId eq '([^']+)'/.exec(filter)?.[1];
    return active().filter((a) => (!principal || a.principalId === principal) && (!role || a.roleDefinitionId === role));
  };

  service.before((req) => {
    const fault = state.faults.find((f) => f.remaining > 0 && f.match.test(`${req.method} ${req.path}`));
    if (!fault) return undefined;
    fault.remaining -= 1;
    return {
      status: fault.status,
      headers: { "Retry-After": "1" },
      body: {
        error: {
          code: fault.status === 429 ? "TooManyRequests" : "ServiceUnavailable",
          message: "Try again later.",
          innerError: { "request-id": req.requestId },
        },
      },
    };
  });

  service.route("POST", "/v1.0/roleManagement/directory/roleAssignmentScheduleRequests", (req) => {
    const body = (req.body ?? {}) as {
      action?: string;
      principalId?: string;
      roleDefinitionId?: string;
      directoryScopeId?: string;
      justification?: string;
      scheduleInfo?: { startDateTime?: string; expiration?: { type?: string; duration?: string } };
    };
    if (!body.principalId || !body.roleDefinitionId || body.directoryScopeId === undefined) {
      return graphError(req, 400, "InvalidRequest", "principalId, roleDefinitionId and directoryScopeId are required.");
    }
    if (!emulator.tenant.users.has(body.principalId))
      return graphError(req, 404, "Request_ResourceNotFound", `Resource '${body.principalId}' does not exist.`);
    const existing = active().find((a) => a.principalId === body.principalId && a.roleDefinitionId === body.roleDefinitionId);
    state.writes += 1;
    if (body.action === "adminAssign") {
      // Observed answer of a tenant without Entra ID P2 or ID Governance (public issue threads; Microsoft documents only the licence rule).
      if (!tenantHasPim(emulator.tenant))
        return graphError(req, 400, "AadPremiumLicenseRequired", "The tenant needs an AAD Premium 2 license.");
      if (existing) return graphError(req, 400, "RoleAssignmentExists", "The Role assignment already exists.");
      const exp = body.scheduleInfo?.expiration;
      const hours = exp?.type?.toLowerCase() === "afterduration" ? Number(isoDuration.exec(exp.duration ?? "")?.[1]) : undefined;
      if (exp?.type?.toLowerCase() === "afterduration" && !hours)
        return graphError(req, 400, "InvalidRequest", "The expiration duration is invalid.");
      const start = state.now();
      const record: RoleAssignmentRecord = {
        id: randomUUID(),
        principalId: body.principalId,
        roleDefinitionId: body.roleDefinitionId,
        start,
        ...(hours ? { end: new Date(start.getTime() + hours * 3_600_000) } : {}),
      };
      state.assignments.push(record);
      return { status: 201, body: requestView(record, "adminAssign", "Provisioned") };
    }
    if (body.action === "adminRemove") {
      if (!existing) return graphError(req, 400, "RoleAssignmentDoesNotExist", "The Role assignment does not exist.");
      state.assignments = state.assignments.filter((a) => a !== existing);
      return { status: 201, body: requestView(existing, "adminRemove", "Revoked") };
    }
    return graphError(req, 400, "InvalidRequest", `action ${String(body.action)} is not supported here.`);
  });

  service.route("GET", "/v1.0/roleManagement/directory/roleAssignmentScheduleInstances", (req) => {
    const value = filtered(req).map((a) => ({
      id: a.id,
      principalId: a.principalId,
      roleDefinitionId: a.roleDefinitionId,
      directoryScopeId: "/",
      startDateTime: a.start.toISOString(),
      endDateTime: a.end?.toISOString() ?? null,
      assignmentType: "Assigned",
      memberType: "Direct",
    }));
    return { status: 200, body: { value } };
  });

  // Plain (non-PIM) assignments, unifiedRoleAssignment: they have no end in Entra.
  const assignmentView = (a: RoleAssignmentRecord) => ({
    id: a.id,
    principalId: a.principalId,
    roleDefinitionId: a.roleDefinitionId,
    directoryScopeId: "/",
  });
  service.route("POST", "/v1.0/roleManagement/directory/roleAssignments", (req) => {
    const body = (req.body ?? {}) as { principalId?: string; roleDefinitionId?: string; directoryScopeId?: string };
    if (!body.principalId || !body.roleDefinitionId || body.directoryScopeId === undefined)
      return graphError(req, 400, "Request_BadRequest", "principalId, roleDefinitionId and directoryScopeId are required.");
    if (!emulator.tenant.users.has(body.principalId))
      return graphError(req, 404, "Request_ResourceNotFound", `Resource '${body.principalId}' does not exist.`);
    if (active().some((a) => a.principalId === body.principalId && a.roleDefinitionId === body.roleDefinitionId))
      return graphError(
        req,
        400,
        "Request_BadRequest",
        "A conflicting object with one or more of the specified property values is present in the directory.",
      );
    state.writes += 1;
    const record: RoleAssignmentRecord = {
      id: randomUUID(),
      principalId: body.principalId,
      roleDefinitionId: body.roleDefinitionId,
      start: state.now(),
    };
    state.assignments.push(record);
    return { status: 201, body: assignmentView(record) };
  });
  service.route("GET", "/v1.0/roleManagement/directory/roleAssignments", (req) => {
    const value = filtered(req).map(assignmentView);
    return { status: 200, body: { value } };
  });
  service.route("DELETE", "/v1.0/roleManagement/directory/roleAssignments/:id", (req) => {
    const found = active().find((a) => a.id === req.params.id);
    if (!found) return graphError(req, 404, "Request_ResourceNotFound", `Resource '${req.params.id}' does not exist.`);
    state.writes += 1;
    state.assignments = state.assignments.filter((a) => a !== found);
    return { status: 204 };
  });

  const passView = (p: TemporaryAccessPassRecord, withPass: boolean) => {
    const expired = state.now().getTime() >= p.start.getTime() + p.lifetimeInMinutes * 60_000;
    return {
      id: p.id,
      temporaryAccessPass: withPass ? p.pass : null,
      createdDateTime: p.start.toISOString(),
      startDateTime: p.start.toISOString(),
      lifetimeInMinutes: p.lifetimeInMinutes,
      isUsableOnce: p.isUsableOnce,
      isUsable: !expired && !p.used,
      methodUsabilityReason: p.used ? "OneTimeUsed" : expired ? "Expired" : "EnabledByPolicy",
    };
  };

  service.route("POST", "/v1.0/users/:id/authentication/temporaryAccessPassMethods", (req) => {
    if (!emulator.tenant.users.has(req.params.id))
      return graphError(req, 404, "Request_ResourceNotFound", `Resource '${req.params.id}' does not exist.`);
    const body = (req.body ?? {}) as { lifetimeInMinutes?: number; isUsableOnce?: boolean };
    const lifetime = body.lifetimeInMinutes ?? 60;
    // Entra's default Temporary Access Pass policy: 1 to 8 hours.
    if (lifetime < 60 || lifetime > 480)
      return graphError(req, 400, "badRequest", "Invalid LifetimeInMinutes specified. The valid range between 60 and 480.");
    state.writes += 1;
    const record: TemporaryAccessPassRecord = {
      id: randomUUID(),
      pass: randomBytes(6).toString("base64url"),
      start: state.now(),
      lifetimeInMinutes: lifetime,
      isUsableOnce: body.isUsableOnce ?? false,
      used: false,
    };
    state.passes.set(req.params.id, record);
    return { status: 201, body: passView(record, true) };
  });

  // A user's password (user resource, passwordProfile): Entra's complexity rule, 8-256 characters and
  // three of the four classes, or 400.
  service.route("PATCH", "/v1.0/users/:id", (req) => {
    const user = emulator.tenant.users.get(req.params.id);
    if (!user) return graphError(req, 404, "Request_ResourceNotFound", `Resource '${req.params.id}' does not exist.`);
    const password = (req.body as { passwordProfile?: { password?: unknown } })?.passwordProfile?.password;
    if (typeof password !== "string") return graphError(req, 400, "Request_BadRequest", "Only passwordProfile is served here.");
    const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((c) => c.test(password)).length;
    if (password.length < 8 || password.length > 256 || classes < 3)
      return graphError(req, 400, "Request_BadRequest", "The specified password does not comply with password complexity requirements.");
    state.writes += 1;
    user.password = password;
    return { status: 204 };
  });

  service.route("GET", "/v1.0/users/:id/authentication/temporaryAccessPassMethods/:method", (req) => {
    const p = state.passes.get(req.params.id);
    if (!p || p.id !== req.params.method) return graphError(req, 404, "itemNotFound", "The requested authentication method was not found.");
    return { status: 200, body: passView(p, false) };
  });

  service.route("DELETE", "/v1.0/users/:id/authentication/temporaryAccessPassMethods/:method", (req) => {
    const p = state.passes.get(req.params.id);
    if (!p || p.id !== req.params.method) return graphError(req, 404, "itemNotFound", "The requested authentication method was not found.");
    state.writes += 1;
    state.passes.delete(req.params.id);
    return { status: 204 };
  });

  return state;
}

function requestView(a: RoleAssignmentRecord, action: string, status: string): Record<string, unknown> {
  return {
    id: randomUUID(),
    action,
    status,
    principalId: a.principalId,
    roleDefinitionId: a.roleDefinitionId,
    directoryScopeId: "/",
    createdDateTime: new Date().toISOString(),
    scheduleInfo: {
      startDateTime: a.start.toISOString(),
      expiration: a.end
        ? { type: "afterDuration", endDateTime: null, duration: `PT${Math.round((a.end.getTime() - a.start.getTime()) / 3_600_000)}H` }
        : { type: "noExpiration" },
    },
  };
}
