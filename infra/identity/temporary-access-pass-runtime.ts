import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { credentialFromEnvironment } from "../azure/credential";
import { createGraphClient } from "../graph/graph-client";
import { checkAgainst } from "../dynamic/dynamic-check";
import { GraphTemporaryAccessPassClient } from "./graph-temporary-access-pass-client";

/**
 * What the TemporaryAccessPass dynamic provider does, loaded at run time in the dynamic-provider host:
 * one single-use pass for a backup account's one interactive sign-in, removed once its task is
 * connected. Nothing here creates a lasting way around MFA.
 */

/** Entra's default policy allows 1-8 hours (https://learn.microsoft.com/entra/identity/authentication/howto-authentication-temporary-access-pass). */
export const lifetimeBounds = { min: 60, max: 480 } as const;

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: "must be a GUID (an Entra ID object id)" });
const inputsSchema = z.object({
  userObjectId: guid,
  userPrincipalName: z.string().min(3),
  lifetimeMinutes: z
    .number()
    .int()
    .min(lifetimeBounds.min)
    .max(lifetimeBounds.max, { message: `must be ${lifetimeBounds.min}-${lifetimeBounds.max} minutes (1-8 hours)` }),
  retired: z.boolean(),
});
export type TemporaryAccessPassInputs = z.infer<typeof inputsSchema>;

/** issued: usable now; retired: removed because the task is connected; gone: used, expired or removed by someone. */
export type PassState = "issued" | "retired" | "gone";

type Props = Record<string, unknown>;

let passes: GraphTemporaryAccessPassClient | undefined;
function client(): GraphTemporaryAccessPassClient {
  passes ??= new GraphTemporaryAccessPassClient(createGraphClient({ credential: credentialFromEnvironment() }));
  return passes;
}

export function check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  return Promise.resolve(checkAgainst(inputsSchema, news));
}

export function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  // Another user is another pass. A new lifetime applies to the next pass, never extends this one.
  const replaces = olds.userObjectId !== news.userObjectId ? ["userObjectId"] : [];
  const changes =
    replaces.length > 0 ||
    olds.retired !== news.retired ||
    olds.lifetimeMinutes !== news.lifetimeMinutes ||
    olds.userPrincipalName !== news.userPrincipalName;
  return Promise.resolve({ changes, replaces, deleteBeforeReplace: true });
}

const retiredOutputs = (inputs: TemporaryAccessPassInputs) => ({
  ...inputs,
  methodId: "",
  temporaryAccessPass: "",
  expiresAt: "",
  state: "retired" as PassState,
});

export async function create(props: Props): Promise<pulumi.dynamic.CreateResult> {
  const inputs = inputsSchema.parse(props);
  const id = `${inputs.userObjectId}/temporaryAccessPass`;
  // The task is already connected: the sign-in it was for has happened.
  if (inputs.retired) return { id, outs: retiredOutputs(inputs) };
  const issued = await client().issue(inputs.userObjectId, inputs.lifetimeMinutes);
  const start = new Date(issued.startDateTime ?? Date.now());
  return {
    id,
    outs: {
      ...inputs,
      methodId: issued.id,
      temporaryAccessPass: issued.temporaryAccessPass,
      expiresAt: new Date(start.getTime() + issued.lifetimeInMinutes * 60_000).toISOString(),
      state: "issued" as PassState,
    },
  };
}

export async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  if (props.state !== "issued" || typeof props.methodId !== "string" || props.methodId === "") return { id, props };
  const method = await client().get(String(props.userObjectId), props.methodId);
  if (method && method.isUsable !== false) return { id, props };
  // Used, expired or removed: nothing left to remove, and the pass is worth nothing any more.
  return { id, props: { ...props, temporaryAccessPass: "", state: "gone" as PassState } };
}

export async function update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  const inputs = inputsSchema.parse(news);
  if (inputs.retired) {
    if (typeof olds.methodId === "string" && olds.methodId !== "") await client().remove(inputs.userObjectId, olds.methodId);
    return { outs: retiredOutputs(inputs) };
  }
  return { outs: { ...olds, ...inputs } };
}

export async function remove(_id: string, props: Props): Promise<void> {
  if (typeof props.methodId === "string" && props.methodId !== "") await client().remove(String(props.userObjectId), props.methodId);
}
