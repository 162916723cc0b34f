import type { TaskOwner, VendorTask } from "../cloudally/backup-vendor-api";

/**
 * Which existing task a BackupTask may take as its own. Task names are unique per service across the
 * whole partner account, which serves many tenants and stacks, so a name alone proves nothing: the
 * owner recorded on the task decides.
 *
 * - Owned by this resource: a create retried after a lost answer. Adopt.
 * - Owned by another resource of the same tenant and stack: the resource was renamed (new URN, created
 *   before the old one is deleted). Adopt and take over; the old URN's delete then finds the task no
 *   longer its own and leaves it alone.
 * - Owned by another tenant or stack: never.
 * - No owner (made by hand or by an earlier version): only when it is signed in to this Microsoft 365 tenant.
 */
export type Adoption = { adopt: true; takeOver: boolean } | { adopt: false; reason: string };

export function sameOwner(a: TaskOwner | undefined, b: TaskOwner | undefined): boolean {
  return !!a && !!b && a.tenantId === b.tenantId && a.stack === b.stack && a.resource === b.resource;
}

export function describeOwner(o: TaskOwner): string {
  return `resource "${o.resource}" of stack "${o.stack}" for tenant ${o.tenantId}`;
}

export function adoption(task: VendorTask, owner: TaskOwner): Adoption {
  const fix = "Give this stack's tasks other names (backupTasks.namePrefix), or release that task at the vendor first.";
  if (task.owner) {
    if (sameOwner(task.owner, owner)) return { adopt: true, takeOver: false };
    if (task.owner.tenantId === owner.tenantId && task.owner.stack === owner.stack) return { adopt: true, takeOver: true };
    return { adopt: false, reason: `it belongs to ${describeOwner(task.owner)}. ${fix}` };
  }
  if (task.tenantId === owner.tenantId) return { adopt: true, takeOver: true };
  if (task.tenantId) return { adopt: false, reason: `it is signed in to another Microsoft 365 tenant (${task.tenantId}). ${fix}` };
  return {
    adopt: false,
    reason: `it has no owner and is not signed in yet, so nothing shows it serves tenant ${owner.tenantId}. Sign it in as this tenant's backup account (the next pulumi up then adopts it), or delete it in the vendor's console. ${fix}`,
  };
}

/** Whether a resource may pause, delete or change the task: it is the recorded owner (or the task predates owners and so does the state). */
export function owns(task: VendorTask, owner: TaskOwner | undefined): boolean {
  if (!task.owner) return owner === undefined || task.tenantId === undefined || task.tenantId === owner.tenantId;
  return sameOwner(task.owner, owner);
}
