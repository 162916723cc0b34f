import { configNamespace } from "./errors";
import { configKeys, secretConfigKeys } from "./schema";

/**
 * The stack's config is an allow-list, in every namespace and every file (the stack file, Pulumi.yaml's
 * `config:`, an ESC environment's pulumiConfig): the program reads its own keys, and of the Azure
 * providers only the tenant and the cloud. Every other provider key moves where the deploying
 * identity's credential goes (azuread: metadataHost, oidcRequestUrl, msiEndpoint; azure-native the
 * same) or changes how it signs in, so it is refused by name, not looked up on a list of bad keys.
 * https://www.pulumi.com/registry/packages/azuread/installation-configuration/,
 * https://www.pulumi.com/registry/packages/azure-native/installation-configuration/
 */

/** Provider keys the stack may set. Each is checked against the tenant section (stack-consistency.ts). */
export const allowedProviderKeys = [
  "azuread:tenantId",
  "azuread:environment",
  "azure-native:tenantId",
  "azure-native:environment",
] as const;

/** The only keys whose value may (and must) be a Pulumi secret: the vendor's partner credentials. */
export const credentialKeys: readonly string[] = secretConfigKeys.map((k) => `${configNamespace}:${k}`);

const projectKeys: readonly string[] = [...configKeys, ...secretConfigKeys];
const allowedKeys: readonly string[] = [...projectKeys.map((k) => `${configNamespace}:${k}`), ...allowedProviderKeys];

/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    row = next;
  }
  return row[y.length];
}

/** The valid name nearest to `name`. */
export function closest(name: string, valid: readonly string[]): string {
  return valid.reduce((best, v) => (distance(name, v) < distance(name, best) ? v : best), valid[0]);
}

/** Namespaces that are near misses of the project's (m365backup, m365_backup, M365-Backup, m365-bakup, ...). */
function nearMissNamespace(namespace: string): boolean {
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  return squash(namespace) === squash(configNamespace) || distance(namespace, configNamespace) <= 2;
}

function unknownKeyProblem(full: string): string {
  const at = full.indexOf(":");
  const namespace = at < 0 ? "" : full.slice(0, at);
  const key = full.slice(at + 1);
  if (namespace === configNamespace) {
    const near = closest(key, projectKeys);
    return `${full}: unknown key, ignored by the program (a default would apply instead). Did you mean ${configNamespace}:${near}? Fix: rename it to ${near} (or remove it); the keys are listed in the configuration reference.`;
  }
  if (nearMissNamespace(namespace)) {
    const near = closest(key, projectKeys);
    return `${full}: unknown namespace "${namespace}", so the program never reads this value. Did you mean ${configNamespace}:${near}? Fix: rename the key to ${configNamespace}:${near}.`;
  }
  const providerKeys = allowedProviderKeys.filter((k) => k.startsWith(`${namespace}:`));
  const allowed = providerKeys.length > 0 ? providerKeys.join(" and ") : `${configNamespace}:* and ${allowedProviderKeys.join(", ")}`;
  return (
    `${full}: not a key this stack may set (allowed here: ${allowed}). Any other provider key can move where the deploy's credential is sent ` +
    `or how it signs in; the pipeline sets the identity through its environment (docs/security.md). Fix: remove ${full} from the stack file, Pulumi.yaml and the stack's ESC environment.`
  );
}

/**
 * One problem per key that is not on the allow-list, and per key given as a secret (`secure:`, an ESC
 * fn::secret) that is not a credential: a secret value is never shown, reviewed or checked, so only the
 * vendor's partner credentials may be one. Values are never quoted here.
 */
export function configKeyProblems(keys: readonly string[], isSecret: (key: string) => boolean): string[] {
  const problems: string[] = [];
  for (const full of keys) {
    if (!allowedKeys.includes(full)) problems.push(unknownKeyProblem(full));
    else if (isSecret(full) && !credentialKeys.includes(full)) {
      const setKey = full.startsWith(`${configNamespace}:`) ? full.slice(configNamespace.length + 1) : full;
      problems.push(
        `${full}: given as a secret, but it is not a credential: a secret value cannot be reviewed in a pull request or checked by the gate. Fix: set it in plain text (pulumi config set ${setKey} <value>, or --path for a field); only ${credentialKeys.join(" and ")} are secrets.`,
      );
    }
  }
  return problems;
}
