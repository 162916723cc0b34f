import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { credentialFromEnvironment } from "../azure/credential";
import { KeyVaultSecrets, vaultSecretTarget } from "../azure/key-vault-secrets";
import { createGraphClient } from "../graph/graph-client";
import { checkAgainst } from "../dynamic/dynamic-check";
import { GraphTemporaryAccessPassClient } from "./graph-temporary-access-pass-client";

/**
 * What the TemporaryAccessPass dynamic provider does, loaded at run time in the dynamic-provider host:
 * one single-use pass for a backup account's one interactive sign-in, removed once its task is
 * connected. Nothing here creates a lasting way around MFA. The pass is written to the customer's Key
 * Vault (expiring with it) and never returned: Pulumi state, which every stack reader can decrypt,
 * keeps only the vault secret's id. A state written by an earlier version, which held the pass, loses
 * it on the next refresh or update.
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
  vault: vaultSecretTarget,
});
export type TemporaryAccessPassInputs = z.infer<typeof inputsSchema>;

/** issued: usable now; retired: removed because the task is connected; gone: used, expired or removed by someone. */
export type PassState = "issued" | "retired" | "gone";

type Props = Record<string, unknown>;

let clients: { passes: GraphTemporaryAccessPassClient; vault: KeyVaultSecrets } | undefined;
function connect() {
  if (!clients) {
    const credential = credentialFromEnvironment();
    clients = { passes: new GraphTemporaryAccessPassClient(createGraphClient({ credential })), vault: new KeyVaultSecrets(credential) };
  }
  return clients;
}
const client = () => connect().passes;

/** The outputs without any pass an earlier version kept in state. */
function withoutPass(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([k]) => k !== "temporaryAccessPass"));
}

export function check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  return Promise.resolve(checkAgainst(inputsSchema, news));
}

export function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  // Another user is another pass; so is another vault, which the pass must be written to. A new
  // lifetime applies to the next pass, never extends this one.
  const replaces = [
    ...(olds.userObjectId !== news.userObjectId ? ["userObjectId"] : []),
    ...(JSON.stringify(olds.vault) !== JSON.stringify(news.vault) && news.retired !== true ? ["vault"] : []),
  ];
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
  vaultSecretId: "",
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
  const expiresAt = new Date(start.getTime() + issued.lifetimeInMinutes * 60_000);
  let vaultSecretId: string;
  try {
    vaultSecretId = await connect().vault.set(inputs.vault.vaultUri, {
      name: inputs.vault.secretName,
      value: issued.temporaryAccessPass!,
      contentType: `text/plain; Temporary Access Pass for ${inputs.userPrincipalName}, single use`,
      expiresOn: expiresAt,
    });
  } catch (e) {
    // A pass nobody can read is only a risk: take it back before reporting why.
    await client().remove(inputs.userObjectId, issued.id);
    throw e;
  }
  return {
    id,
    outs: { ...inputs, methodId: issued.id, vaultSecretId, expiresAt: expiresAt.toISOString(), state: "issued" as PassState },
  };
}

export async function read(id: string, stored: Props): Promise<pulumi.dynamic.ReadResult> {
  const props = withoutPass(stored);
  if (props.state !== "issued" || typeof props.methodId !== "string" || props.methodId === "") return { id, props };
  const method = await client().get(String(props.userObjectId), props.methodId);
  if (method && method.isUsable !== false) return { id, props };
  // Used, expired or removed: nothing left to remove, and the pass is worth nothing any more.
  return { id, props: { ...props, state: "gone" as PassState } };
}

export async function update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  const inputs = inputsSchema.parse(news);
  if (inputs.retired) {
    if (typeof olds.methodId === "string" && olds.methodId !== "") await client().remove(inputs.userObjectId, olds.methodId);
    return { outs: retiredOutputs(inputs) };
  }
  return { outs: withoutPass({ ...olds, ...inputs }) };
}

export async function remove(_id: string, props: Props): Promise<void> {
  if (typeof props.methodId === "string" && props.methodId !== "") await client().remove(String(props.userObjectId), props.methodId);
}
