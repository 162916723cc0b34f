import type { TenantConfig } from "../../infra/config/schema";
import type { PolicyViolation } from "./policy-analyzer-client";
import type { StackFile } from "./stack-files";

/** The gate's own rules on what only the stack file shows (the policy pack sees resources, not config or ESC imports). */
export const stackFilePolicyPack = "m365-backup-stack-files";

/**
 * A deployable stack (it imports an ESC environment: the fleet deploys it with real credentials) may
 * reach the vendor only through a named host: an emulator URL there would send the partner
 * credentials wherever the stack file points.
 */
export function stackFileViolations(stackFile: StackFile, config: TenantConfig): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  if (stackFile.environments.length > 0 && config.vendorApi?.emulatorUrl !== undefined) {
    violations.push({
      policyName: "vendor-endpoint-named-host",
      policyPackName: stackFilePolicyPack,
      enforcementLevel: "mandatory",
      urn: "",
      message:
        `${stackFile.file}: m365-backup:vendorApi.emulatorUrl = ${JSON.stringify(config.vendorApi.emulatorUrl)} in a deployable stack (it imports ${stackFile.environments.join(", ")}); ` +
        "the partner credentials would go to that URL. Fix: remove emulatorUrl and set vendorApi.region (global).",
    });
  }
  // Paused tasks take no backups: never silent, even when it is what the reviewer wants.
  if (config.backupTasks.pausedServices.length > 0) {
    violations.push({
      policyName: "backup-services-paused",
      policyPackName: stackFilePolicyPack,
      enforcementLevel: "advisory",
      urn: "",
      message: `${stackFile.file}: m365-backup:backupTasks.pausedServices = ${JSON.stringify(config.backupTasks.pausedServices)}: these services take no backups while paused. Fix: remove them from the list when the pause is over.`,
    });
  }
  return violations;
}
