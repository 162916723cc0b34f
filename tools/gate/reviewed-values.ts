import { runtime } from "@pulumi/pulumi";
import { credentialConfigKeys } from "../../infra/config/plaintext-credentials";
import { withoutUrlCredentials } from "../../infra/config/url-credentials";
import type { RecordedResource } from "../mock-runtime/recording-monitor";
import type { StackFile } from "./stack-files";

/**
 * The values a reviewer sees in a verdict and a pull request's diff, with every secret replaced: a
 * `secure:` value, a credential key (even written in plain text, which the gate refuses), a Pulumi
 * secret among a resource's inputs, and a URL's user name and password. The diff goes into a comment
 * anyone who can read the pull request reads.
 */
export const maskedValue = "[secret]";
const secretSig: string = runtime.specialSigKey;
const credentialKeys = new Set<string>(credentialConfigKeys);

function masked(value: unknown): unknown {
  if (typeof value === "string") return withoutUrlCredentials(value.length > 4096 ? `${value.slice(0, 4096)}...` : value);
  if (Array.isArray(value)) return value.map(masked);
  if (value !== null && typeof value === "object") {
    if (secretSig in value) return maskedValue;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v)]));
  }
  return value;
}

/** The stack file's config as a reviewer may see it. */
export function reviewedConfig(stackFile: Pick<StackFile, "config" | "secretKeys">): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(stackFile.config).map(([k, v]) => [
      k,
      stackFile.secretKeys.includes(k) || credentialKeys.has(k) ? maskedValue : masked(v),
    ]),
  );
}

/** A resource's inputs as a reviewer may see them: secrets masked, the serialized provider text (`__provider`) left out. */
export function reviewedInputs(r: RecordedResource): Record<string, unknown> {
  return Object.fromEntries(Object.entries(r.inputs).flatMap(([k, v]) => (k.startsWith("__") ? [] : [[k, masked(v)]])));
}
