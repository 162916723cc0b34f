import type { TokenCredential } from "@azure/identity";
import {
  AzureCliCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";
import { z } from "zod";

/**
 * How the module's own Graph calls authenticate (the azuread and azure-native providers authenticate
 * themselves). Chosen with M365_BACKUP_AZURE_AUTH; the ARM_* names the azuread provider reads are
 * accepted as fallbacks so one set of pipeline variables serves both.
 */
export const credentialKinds = [
  "default",
  "workload-identity",
  "client-secret",
  "client-certificate",
  "azure-cli",
  "managed-identity",
] as const;
export type CredentialKind = (typeof credentialKinds)[number];

const authVariable = "M365_BACKUP_AZURE_AUTH";

function pick(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const n of names) if (env[n]) return env[n];
  return undefined;
}

function requireVar(env: NodeJS.ProcessEnv, kind: CredentialKind, ...names: string[]): string {
  const v = pick(env, ...names);
  if (!v) {
    throw new Error(
      `${authVariable}=${kind} needs the environment variable ${names.join(" (or ")}${names.length > 1 ? ")" : ""}; set it in the pipeline or shell that runs pulumi.`,
    );
  }
  return v;
}

/** GitHub Actions' OIDC token, exchanged by Entra ID for an access token (workload identity federation). */
function githubActionsAssertion(env: NodeJS.ProcessEnv): () => Promise<string> {
  const url = requireVar(env, "workload-identity", "ACTIONS_ID_TOKEN_REQUEST_URL");
  const bearer = requireVar(env, "workload-identity", "ACTIONS_ID_TOKEN_REQUEST_TOKEN");
  return async () => {
    const res = await fetch(`${url}&audience=${encodeURIComponent("api://AzureADTokenExchange")}`, {
      headers: { authorization: `Bearer ${bearer}` },
      redirect: "error",
    });
    if (!res.ok) throw new Error(`GitHub OIDC token request failed with HTTP ${res.status}; grant the job 'id-token: write'.`);
    const body = z.object({ value: z.string().min(1) }).parse(await res.json());
    return body.value;
  };
}

export function credentialKindFromEnvironment(env: NodeJS.ProcessEnv = process.env): CredentialKind {
  const raw = env[authVariable];
  if (raw === undefined || raw === "") {
    if (env.ARM_USE_OIDC === "true") return "workload-identity";
    if (env.ARM_USE_MSI === "true") return "managed-identity";
    if (env.ARM_USE_CLI === "true") return "azure-cli";
    return "default";
  }
  const parsed = z.enum(credentialKinds).safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${authVariable}=${JSON.stringify(raw)} is not a credential kind; use one of ${credentialKinds.join(", ")}.`);
  }
  return parsed.data;
}

/** Builds the @azure/identity credential the environment asks for; never reads secrets from resource inputs. */
export function credentialFromEnvironment(env: NodeJS.ProcessEnv = process.env): TokenCredential {
  const kind = credentialKindFromEnvironment(env);
  const tenantId = () => requireVar(env, kind, "AZURE_TENANT_ID", "ARM_TENANT_ID");
  const clientId = () => requireVar(env, kind, "AZURE_CLIENT_ID", "ARM_CLIENT_ID");
  switch (kind) {
    case "client-secret":
      return new ClientSecretCredential(tenantId(), clientId(), requireVar(env, kind, "AZURE_CLIENT_SECRET", "ARM_CLIENT_SECRET"));
    case "client-certificate":
      return new ClientCertificateCredential(tenantId(), clientId(), {
        certificatePath: requireVar(env, kind, "AZURE_CLIENT_CERTIFICATE_PATH", "ARM_CLIENT_CERTIFICATE_PATH"),
      });
    case "workload-identity": {
      const tokenFile = pick(env, "AZURE_FEDERATED_TOKEN_FILE");
      if (tokenFile) return new WorkloadIdentityCredential({ tenantId: tenantId(), clientId: clientId(), tokenFilePath: tokenFile });
      const token = pick(env, "ARM_OIDC_TOKEN", "AZURE_FEDERATED_TOKEN");
      const assertion = token ? async () => token : githubActionsAssertion(env);
      return new ClientAssertionCredential(tenantId(), clientId(), assertion);
    }
    case "azure-cli":
      return new AzureCliCredential({ tenantId: pick(env, "AZURE_TENANT_ID", "ARM_TENANT_ID") });
    case "managed-identity": {
      const miClientId = pick(env, "AZURE_CLIENT_ID", "ARM_CLIENT_ID");
      return miClientId ? new ManagedIdentityCredential({ clientId: miClientId }) : new ManagedIdentityCredential();
    }
    case "default":
      return new DefaultAzureCredential();
  }
}
