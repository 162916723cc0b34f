/**
 * Two stacks that name one tenant, or one task name in one vendor account, would find the same
 * backup tasks: a copied stack file adopts another tenant's tasks, and two rollouts spend one tenant's
 * throttling budget twice. The fleet tools refuse such a fleet, naming both stack files.
 */
export interface FleetIdentity {
  stack: string;
  file: string;
  tenantId: string;
  /** vendorApi.accountId, when set. */
  vendorAccountId?: string;
  /** The names of the stack's backup tasks (backupTasks.taskNames, or "<namePrefix> <service> backup"). */
  taskNames: string[];
}

/** The fleet's collisions; with `involving`, only those in which one of these stack files takes part. */
export function fleetConflicts(stacks: readonly FleetIdentity[], involving?: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const reported = (a: FleetIdentity, b: FleetIdentity) => involving === undefined || involving.has(a.file) || involving.has(b.file);
  const seen = (key: (s: FleetIdentity) => string, what: (s: FleetIdentity) => string, fix: string) => {
    const first = new Map<string, FleetIdentity>();
    for (const s of stacks) {
      const k = key(s);
      const other = first.get(k);
      if (other) {
        if (reported(s, other)) problems.push(`${s.file} and ${other.file} both ${what(s)}. ${fix}`);
      } else first.set(k, s);
    }
  };
  seen(
    (s) => s.tenantId.toLowerCase(),
    (s) => `onboard tenant ${s.tenantId}`,
    "One stack per tenant: delete the copy, or set tenant.id (and the rest of the tenant section) to the tenant it is for.",
  );
  const byName = new Map<string, FleetIdentity>();
  for (const s of stacks) {
    if (s.vendorAccountId === undefined) continue;
    const clash = s.taskNames.find((n) => byName.has(`${s.vendorAccountId}\u0000${n.toLowerCase()}`));
    if (clash) {
      const other = byName.get(`${s.vendorAccountId}\u0000${clash.toLowerCase()}`)!;
      if (reported(s, other))
        problems.push(
          `${s.file} and ${other.file} both name a backup task "${clash}" in vendor account ${s.vendorAccountId}, so each would find the other's tasks. Set backupTasks.namePrefix (or vendorApi.accountId) so each tenant's tasks have their own names.`,
        );
      continue;
    }
    for (const n of s.taskNames) byName.set(`${s.vendorAccountId}\u0000${n.toLowerCase()}`, s);
  }
  return problems;
}
