import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { credentialFromEnvironment } from "../azure/credential";
import { KeyVaultSecrets, vaultSecretTarget } from "../azure/key-vault-secrets";
import { checkAgainst } from "../dynamic/dynamic-check";
import { createGraphClient } from "../graph/graph-client";
import { generateAccountPassword } from "./account-password";
import { GraphPasswordClient } from "./graph-password-client";

/**
 * What the BackupAccountPassword dynamic provider does, loaded at run time in the dynamic-provider
 * host: it makes the backup account's password here, sets it through Graph and writes it only to the
 * customer's Key Vault (when one is configured; without one nobody ever knows it, and the account's one
 * sign-in uses a Temporary Access Pass). Its outputs say which generation is set and which vault secret
 * version holds it, never the password: Pulumi state, which every stack reader can decrypt, holds no
 * live credential of the account.
 */

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: "must be a GUID (an Entra ID object id)" });
const inputsSchema = z.object({
  userObjectId: guid,
  /** Bumped (accounts.passwordGeneration, or the Exchange demotion) to set a new password. */
  generation: z.string().min(1),
  vault: vaultSecretTarget.optional(),
});
export type BackupAccountPasswordInputs = z.infer<typeof inputsSchema>;

type Props = Record<string, unknown>;

let clients: { passwords: GraphPasswordClient; vault: KeyVaultSecrets } | undefined;
function client() {
  if (!clients) {
    const credential = credentialFromEnvironment();
    clients = { passwords: new GraphPasswordClient(createGraphClient({ credential })), vault: new KeyVaultSecrets(credential) };
  }
  return clients;
}

export function check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  return Promise.resolve(checkAgainst(inputsSchema, news));
}

export function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  const replaces = olds.userObjectId !== news.userObjectId ? ["userObjectId"] : [];
  // "1-demoted" -> "1" is a stack that stopped rotating on demotion (exchange.rotatePasswordOnDemotion off), not a
  // new generation: it keeps the password it has.
  const newGeneration = olds.generation !== news.generation && olds.generation !== `${news.generation}-demoted`;
  const changes = replaces.length > 0 || newGeneration || JSON.stringify(olds.vault) !== JSON.stringify(news.vault);
  return Promise.resolve({ changes, replaces, deleteBeforeReplace: false });
}

/** A new password: first into the vault (so a live password is never one nobody can read), then onto the account. */
async function setNewPassword(inputs: BackupAccountPasswordInputs): Promise<Props> {
  const password = generateAccountPassword();
  const { passwords, vault } = client();
  const vaultSecretId = inputs.vault
    ? await vault.set(inputs.vault.vaultUri, {
        name: inputs.vault.secretName,
        value: password,
        contentType: "text/plain; backup service account password",
      })
    : "";
  await passwords.set(inputs.userObjectId, password);
  return { ...inputs, vaultSecretId, setAt: new Date().toISOString() };
}

export async function create(props: Props): Promise<pulumi.dynamic.CreateResult> {
  const inputs = inputsSchema.parse(props);
  return { id: `${inputs.userObjectId}/password`, outs: await setNewPassword(inputs) };
}

export function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  // A password cannot be read back; what is known is when and where it was set.
  return Promise.resolve({ id, props });
}

export async function update(_id: string, _olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  return { outs: await setNewPassword(inputsSchema.parse(news)) };
}

export function remove(): Promise<void> {
  // The account itself is the azuread.User's to delete; the vault keeps the secret's versions (soft delete).
  return Promise.resolve();
}
