import { createHash } from "crypto";

/**
 * A dynamic resource is whatever its serialized provider (`__provider`) does: the type token is only a
 * name any program can claim. The module's providers are thin shims that load one reviewed runtime
 * (infra/providers/runtime-loader.ts), so a provider is trusted only when its text is exactly that
 * shape: the loader (recognised by its hash, or required from the installed package by its one path), and
 * per method one delegation to the runtime this type
 * stores in state (infra/providers/state-stored-runtime-paths.txt). Anything else in the text, a
 * captured value, a second runtime, one extra statement, makes it untrusted.
 */

/** The runtime each of the module's dynamic types loads; restated here, the pack is self-contained. */
export const runtimeOfDynamicType: Readonly<Record<string, string>> = {
  "pulumi-nodejs:dynamic/m365-backup:BackupTask": "infra/backup-tasks/backup-task-runtime.ts",
  "pulumi-nodejs:dynamic/m365-backup:ActivationRollout": "infra/rollout/activation-rollout-runtime.ts",
  "pulumi-nodejs:dynamic/m365-backup:LicenceAssignment": "infra/licensing/licence-assignment-runtime.ts",
  "pulumi-nodejs:dynamic/m365-backup:DirectoryRoleAssignmentSchedule": "infra/identity/role-assignment-schedule-runtime.ts",
  "pulumi-nodejs:dynamic/m365-backup:TemporaryAccessPass": "infra/identity/temporary-access-pass-runtime.ts",
  "pulumi-nodejs:dynamic/m365-backup:BackupAccountPassword": "infra/identity/backup-account-password-runtime.ts",
};

/**
 * sha256 of the loader's body as Pulumi serializes it, whitespace collapsed. A change to the loader
 * changes this hash in the same reviewed pull request (tests/policies/resource-types-allow-list.test.ts
 * computes it from the real provider).
 */
export const trustedLoaderHash = "f2ebfb24962bee3dbb6bd3f0a61dfa0716a5af6509ef4d1a3c1efa8703281fc7";

const block =
  /function (__\w+)\(([^)]*)\) \{\n {2}return \(function\(\) \{\n {4}with\(\{ (.*?) \}\) \{\n\n([\s\S]*?)\n\n {4}\}\n {2}\}\)\.apply\(undefined, undefined\)\.apply\(this, arguments\);\n\}/g;
const allowedCaptures = new Set([
  "this: undefined",
  "arguments: undefined",
  "runtime_loader_1: __runtime_loader_1",
  "loadProviderRuntime: __loadProviderRuntime",
  "provider: __provider",
]);
const skeleton = [
  /^exports\.handler = __f0;$/,
  /^var __runtime_loader_1 = \{loadProviderRuntime: __loadProviderRuntime\};$/,
  // Installed as the npm package (a fleet repository), Pulumi serializes the loader as a require of the package's own file.
  /^const runtime_loader_1 = require\("m365-backup-onboarding\/dist\/infra\/providers\/runtime-loader\.js"\);$/,
  /^var __provider = \{(\w+: __f\d+)(, \w+: __f\d+)*\};$/,
];
const delegation =
  /^return async function \/\*(\w+)\*\/\(([\w, ]*)\) \{\s*(?:return )?\(0, runtime_loader_1\.loadProviderRuntime\)\(runtimePath\)\.(\w+)\(((?:[\w, ]*)|\(key\) => req\.config\.get\(key\))\);\s*\};$/;

export function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The loader function's body as the pack hashes it, for the test that keeps trustedLoaderHash current. */
export function loaderHashOf(provider: string): string | undefined {
  for (const m of provider.matchAll(block))
    if (m[1] === "__loadProviderRuntime") return createHash("sha256").update(collapse(m[4])).digest("hex");
  return undefined;
}

/** Why a serialized provider is not the module's shim for `type`, or undefined when it is. */
export function untrustedProviderReason(type: string, provider: unknown): string | undefined {
  const runtime = runtimeOfDynamicType[type];
  if (runtime === undefined) return `${type} is not one of the module's dynamic resources`;
  if (typeof provider !== "string") return "its serialized provider cannot be read";
  const expectedPath = `runtimePath: ${JSON.stringify(runtime)}`;
  let rest = provider;
  for (const m of provider.matchAll(block)) {
    const [whole, name, , captures, body] = m;
    for (const capture of captures.split(/, (?=\w+: )/)) {
      if (!allowedCaptures.has(capture) && capture !== expectedPath) return `its provider captures ${collapse(capture).slice(0, 120)}`;
    }
    if (name === "__loadProviderRuntime") {
      if (loaderHashOf(whole) !== trustedLoaderHash) return "its runtime loader is not the reviewed one";
    } else if (name === "__f0") {
      if (collapse(body) !== "return () => provider;") return "its provider entry is not the module's";
    } else if (!delegation.test(collapse(body))) {
      return `its provider method ${name} does more than load ${runtime}`;
    }
    rest = rest.replace(whole, "");
  }
  const leftover = rest
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .filter((l) => !skeleton.some((s) => s.test(l)));
  if (leftover.length > 0) return `its provider holds code outside the module's shim (${collapse(leftover[0]).slice(0, 120)})`;
  if (!provider.includes(expectedPath)) return `its provider does not load ${runtime}`;
  return undefined;
}
