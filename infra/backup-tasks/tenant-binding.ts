import type { PublicTask } from "../cloudally/backup-vendor-api";
import type { BackupTaskInputs } from "./backup-task-inputs";

/**
 * Whether a task the public reads list backs up this stack's tenant. A partner account holds every
 * customer's tasks, and a stack file copied from another tenant keeps its task names: adopting by name
 * alone would take the other tenant's task and report this one protected. The evidence, strongest first:
 * the task's `domain`; the Microsoft 365 account it signed in with; the addresses and site URLs of the
 * entities it backs up. Any evidence for another tenant refuses; no evidence at all refuses too.
 */

const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();
const hostOf = (url: string) =>
  url
    .replace(/^https?:\/\//i, "")
    .split("/")[0]
    .toLowerCase();

/** The tenant's domains the stack knows: its primary domain, its onmicrosoft.com domain, and the root hosts. */
function ownsDomain(inputs: Pick<BackupTaskInputs, "tenantDomains">, domain: string): boolean {
  const d = domain.toLowerCase();
  return inputs.tenantDomains.some((own) => d === own || d.endsWith(`.${own}`));
}

/** Why the task cannot be this tenant's (the mismatch named), or undefined when the evidence says it is. */
export function tenantMismatch(
  inputs: Pick<BackupTaskInputs, "service" | "taskName" | "rootUrl" | "tenantDomains" | "owner">,
  task: Pick<PublicTask, "id" | "name" | "domain" | "signInAccount"> & { tenantId?: string },
  /** The names of the entities the task backs up (addresses, site URLs), when the evidence above is absent. */
  names: readonly string[] = [],
): string | undefined {
  const where = `The ${inputs.service} backup task "${task.name}" (${task.id}) in the vendor account`;
  const tenant = `this stack's tenant ${inputs.owner.tenantId} (${inputs.tenantDomains.join(", ")})`;
  const fix =
    "It was not adopted and nothing was changed. If this stack file was copied from another tenant, set backupTasks.namePrefix (and vendorApi.accountId) for this tenant and make its tasks in the console; otherwise sign the task in as this tenant's backup account.";
  if (task.tenantId && task.tenantId.toLowerCase() !== inputs.owner.tenantId.toLowerCase())
    return `${where} is signed in to tenant ${task.tenantId}, not ${tenant}. ${fix}`;
  if (task.domain && !ownsDomain(inputs, task.domain)) return `${where} is for domain ${task.domain}, not ${tenant}. ${fix}`;
  if (task.signInAccount && task.signInAccount.includes("@") && !ownsDomain(inputs, domainOf(task.signInAccount)))
    return `${where} signed in as ${task.signInAccount}, which is not an account of ${tenant}. ${fix}`;
  const isUrl = (n: string) => /^https?:\/\//i.test(n);
  const ours = (n: string) => (isUrl(n) ? hostOf(n) === inputs.rootUrl : n.includes("@") && ownsDomain(inputs, domainOf(n)));
  if (inputs.rootUrl) {
    // The root is the tenant's own: any site or OneDrive under another root is another tenant's.
    const foreign = names.find((n) => isUrl(n) && hostOf(n) !== inputs.rootUrl);
    if (foreign) return `${where} backs up ${foreign}, which is not under ${inputs.rootUrl} (${tenant}). ${fix}`;
  }
  // A tenant may have more domains than the stack knows: at least one name must be on one it does.
  if (names.length > 0 && !names.some(ours)) {
    return `${where} backs up ${names.slice(0, 3).join(", ")}${names.length > 3 ? ", ..." : ""}, none of them on a domain of ${tenant}. ${fix}`;
  }
  if (!task.domain && !task.signInAccount && names.length === 0)
    return `${where} shows no domain, sign-in account or backed-up entity, so nothing says it backs up ${tenant}. It was not adopted; run pulumi up again once the console shows the task signed in (or its first backup).`;
  return undefined;
}
