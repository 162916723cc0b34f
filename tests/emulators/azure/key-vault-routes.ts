import { randomBytes } from "crypto";
import type { GraphEmulator } from "../graph/graph-emulator";
import type { ServiceRequest, ServiceResponse } from "../loopback-service";

/**
 * A Key Vault's data plane on the Graph emulator's loopback server, which issues the tokens both accept:
 * "Set Secret" (https://learn.microsoft.com/rest/api/keyvault/secrets/set-secret/set-secret), a new
 * version per PUT, api-version required, the caller's permission checked (403 Forbidden without it),
 * and every version kept for the test to read as a secret reader would.
 */
export interface KeyVaultState {
  /** Secret name to its versions, newest last. */
  secrets: Map<string, { version: string; value: string; contentType?: string; expires?: number }[]>;
  /** Whether the deploying identity holds Key Vault Secrets Officer. */
  writerMayWrite: boolean;
  /** The newest value of a secret, as a reader sees it. */
  latest(name: string): string | undefined;
}

const apiVersion = "2025-07-01";

function vaultError(status: number, code: string, message: string): ServiceResponse {
  return { status, body: { error: { code, message } }, headers: { "x-ms-request-id": randomBytes(8).toString("hex") } };
}

export function registerKeyVaultRoutes(emulator: GraphEmulator): KeyVaultState {
  const state: KeyVaultState = {
    secrets: new Map(),
    writerMayWrite: true,
    latest: (name) => state.secrets.get(name)?.at(-1)?.value,
  };
  emulator.service.route("PUT", "/secrets/:name", (req: ServiceRequest) => {
    if (req.query.get("api-version") !== apiVersion) return vaultError(400, "BadParameter", "The api-version is missing or not supported.");
    if (!state.writerMayWrite)
      return vaultError(403, "Forbidden", "Caller is not authorized to perform action on resource. Inner error: ForbiddenByRbac");
    const body = req.body as { value?: unknown; contentType?: string; attributes?: { exp?: number } };
    if (typeof body?.value !== "string") return vaultError(400, "BadParameter", "Property value is required.");
    const version = randomBytes(16).toString("hex");
    const versions = state.secrets.get(req.params.name) ?? [];
    versions.push({ version, value: body.value, contentType: body.contentType, expires: body.attributes?.exp });
    state.secrets.set(req.params.name, versions);
    return {
      status: 200,
      body: {
        id: `${emulator.url}/secrets/${req.params.name}/${version}`,
        contentType: body.contentType,
        attributes: {
          enabled: true,
          created: Math.floor(Date.now() / 1000),
          ...(body.attributes?.exp ? { exp: body.attributes.exp } : {}),
        },
      },
    };
  });
  return state;
}
