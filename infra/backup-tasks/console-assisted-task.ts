import type { PublicTask } from "../cloudally/backup-vendor-api";
import { publicEntityKind, sameRegion } from "../cloudally/partner-reads";
import { byService } from "../services/backup-services";
import { addDays } from "../config/run-day";
import type { BackupTaskInputs } from "./backup-task-inputs";

/**
 * A BackupTask where the vendor's API only reads (vendorApi.capabilities public): the task is made in the
 * vendor's console from the steps below, then adopted by name; what the public reads show (name, region,
 * status, entities) is compared, and a difference comes back as the console steps that fix it. Settings
 * the public API does not show are listed once to check by eye. Nothing here calls the vendor.
 */

/** What the vendor's console calls each service. */
const consoleLabel = byService("consoleLabel");

function settingLines(inputs: BackupTaskInputs): string[] {
  const s = inputs.settings;
  return [
    `"Index all data for search": ${s.indexForSearch ? "on" : "on (turning it off needs vendor support; see vendorActionRequired)"}`,
    `"Back up unlicensed accounts": ${s.backupUnlicensedAccounts ? "on" : "off"}`,
    `"Keep archived items": ${s.retainArchivedDays === "forever" ? "forever" : `${s.retainArchivedDays} days`}`,
    `"Auto-activate new objects": ${s.autoActivateNew ? "on" : inputs.enterprise && inputs.autoActivateNewRequested ? "off until the activation rollout completes (then on)" : "off"}`,
    ...(inputs.schedule ? [`"Daily backup at": ${inputs.schedule.dailyAtUtc} UTC`] : []),
  ];
}

/**
 * The exact console steps that make the task this resource wants; the next `pulumi up` adopts it. They
 * carry the guide's own instructions (stage 6): the "OAuth" option, and on an enterprise tenant not to
 * activate anything after discovery, because the vendor activates in waves (stage 7).
 */
export function consoleSteps(inputs: BackupTaskInputs): string {
  const steps = [
    `Add backup task: ${consoleLabel[inputs.service]}.`,
    `Name (alias): "${inputs.taskName}" exactly; the next pulumi up finds the task by this name.`,
    `Data region: ${inputs.region}.`,
    ...(inputs.rootUrl ? [`${inputs.service === "sharepoint" ? "SharePoint" : "OneDrive"} root: https://${inputs.rootUrl}`] : []),
    `Choose the "OAuth" option, click Start (or Authenticate) and sign in to Microsoft 365 as the ${inputs.service} backup account (stack output backupAccountUpns); approve the permissions.`,
    `Settings: ${settingLines(inputs).join("; ")}.`,
    ...(inputs.enterprise
      ? [
          "When the console shows what it discovered: DO NOT ACTIVATE ANY BACKUPS (not \"Activate All\", not one by one). This tenant has over 1,000 mailboxes: the vendor activates them in daily waves to stay within Microsoft's throttling (send it the onboarding request, stack output onboardingRequestMarkdown); activating everything at once can throttle the tenant's backups for days.",
        ]
      : []),
    ...(inputs.paused ? ["Pause the task (backupTasks.pausedServices holds it paused)."] : []),
  ];
  return [
    `Create the ${inputs.service} backup task in the CloudAlly console (the public API cannot create tasks), in the customer's account (vendorApi.accountId):`,
    ...steps.map((step, n) => `  ${n + 1}. ${step}`),
    "Then run pulumi up again: it adopts the task and follows it through the public reads.",
  ].join("\n");
}

/** A task not made yet in the console: since when the resource waits for it, and the first day `up` fails on it. */
export interface ConsoleWait {
  /** The day (UTC, YYYY-MM-DD) the first `up` found no such task. */
  since: string;
  escalatesOn: string;
}

/**
 * A task nobody has made in the console yet is a visible wait, not a failure: `up` succeeds with the steps in
 * the outputs, so a tenant's first deploy and its daily runs stay green. From backupTasks.consoleWaitDays days
 * after the first `up`, the wait is escalated: `up` fails naming the task, and the daily pipeline turns red.
 */
export function consoleWait(inputs: BackupTaskInputs, since: string, today: string): ConsoleWait {
  const escalatesOn = addDays(since, inputs.consoleWaitDays);
  if (today >= escalatesOn) {
    throw new Error(
      `The ${inputs.service} backup task "${inputs.taskName}" has waited since ${since} to be made in the CloudAlly console, ` +
        `longer than backupTasks.consoleWaitDays (${inputs.consoleWaitDays}); the tenant's ${inputs.service} data is not backed up. ` +
        `Make it now as below, or raise backupTasks.consoleWaitDays if the wait is agreed.\n${consoleSteps(inputs)}\nNothing was changed at the vendor.`,
    );
  }
  return { since, escalatesOn };
}

/** The account's task this resource stands for: same service, same name. */
export function findByName(tasks: readonly PublicTask[], inputs: Pick<BackupTaskInputs, "service" | "taskName">): PublicTask | undefined {
  return tasks.find((t) => t.service === inputs.service && t.name === inputs.taskName);
}

/** Differences the public reads show, each as the console step that fixes it (never a call the API lacks). */
export function consoleDrift(inputs: BackupTaskInputs, task: PublicTask): string[] {
  const where = `task "${task.name}" (${task.id})`;
  const drift: string[] = [];
  if (task.name !== inputs.taskName) drift.push(`Rename ${where} to "${inputs.taskName}" in the CloudAlly console.`);
  if (inputs.paused && task.status !== "paused")
    drift.push(`Pause ${where} in the CloudAlly console (backupTasks.pausedServices holds ${inputs.service} paused).`);
  if (!inputs.paused && task.status !== "active")
    drift.push(`Resume ${where} in the CloudAlly console: the vendor reports it ${task.vendorStatus}.`);
  if (!task.lastBackupAt)
    drift.push(
      `No backup of ${where} shows yet: the sign-in counts as done only once one does. Check in the CloudAlly console that the task is signed in as the ${inputs.service} backup account.`,
    );
  if (!inputs.settings.indexForSearch) {
    drift.push(
      `Ask vendor support to turn off "Index all data for search" for ${where}: ${inputs.settings.indexingOffJustification ?? "(no justification given)"}`,
    );
  }
  return drift;
}

/** Settings the public API does not show: to be checked once in the console, listed in the outputs. */
export function consoleChecks(inputs: BackupTaskInputs, task: PublicTask): string[] {
  return [
    `Check in the CloudAlly console that task "${task.name}" (${task.id}) has ${settingLines(inputs).join("; ")} (the public API does not show settings).`,
  ];
}

/** Why an existing task of that name cannot be adopted, or undefined when it can. */
export function refusal(inputs: BackupTaskInputs, task: PublicTask): string | undefined {
  if (!sameRegion(inputs.region, task.region)) {
    return `A ${inputs.service} backup task named "${inputs.taskName}" exists (${task.id}) in data region ${task.region}, not ${inputs.region}; it cannot be adopted. Rename one of them (backupTasks.namePrefix), or match backupTasks.region. Nothing was changed.`;
  }
  return undefined;
}

/** What the public task says, in the outputs' terms. */
export function observedFromPublic(task: PublicTask) {
  return {
    taskId: task.id,
    // Connected on evidence only: a backup the vendor reports. Until then the sign-in is not taken as done,
    // so the account's Temporary Access Pass and interactive sign-in stay (a task may list without working).
    connectionState: task.lastBackupAt ? ("connected" as const) : ("pending-authorization" as const),
    status: task.status,
    lastSuccessfulBackupAt: task.lastBackupAt ?? "never",
    discoveryState: task.entities !== undefined ? ("complete" as const) : ("not-started" as const),
    discoveredCounts: task.entities !== undefined ? { [publicEntityKind[task.service!]]: task.entities } : {},
  };
}
