/**
 * Two stacks that name one tenant, or one vendor account with one task-name prefix, would find the same
 * backup tasks: a copied stack file adopts another tenant's tasks, and two rollouts spend one tenant's
 * throttling budget twice. The fleet tools refuse such a fleet, naming both stack files.
 */
export interface FleetIdentity {
  stack: string;
  file: string;
  tenantId: string;
  /** vendorApi.accountId, when set. */
  vendorAccountId?: string;
  /** backupTasks.namePrefix, or tenant.initialDomainName (what the task names start with). */
  namePrefix: string;
}

export function fleetConflicts(stacks: readonly FleetIdentity[]): string[] {
  const problems: string[] = [];
  const seen = (key: (s: FleetIdentity) => string | undefined, what: (s: FleetIdentity) => string, fix: string) => {
    const first = new Map<string, FleetIdentity>();
    for (const s of stacks) {
      const k = key(s);
      if (k === undefined) continue;
      const other = first.get(k);
      if (other) problems.push(`${s.file} and ${other.file} both ${what(s)}. ${fix}`);
      else first.set(k, s);
    }
  };
  seen(
    (s) => s.tenantId.toLowerCase(),
    (s) => `onboard tenant ${s.tenantId}`,
    "One stack per tenant: delete the copy, or set tenant.id (and the rest of the tenant section) to the tenant it is for.",
  );
  seen(
    (s) => (s.vendorAccountId !== undefined ? `${s.vendorAccountId}\u0000${s.namePrefix.toLowerCase()}` : undefined),
    (s) => `name their backup tasks "${s.namePrefix} ..." in vendor account ${s.vendorAccountId}, so each would find the other's tasks`,
    "Set backupTasks.namePrefix (or vendorApi.accountId) so each tenant's tasks have their own names.",
  );
  return problems;
}
