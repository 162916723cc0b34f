import * as pulumi from "@pulumi/pulumi";
import { backupTaskSimulatedOutputs } from "./backup-task-simulations";
import { identitySimulatedCalls, identitySimulatedOutputs } from "./identity-simulations";
import { rolloutSimulatedOutputs } from "./rollout-simulations";
import { stableGuid } from "./stable-guid";

type Simulate = (name: string, inputs: Record<string, unknown>) => Record<string, unknown>;
type CallHandler = (inputs: Record<string, unknown>) => Record<string, unknown>;

/**
 * What the cloud would compute for each resource type on create. Offline evaluation (tests and the
 * pull-request gate) returns these so the program's outputs resolve; keep them realistic (ids are
 * GUIDs where Azure's are).
 */
export const simulatedOutputs: Record<string, Simulate> = {
  ...identitySimulatedOutputs,
  ...backupTaskSimulatedOutputs,
  ...rolloutSimulatedOutputs,
  "azuread:index/user:User": (name) => ({ objectId: stableGuid(`user:${name}`) }),
};

/** Data sources the program may call offline; anything else throws so a new one cannot slip by untested. */
export const simulatedCalls: Record<string, CallHandler> = {
  ...identitySimulatedCalls,
};

export const offlineMocks: pulumi.runtime.Mocks = {
  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
    const simulate = simulatedOutputs[args.type];
    const computed = simulate ? simulate(args.name, args.inputs) : {};
    const id = typeof computed.id === "string" ? computed.id : `${args.name}-id`;
    return { id, state: { ...args.inputs, ...computed } };
  },
  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const handler = simulatedCalls[args.token];
    if (!handler) throw new Error(`offline evaluation has no simulation for the call ${args.token}; add one to simulatedCalls`);
    return handler(args.inputs);
  },
};
