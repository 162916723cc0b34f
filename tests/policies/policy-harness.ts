import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { runtime } from "@pulumi/pulumi";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";

// The runtime's own argument builders: secrets unwrapped as the engine delivers them, unknowns behind the checking proxy.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
  deserializeProperties(s: structproto.Struct, proxySecrets: boolean): Record<string, unknown>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(v: T): T };

/** Pulumi's placeholder for a value unknown during preview. */
export const unknown: string = runtime.unknownValue;
export const secretSig: string = runtime.specialSigKey;
export const secret = (value: unknown) => ({ [secretSig]: runtime.specialSecretSig, value });

function props(value: Record<string, unknown>): Record<string, unknown> {
  const struct = structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as Record<string, structproto.JavaScriptValue>);
  return unknownCheckingProxy(deserializeProperties(struct, false));
}

function configWithDefaults(
  policy: { configSchema?: { properties: Record<string, { default?: unknown }> } },
  overrides: Record<string, unknown>,
) {
  const defaults: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(policy.configSchema?.properties ?? {})) if (v.default !== undefined) defaults[k] = v.default;
  return { ...defaults, ...overrides };
}

class NotApplicable extends Error {}
const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason);
};

/** A resource as the program would register it; defaults keep handcrafted fixtures short. */
export function recorded(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<RecordedResource> = {},
): RecordedResource {
  return {
    urn: `urn:pulumi:dev::m365-backup::${type}::${name}`,
    type,
    name,
    custom: !type.startsWith("m365-backup:"),
    parent: "",
    provider: "",
    inputs,
    dependencies: [],
    propertyDependencies: {},
    protect: false,
    retainOnDelete: false,
    deleteBeforeReplace: false,
    additionalSecretOutputs: [],
    outputs: inputs,
    aliases: [],
    ...extra,
  };
}

/** A resource's options as the policy runtime hands them to resource and stack policies alike. */
function optionsOf(r: RecordedResource): PolicyResource["opts"] {
  return {
    protect: r.protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: r.additionalSecretOutputs,
    ...(r.parent ? { parent: r.parent } : {}),
  };
}

/** Runs a resource policy on one resource's inputs, built the way the policy runtime builds them; returns the messages. */
export async function violationsOfResource(
  policy: ResourceValidationPolicy,
  r: RecordedResource,
  config: Record<string, unknown> = {},
): Promise<string[]> {
  const messages: string[] = [];
  const p = props(r.inputs);
  const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
  for (const validate of validations) {
    try {
      await validate(
        {
          type: r.type,
          props: p,
          urn: r.urn,
          name: r.name,
          opts: optionsOf(r),
          stackTags: new Map(),
          isType: () => false,
          asType: () => undefined,
          getConfig: <T>() => configWithDefaults(policy, config) as T,
          notApplicable,
        },
        (message: string) => messages.push(message),
      );
    } catch (e) {
      if (!(e instanceof NotApplicable)) throw e;
    }
  }
  return messages;
}

/** Runs a stack policy on the resources' state (outputs), linked to parents as the runtime links them. */
export async function violationsOfStack(
  policy: StackValidationPolicy,
  resources: readonly RecordedResource[],
  config: Record<string, unknown> = {},
): Promise<string[]> {
  const messages: string[] = [];
  const byUrn = new Map<string, PolicyResource>();
  const built = resources.map((r) => {
    const resource: PolicyResource = {
      type: r.type,
      props: props(r.outputs),
      urn: r.urn,
      name: r.name,
      opts: optionsOf(r),
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    };
    byUrn.set(r.urn, resource);
    return { resource, parent: r.parent };
  });
  for (const b of built) if (b.parent && byUrn.has(b.parent)) b.resource.parent = byUrn.get(b.parent);
  try {
    await policy.validateStack(
      {
        resources: built.map((b) => b.resource),
        getConfig: <T>() => configWithDefaults(policy, config) as T,
        stackTags: new Map(),
        notApplicable,
      },
      (message: string) => messages.push(message),
    );
  } catch (e) {
    if (!(e instanceof NotApplicable)) throw e;
  }
  return messages;
}

/** A copy of the recorded resources with one resource's inputs and outputs changed. */
export function mutate(
  resources: readonly RecordedResource[],
  match: (r: RecordedResource) => boolean,
  change: (r: RecordedResource) => Partial<RecordedResource>,
): RecordedResource[] {
  let hits = 0;
  const out = resources.map((r) => {
    if (!match(r)) return r;
    hits++;
    return { ...r, ...change(r) };
  });
  if (hits === 0) throw new Error("mutation matched no resource: the fixture changed, fix the test");
  return out;
}
