import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { offlineEnvironmentVariable } from "../../infra/discovery/offline-switch";
import { emulatorSwitchVariable } from "../../infra/config/emulator-switch";
import type { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";

/** A resource as the program registered it: what the engine (and a policy pack) would see. */
export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent: string;
  provider: string;
  /** Inputs with Pulumi secrets kept as `{ [runtime.specialSigKey]: runtime.specialSecretSig, value }` wrappers. */
  inputs: Record<string, unknown>;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  additionalSecretOutputs: string[];
  /** Outputs the mocks returned for it (state after a simulated create). */
  outputs: Record<string, unknown>;
  /** Its `aliases` option as the engine receives it: a whole URN, or a spec of what differed (name, type, parent). */
  aliases: RecordedAlias[];
}

export type RecordedAlias = { urn: string } | { name?: string; type?: string; parentUrn?: string; noParent?: boolean };

/**
 * Installs Pulumi's mock runtime and records every registration with its options. Pulumi's own mock
 * hook only sees type, name and inputs; parents, dependencies, protect and secret markers are what the
 * tests and the policy pack need, so the monitor's registerResource is wrapped here.
 */
export function recordRegistrations(mocks: pulumi.runtime.Mocks, project: string, stack: string, preview = false): RecordedResource[] {
  const recorded: RecordedResource[] = [];
  // Offline evaluation: the program takes its inventory from config instead of calling Microsoft Graph.
  process.env[offlineEnvironmentVariable] = "1";
  // Under mocks nothing reaches a vendor: an emulator URL is judged by the gate's stack-file rule, not refused here.
  process.env[emulatorSwitchVariable] = "allow";
  const monitor = new MockMonitor(mocks);
  const register = monitor.registerResource.bind(monitor);
  type Callback = (err: Error | null, res: unknown) => void;
  (monitor as unknown as { registerResource: unknown }).registerResource = (req: RegisterResourceRequest, callback: Callback) => {
    register(req, async (err: Error | null, res: unknown) => {
      if (!err && res) {
        const response = res as { getUrn(): string; getObject(): { toJavaScript(): Record<string, unknown> } | undefined };
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps, key) => (propertyDependencies[key] = deps.getUrnsList()));
        recorded.push({
          urn: response.getUrn(),
          type: req.getType(),
          name: req.getName(),
          custom: req.getCustom(),
          parent: req.getParent(),
          provider: req.getProvider(),
          inputs: (req.getObject() ? deserializeProperties(req.getObject()!, true) : {}) as Record<string, unknown>,
          dependencies: req.getDependenciesList(),
          propertyDependencies,
          protect: req.getProtect() ?? false,
          retainOnDelete: req.getRetainondelete() ?? false,
          deleteBeforeReplace: req.getDeletebeforereplace(),
          additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
          outputs: (response.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
          aliases: req.getAliasesList().map((a): RecordedAlias => {
            const spec = a.getSpec();
            if (!spec) return { urn: a.getUrn() };
            return {
              ...(spec.getName() ? { name: spec.getName() } : {}),
              ...(spec.getType() ? { type: spec.getType() } : {}),
              ...(spec.getParenturn() ? { parentUrn: spec.getParenturn() } : {}),
              ...(spec.getNoparent() ? { noParent: true } : {}),
            };
          }),
        });
      }
      callback(err, res);
    });
  };
  // setMocks installs its own MockMonitor and turns on the features mocks support; swapping in the
  // recording monitor with setMockOptions resets those flags, so they are carried over.
  // "organization" is the name a self-managed (diy) backend gives every stack's organization.
  pulumi.runtime.setMocks(mocks, project, stack, preview, "organization");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const state = require("@pulumi/pulumi/runtime/state");
  const store = state.getStore();
  const flags = { ...store };
  settings.setMockOptions(monitor, project, stack, preview, "organization");
  for (const key of Object.keys(flags)) if (key.startsWith("supports")) store[key] = flags[key];
  return recorded;
}
