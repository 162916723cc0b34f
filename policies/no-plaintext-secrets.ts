import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";

export interface NoPlaintextSecretsConfig {
  /** Per type token, the dotted input paths that carry a secret by design (the program passes them as Pulumi secrets). */
  secretFields: Record<string, string[]>;
}

export const noPlaintextSecretsDefaults: NoPlaintextSecretsConfig = {
  secretFields: {
    "azuread:index/user:User": ["password"],
    "azure-native:keyvault:Secret": ["properties.value"],
  },
};

/** Input names that hold a credential. */
const secretName =
  /(password|passwd|passphrase|secret|token|apikey|api_key|privatekey|private_key|clientassertion|connectionstring|sastoken|accesskey)/i;
/** ...unless the name says it is about the credential rather than the credential itself. */
const aboutASecret =
  /(name|names|id|ids|url|uri|type|kind|count|length|expiry|expiration|date|generation|version|policy|change|reader\w*|special|upper|lower|numeric)$/i;

/** Shapes of credentials, wherever they appear (including a serialized dynamic provider's code). */
const credentialShapes: readonly { what: string; pattern: RegExp }[] = [
  { what: "a PEM private key", pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
  { what: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { what: "an Entra ID client secret", pattern: /\b[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}\b/ },
  { what: "a connection string key", pattern: /\b(?:AccountKey|SharedAccessKey|Password|Pwd)=[^;\s"']{6,}/i },
  { what: "a bearer token", pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{20,}/ },
];

const configSchema: PolicyConfigSchema = {
  properties: {
    secretFields: {
      type: "object",
      additionalProperties: { type: "array", items: { type: "string" } },
      description: "Per resource type, the dotted input paths that carry a secret by design and are passed as Pulumi secrets.",
      default: noPlaintextSecretsDefaults.secretFields,
    },
  },
};

/** Every string in the inputs with its dotted path, skipping values unknown during preview. */
function stringsIn(value: unknown, path: string, out: { path: string; key: string; value: string }[]): void {
  if (typeof value === "string") {
    out.push({ path, key: path.split(".").pop() ?? path, value });
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const key of Object.keys(value)) {
    let child: unknown;
    try {
      child = (value as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    stringsIn(child, path ? `${path}.${key}` : key, out);
  }
}

export const noPlaintextSecrets: ResourceValidationPolicy = {
  name: "no-plaintext-secrets",
  description:
    "No resource input holds a credential in plain text: inputs named like a credential are allowed only where the resource type carries " +
    "a secret by design (and the program passes a Pulumi secret), and nothing anywhere looks like a private key, token, client secret or " +
    "connection-string key. Inputs land in state, previews and logs; credentials come from Pulumi secrets, ESC or the environment.",
  enforcementLevel: "mandatory",
  configSchema,
  validateResource: (args, reportViolation) => {
    const config = { ...noPlaintextSecretsDefaults, ...args.getConfig<Partial<NoPlaintextSecretsConfig>>() };
    const designed = new Set(config.secretFields[args.type] ?? []);
    const strings: { path: string; key: string; value: string }[] = [];
    stringsIn(args.props, "", strings);
    for (const s of strings) {
      if (designed.has(s.path)) continue;
      const shape = credentialShapes.find((c) => c.pattern.test(s.value));
      if (shape) {
        const where = s.path === "__provider" ? "the serialized dynamic provider (stored in plain text in state)" : `input ${s.path}`;
        reportViolation(
          `${args.name}: ${where} contains what looks like ${shape.what}; pass credentials as Pulumi secrets from config, ESC or the environment.`,
        );
        continue;
      }
      if (s.path !== "__provider" && s.value.length > 0 && secretName.test(s.key) && !aboutASecret.test(s.key)) {
        reportViolation(
          `${args.name}: input ${s.path} looks like a credential and ${args.type} does not carry secrets by design; ` +
            "read credentials from stack config (pulumi config set --secret) or the environment inside the provider, never from resource inputs.",
        );
      }
    }
  },
};
