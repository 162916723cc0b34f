import type { TokenCredential } from "@azure/identity";
import { z } from "zod";
import { emulatorAllowed } from "../config/emulator-switch";
import { requestTimeoutMs } from "../http/request-timeout";

/**
 * Writes secrets into the customer's Key Vault through its data plane ("Set Secret",
 * https://learn.microsoft.com/rest/api/keyvault/secrets/set-secret/set-secret): a backup account's
 * password or Temporary Access Pass goes there and nowhere else, so Pulumi state never holds it. The
 * caller needs "Key Vault Secrets Officer" on the vault.
 *
 * Written with fetch rather than @azure/keyvault-secrets: that SDK refuses a bearer token over plain
 * http, so it could not be driven against the loopback emulator the tests use, and the one call needed
 * is small. The token goes only to a Key Vault host of a known cloud (or, in a test, the emulator).
 */
export const keyVaultApiVersion = "2025-07-01";

/** Key Vault DNS suffixes per cloud and the token scope each takes. */
const vaultSuffixes: Readonly<Record<string, string>> = {
  "vault.azure.net": "https://vault.azure.net/.default",
  "vault.usgovcloudapi.net": "https://vault.usgovcloudapi.net/.default",
  "vault.azure.cn": "https://vault.azure.cn/.default",
};
const loopback = /^http:\/\/127\.0\.0\.1:\d+\/?$/;

/** The vault's origin and the token scope for it, or an error naming why the URI is refused. */
export function vaultEndpoint(vaultUri: string, env: NodeJS.ProcessEnv = process.env): { origin: string; scope: string } {
  if (loopback.test(vaultUri) && emulatorAllowed(env)) return { origin: new URL(vaultUri).origin, scope: vaultSuffixes["vault.azure.net"] };
  let url: URL | undefined;
  try {
    url = new URL(vaultUri);
  } catch {
    url = undefined;
  }
  const suffix = url ? Object.keys(vaultSuffixes).find((s) => url!.hostname.endsWith(`.${s}`)) : undefined;
  if (!url || url.protocol !== "https:" || !suffix || url.hostname.split(".").length !== suffix.split(".").length + 1) {
    throw new Error(
      `Refused to send a secret to ${JSON.stringify(vaultUri)}: not a Key Vault URI (https://<vault>.${Object.keys(vaultSuffixes).join(", or .")}). The vault URI comes from the BackupPasswordVault; check keyVault.vaultName.`,
    );
  }
  return { origin: url.origin, scope: vaultSuffixes[suffix] };
}

/** Where a provider writes a secret: the vault's URI and the secret's name (Key Vault allows 1-127 of 0-9, a-z, A-Z and -). */
export const vaultSecretTarget = z.object({ vaultUri: z.string().min(1), secretName: z.string().regex(/^[0-9A-Za-z-]{1,127}$/) });

const setSecretAnswer = z.object({ id: z.string().url() }).passthrough();

export interface SecretToWrite {
  name: string;
  value: string;
  contentType: string;
  /** When the secret stops being valid (a pass's end). */
  expiresOn?: Date;
}

export class KeyVaultSecrets {
  constructor(
    private readonly credential: TokenCredential,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Writes a new version of the secret; returns its id (with version). The value never reaches an error. */
  async set(vaultUri: string, secret: SecretToWrite): Promise<string> {
    const { origin, scope } = vaultEndpoint(vaultUri, this.env);
    const operation = `PUT ${origin}/secrets/${secret.name}`;
    const token = await this.credential.getToken(scope);
    if (!token) throw new Error(`${operation}: the Azure credential returned no token for ${scope}; check M365_BACKUP_AZURE_AUTH.`);
    const body = JSON.stringify({
      value: secret.value,
      contentType: secret.contentType,
      attributes: { enabled: true, ...(secret.expiresOn ? { exp: Math.floor(secret.expiresOn.getTime() / 1000) } : {}) },
    });
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${origin}/secrets/${encodeURIComponent(secret.name)}?api-version=${keyVaultApiVersion}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token.token}`, "content-type": "application/json" },
        body,
        redirect: "error",
        signal: AbortSignal.timeout(requestTimeoutMs(this.env)),
      });
      const requestId = res.headers.get("x-ms-request-id");
      if (res.ok) return setSecretAnswer.parse(await res.json()).id;
      const retryAfter = Number(res.headers.get("retry-after") ?? "");
      if ((res.status === 429 || res.status >= 500) && attempt < 4) {
        await res.body?.cancel();
        await new Promise((r) =>
          setTimeout(r, (Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 60) : 2 ** attempt) * 1000),
        );
        continue;
      }
      // Only the status and Key Vault's error code: the answer could echo the request.
      const code = ((await res.json().catch(() => ({}))) as { error?: { code?: string } }).error?.code ?? "no error code";
      const fix =
        res.status === 401 || res.status === 403
          ? "give the identity that runs pulumi the role Key Vault Secrets Officer on the vault (RBAC authorisation)"
          : "run pulumi up again; nothing was stored";
      throw new Error(`${operation} failed: HTTP ${res.status} ${code}${requestId ? ` (request-id ${requestId})` : ""}. Fix: ${fix}.`);
    }
  }
}
