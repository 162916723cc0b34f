import { configNamespace } from "./errors";

/**
 * Config keys that hold a credential: the vendor's partner secrets and the Azure providers' own
 * credentials (https://www.pulumi.com/registry/packages/azuread/installation-configuration/,
 * https://www.pulumi.com/registry/packages/azure-native/installation-configuration/). A plain value in a
 * stack file is in the repository for good, readable by everyone who can read the repository.
 */
export const credentialConfigKeys = [
  `${configNamespace}:vendorClientSecret`,
  `${configNamespace}:vendorPassword`,
  "azuread:clientSecret",
  "azuread:clientCertificate",
  "azuread:clientCertificatePassword",
  "azuread:oidcToken",
  "azuread:oidcRequestToken",
  "azure-native:clientSecret",
  "azure-native:clientCertificatePassword",
  "azure-native:oidcToken",
  "azure-native:oidcRequestToken",
] as const;

/** One problem per credential key that has a value which is not a Pulumi secret, naming the key and the fix. */
export function plaintextCredentialProblems(config: Readonly<Record<string, unknown>>, isSecret: (key: string) => boolean): string[] {
  return credentialConfigKeys
    .filter((key) => config[key] !== undefined && config[key] !== "" && !isSecret(key))
    .map((key) => {
      const [namespace, name] = key.split(":");
      const fix =
        namespace === configNamespace
          ? `run pulumi config set --secret ${name} <value> (or keep it in the stack's ESC environment under fn::secret)`
          : "let the deploy sign in through its environment (a federated credential, docs/security.md); no stack may set a provider credential";
      return `${key} is set in plain text: a credential must never be in a stack file. Fix: remove it from the stack file, rotate it (it is in the repository's history), and ${fix}.`;
    });
}
