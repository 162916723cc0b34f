import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { credentialFromEnvironment } from "../azure/credential";
import { createGraphClient } from "../graph/graph-client";
import { GraphRequestError } from "../graph/graph-request";
import { checkAgainst } from "../dynamic/dynamic-check";
import { GraphRoleScheduleClient, RoleAssignmentInstance } from "./graph-role-schedule-client";

/**
 * What the DirectoryRoleAssignmentSchedule dynamic provider does, loaded at run time in the
 * dynamic-provider host: a directory role with an end (PIM's time-bound active assignment). It is
 * never renewed behind anyone's back: once it has ended it stays ended until the grant number changes.
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
});
export type RoleAssignmentScheduleInputs = z.infer<typeof inputsSchema>;

/** active: held now; ended: its time ran out; removed: someone removed it before its end. */
/** permanent: PIM reports the assignment without an end (made permanent outside the stack); the pack fails it. */
export type ScheduleState = "active" | "ended" | "removed" | "permanent";

export interface RoleAssignmentScheduleOutputs extends RoleAssignmentScheduleInputs {
  startDateTime: string;
  endDateTime: string;
  state: ScheduleState;
}

type Props = Record<string, unknown>;

let roles: GraphRoleScheduleClient | undefined;
function client(): GraphRoleScheduleClient {
  roles ??= new GraphRoleScheduleClient(createGraphClient({ credential: credentialFromEnvironment() }));
  return roles;
}

export function check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  return Promise.resolve(checkAgainst(inputsSchema, news));
}

export function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  // Every input is the assignment itself; a new one is created after the old one is removed, because
  // Entra refuses a second assignment of the same role to the same principal (RoleAssignmentExists).
  const replaces = (["roleId", "principalObjectId", "durationHours", "grant"] as const).filter((k) => olds[k] !== news[k]);
  return Promise.resolve({
    changes: replaces.length > 0 || olds.justification !== news.justification,
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

export async function create(props: Props): Promise<pulumi.dynamic.CreateResult> {
  const inputs = inputsSchema.parse(props);
  const start = new Date();
  try {
    await client().assign({
      principalId: inputs.principalObjectId,
      roleDefinitionId: inputs.roleId,
      hours: inputs.durationHours,
      justification: inputs.justification,
      start,
    });
  } catch (e) {
    if (!(e instanceof GraphRequestError && /RoleAssignmentExists/i.test(e.message))) throw e;
    // A retried create whose first answer was lost: adopt the assignment only if it has an end.
    const existing = (await client().active(inputs.principalObjectId, inputs.roleId))[0];
    if (!existing?.endDateTime) {
      throw new Error(
        `${inputs.principalObjectId} already holds role ${inputs.roleId} without an end (a permanent assignment made outside this stack). ` +
          "Fix: remove that assignment in the Entra admin center (Roles and administrators), then run pulumi up again.",
      );
    }
    const outs: RoleAssignmentScheduleOutputs = {
      ...inputs,
      startDateTime: existing.startDateTime ?? start.toISOString(),
      endDateTime: existing.endDateTime,
      state: "active",
    };
    return { id: `${inputs.principalObjectId}/${inputs.roleId}/${inputs.grant}`, outs };
  }
  const outs: RoleAssignmentScheduleOutputs = {
    ...inputs,
    startDateTime: start.toISOString(),
    endDateTime: endOf(start, inputs.durationHours).toISOString(),
    state: "active",
  };
  return { id: `${inputs.principalObjectId}/${inputs.roleId}/${inputs.grant}`, outs };
}

export async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const inputs = inputsSchema.parse(props);
  const end = new Date(String(props.endDateTime));
  const instance = (await client().active(inputs.principalObjectId, inputs.roleId))[0];
  // The live end, whatever the state recorded: an assignment someone made permanent in PIM reads as such.
  if (instance && !instance.endDateTime) return { id, props: { ...props, state: "permanent", endDateTime: "" } };
  const state = stateAt(instance, end, new Date());
  return { id, props: { ...props, state, ...(instance?.endDateTime ? { endDateTime: instance.endDateTime } : {}) } };
}

export function update(_id: string, _olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  // Only the justification changed: it is recorded with the next request, nothing to send now.
  return Promise.resolve({ outs: { ...news } });
}

export async function remove(_id: string, props: Props): Promise<void> {
  const inputs = inputsSchema.parse(props);
  if ((await client().active(inputs.principalObjectId, inputs.roleId)).length === 0) return;
  await client().remove(inputs.principalObjectId, inputs.roleId, `Removed by pulumi: ${inputs.justification}`);
}
