import { vendorApiHosts } from "../../infra/cloudally/vendor-hosts";
import { configNamespace } from "../../infra/config/errors";
import type { PolicyViolation } from "./policy-analyzer-client";
import type { StackFile } from "./stack-files";

/** The gate's own rules on what only the stack file shows (the policy pack sees resources, not config or ESC imports). */
export const stackFilePolicyPack = "m365-backup-stack-files";

/** A section of the stack file as written: read raw, so the rules judge a file whose config is invalid too. */
function section(stackFile: StackFile, key: string): Record<string, unknown> | undefined {
  const value = stackFile.config[`${configNamespace}:${key}`];
  return value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0
    ? (value as Record<string, unknown>)
    : undefined;
}

const violation = (policyName: string, enforcementLevel: "mandatory" | "advisory", message: string): PolicyViolation => ({
  policyName,
  policyPackName: stackFilePolicyPack,
  enforcementLevel,
  urn: "",
  message,
});

/**
 * A deployable stack (it imports an ESC environment: the fleet deploys it with real credentials) must
 * reach the vendor, and only through a named host: without a vendorApi section its tasks cannot be
 * made or adopted; an emulator URL would send the partner credentials wherever the stack file points;
 * the contract's operations against the real vendor are refused by its published API.
 */
export function stackFileViolations(stackFile: StackFile): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const deployable = stackFile.environments.length > 0;
  const vendorApi = section(stackFile, "vendorApi");
  const imports = `it imports ${stackFile.environments.join(", ")}`;
  if (deployable && !vendorApi)
    violations.push(
      violation(
        "vendor-api-configured",
        "mandatory",
        `${stackFile.file}: no ${configNamespace}:vendorApi in a deployable stack (${imports}): pulumi up cannot reach the backup vendor to make or adopt its tasks. ` +
          "Fix: pulumi config set --path 'vendorApi.accountId' <the customer's account id at the vendor>, and vendorApi.clientId and vendorApi.accountEmail unless the ESC environment gives CLOUDALLY_CLIENT_ID and CLOUDALLY_ACCOUNT_EMAIL.",
      ),
    );
  if (deployable && vendorApi?.emulatorUrl !== undefined)
    violations.push(
      violation(
        "vendor-endpoint-named-host",
        "mandatory",
        `${stackFile.file}: ${configNamespace}:vendorApi.emulatorUrl = ${JSON.stringify(vendorApi.emulatorUrl)} in a deployable stack (${imports}); ` +
          "the partner credentials would go to that URL. Fix: remove emulatorUrl (pulumi config rm --path 'vendorApi.emulatorUrl'); the vendor's host is vendorApi.region (global).",
      ),
    );
  if (deployable && vendorApi && vendorApi.emulatorUrl === undefined && vendorApi.capabilities === "contract") {
    const host = vendorApiHosts[(vendorApi.region as keyof typeof vendorApiHosts) ?? "global"] ?? vendorApiHosts.global;
    violations.push(
      violation(
        "vendor-contract-at-named-host",
        "advisory",
        `${stackFile.file}: ${configNamespace}:vendorApi.capabilities = "contract" against ${host}: CloudAlly's published API offers sign-in and the partner reads only, so every task create, update and activation the contract sends would be refused there. ` +
          "Fix: pulumi config rm --path 'vendorApi.capabilities' (public, the default), unless the vendor has confirmed the contract's operations for your partner account.",
      ),
    );
  }
  // Paused tasks take no backups: never silent, even when it is what the reviewer wants.
  const paused = section(stackFile, "backupTasks")?.pausedServices;
  if (Array.isArray(paused) && paused.length > 0)
    violations.push(
      violation(
        "backup-services-paused",
        "advisory",
        `${stackFile.file}: ${configNamespace}:backupTasks.pausedServices = ${JSON.stringify(paused)}: these services take no backups while paused. Fix: remove them from the list when the pause is over.`,
      ),
    );
  return violations;
}
