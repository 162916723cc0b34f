import type { Client } from "@microsoft/microsoft-graph-client";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { credentialFromEnvironment } from "../azure/credential";
import { createGraphClient } from "../graph/graph-client";
import { GraphRequestError } from "../graph/graph-request";
import { checkAgainst } from "../dynamic/dynamic-check";
import { hasPrivilegedIdentityManagement, readSubscribedSkus } from "../licensing/tenant-service-plans";
import { GraphDirectoryRoleClient } from "./graph-directory-role-client";
import { GraphRoleScheduleClient, RoleAssignmentInstance } from "./graph-role-schedule-client";

/**
 * What the DirectoryRoleAssignmentSchedule dynamic provider does, loaded at run time in the
 * dynamic-provider host: a directory role with an end. Where the tenant has PIM (Entra ID P2 or ID
 * Governance) it is PIM's time-bound active assignment, which Entra ends; without it, a plain
 * assignment whose deadline this resource keeps and enforces: the first `up` after it (the daily
 * pipeline's) removes it. It is never renewed behind anyone's back: once it has ended it stays ended
 * until the grant number changes.
 */

/** Entra's own limit is the role policy's; the module's is 7 days (exchange.globalAdministratorHours). */
export const maxAssignmentHours = 168;

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: "must be a GUID" });
const inputsSchema = z.object({
  roleId: guid,
  principalObjectId: guid,
  durationHours: z
    .number()
    .int()
    .min(1)
    .max(maxAssignmentHours, { message: `must be at most ${maxAssignmentHours} hours (7 days)` }),
  justification: z.string().min(10).max(500),
  grant: z.number().int().min(1),
  /** pim: a time-bound PIM assignment; deadline: a plain assignment this resource removes at its end; auto: pim where the tenant has it. */
  method: z.enum(["auto", "pim", "deadline"]).default("auto"),
});
export type RoleAssignmentScheduleInputs = z.infer<typeof inputsSchema>;

/**
 * active: held now; ended: its time ran out; removed: someone removed it before its end; permanent:
 * PIM reports it without an end (made permanent outside the stack; the pack fails it); overdue: a
 * deadline assignment still held after its end (the next `up` removes it).
 */
export type ScheduleState = "active" | "ended" | "removed" | "permanent" | "overdue";

/** How Entra holds the role: PIM's time-bound assignment, or a plain one with the deadline kept here. */
export type HeldThrough = "pim" | "deadline";

export interface RoleAssignmentScheduleOutputs extends RoleAssignmentScheduleInputs {
  startDateTime: string;
  endDateTime: string;
  state: ScheduleState;
  heldThrough: HeldThrough;
}

type Props = Record<string, unknown>;

let graph: Client | undefined;
const graphClient = () => (graph ??= createGraphClient({ credential: credentialFromEnvironment() }));
let roles: GraphRoleScheduleClient | undefined;
function client(): GraphRoleScheduleClient {
  roles ??= new GraphRoleScheduleClient(graphClient());
  return roles;
}
let plain: GraphDirectoryRoleClient | undefined;
function plainClient(): GraphDirectoryRoleClient {
  plain ??= new GraphDirectoryRoleClient(graphClient());
  return plain;
}

/** State written before the method existed was always PIM. */
const heldThroughOf = (props: Props): HeldThrough => (props.heldThrough === "deadline" ? "deadline" : "pim");
const methodOf = (props: Props) => (typeof props.method === "string" ? props.method : "auto");
const pastEnd = (props: Props, now: Date) => {
  const end = Date.parse(String(props.endDateTime));
  return Number.isFinite(end) && now.getTime() >= end;
};
/** A deadline assignment Entra may still hold after its end: the next up must remove it. */
const deadlineDue = (props: Props, now: Date) =>
  heldThroughOf(props) === "deadline" && (props.state === "active" || props.state === "overdue") && pastEnd(props, now);

/** auto: PIM when the tenant's subscriptions include Entra ID P2 or ID Governance, else the deadline method. */
async function chooseMethod(method: RoleAssignmentScheduleInputs["method"]): Promise<HeldThrough> {
  if (method !== "auto") return method;
  return hasPrivilegedIdentityManagement(await readSubscribedSkus(graphClient(), "GET /subscribedSkus (does the tenant have PIM?)"))
    ? "pim"
    : "deadline";
}

export function check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  return Promise.resolve(checkAgainst(inputsSchema, news));
}

export function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  // Every input is the assignment itself; a new one is created after the old one is removed, because
  // Entra refuses a second assignment of the same role to the same principal (RoleAssignmentExists).
  // The method applies to the next grant: the assignment held keeps its own until its end.
  const replaces = (["roleId", "principalObjectId", "durationHours", "grant"] as const).filter((k) => olds[k] !== news[k]);
  return Promise.resolve({
    changes:
      replaces.length > 0 ||
      olds.justification !== news.justification ||
      methodOf(olds) !== methodOf(news) ||
      deadlineDue(olds, new Date()),
    replaces,
    deleteBeforeReplace: true,
  });
}

function endOf(start: Date, hours: number): Date {
  return new Date(start.getTime() + hours * 3_600_000);
}

function stateAt(instance: RoleAssignmentInstance | undefined, end: Date, now: Date): ScheduleState {
  if (instance) return "active";
  return now >= end ? "ended" : "removed";
}

/** Without PIM: a plain assignment, its deadline kept in state; one already held (a lost answer's retry) is adopted and ends with it. */
async function createWithDeadline(inputs: RoleAssignmentScheduleInputs, start: Date): Promise<pulumi.dynamic.CreateResult> {
  const held = (await plainClient().held(inputs.principalObjectId, inputs.roleId))[0];
  if (!held) await plainClient().assign(inputs.principalObjectId, inputs.roleId);
  return heldAssignment(inputs, "deadline", start.toISOString(), endOf(start, inputs.durationHours).toISOString());
}

/** The resource as created: one id per principal, role and grant, held from start to end. */
function heldAssignment(
  inputs: RoleAssignmentScheduleInputs,
  heldThrough: HeldThrough,
  startDateTime: string,
  endDateTime: string,
): pulumi.dynamic.CreateResult {
  const outs: RoleAssignmentScheduleOutputs = { ...inputs, startDateTime, endDateTime, state: "active", heldThrough };
  return { id: `${inputs.principalObjectId}/${inputs.roleId}/${inputs.grant}`, outs };
}

const pimUnlicensed = (e: unknown) => e instanceof GraphRequestError && /AadPremiumLicenseRequired/i.test(e.message);

export async function create(props: Props): Promise<pulumi.dynamic.CreateResult> {
  const inputs = inputsSchema.parse(props);
  const start = new Date();
  if ((await chooseMethod(inputs.method)) === "deadline") return createWithDeadline(inputs, start);
  try {
    await client().assign({
      principalId: inputs.principalObjectId,
      roleDefinitionId: inputs.roleId,
      hours: inputs.durationHours,
      justification: inputs.justification,
      start,
    });
  } catch (e) {
    // The subscriptions said PIM, Entra says no licence (a lapsed or suspended one): auto falls back.
    if (pimUnlicensed(e) && inputs.method === "auto") return createWithDeadline(inputs, start);
    if (pimUnlicensed(e))
      throw new Error(
        `${(e as Error).message} The tenant has no Microsoft Entra ID P2 or ID Governance, which a time-bound (PIM) assignment needs. Fix: pulumi config set --path 'exchange.globalAdministratorMethod' auto (or deadline): the module then gives a plain assignment and removes it at its end.`,
      );
    if (!(e instanceof GraphRequestError && /RoleAssignmentExists/i.test(e.message))) throw e;
    // A retried create whose first answer was lost: adopt the assignment only if it has an end.
    const existing = (await client().active(inputs.principalObjectId, inputs.roleId))[0];
    if (!existing?.endDateTime) {
      throw new Error(
        `${inputs.principalObjectId} already holds role ${inputs.roleId} without an end (a permanent assignment made outside this stack). ` +
          "Fix: remove that assignment in the Entra admin center (Roles and administrators), then run pulumi up again.",
      );
    }
    return heldAssignment(inputs, "pim", existing.startDateTime ?? start.toISOString(), existing.endDateTime);
  }
  return heldAssignment(inputs, "pim", start.toISOString(), endOf(start, inputs.durationHours).toISOString());
}

export async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const inputs = inputsSchema.parse(props);
  const end = new Date(String(props.endDateTime));
  if (heldThroughOf(props) === "deadline") {
    const now = new Date();
    const held = (await plainClient().held(inputs.principalObjectId, inputs.roleId)).length > 0;
    const state: ScheduleState = held ? (now >= end ? "overdue" : "active") : now >= end ? "ended" : "removed";
    return { id, props: { ...props, state } };
  }
  const instance = (await client().active(inputs.principalObjectId, inputs.roleId))[0];
  // The live end, whatever the state recorded: an assignment someone made permanent in PIM reads as such.
  if (instance && !instance.endDateTime) return { id, props: { ...props, state: "permanent", endDateTime: "" } };
  const state = stateAt(instance, end, new Date());
  return { id, props: { ...props, state, ...(instance?.endDateTime ? { endDateTime: instance.endDateTime } : {}) } };
}

export async function update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  // The assignment's own record (start, end, state, method held through) stays; new inputs apply to the next grant.
  const outs = {
    ...olds,
    ...news,
    startDateTime: olds.startDateTime,
    endDateTime: olds.endDateTime,
    state: olds.state,
    heldThrough: heldThroughOf(olds),
  };
  if (!deadlineDue(olds, new Date())) return { outs };
  // Past its deadline: the scheduled pipeline's up (or anyone's) removes the plain assignment.
  const inputs = inputsSchema.parse(news);
  for (const held of await plainClient().held(inputs.principalObjectId, inputs.roleId)) await plainClient().remove(held.id);
  return { outs: { ...outs, state: "ended" } };
}

export async function remove(_id: string, props: Props): Promise<void> {
  const inputs = inputsSchema.parse(props);
  if (heldThroughOf(props) === "deadline") {
    for (const held of await plainClient().held(inputs.principalObjectId, inputs.roleId)) await plainClient().remove(held.id);
    return;
  }
  if ((await client().active(inputs.principalObjectId, inputs.roleId)).length === 0) return;
  await client().remove(inputs.principalObjectId, inputs.roleId, `Removed by pulumi: ${inputs.justification}`);
}
