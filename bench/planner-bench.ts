import { backupServices } from "../infra/services/backup-services";
import { planActivation } from "../infra/planner/activation-planner";
import { modelTenantCounts } from "../tools/config-reference/planner-figures";

/** Days to full protection the planner proposes against the throttling floor (100% of the limits, no safety factor). */
export function plannerBenchRows(sizes = [1_000, 25_000, 100_000]): string[][] {
  const rows = [["mailboxes", "waves", "days to full protection (safety 1.5)", "days at safety 1.0", "throttling floor", "plan ms"]];
  for (const n of sizes) {
    const counts = modelTenantCounts(n);
    const t = performance.now();
    const plan = planActivation({ counts, services: backupServices, safetyFactor: 1.5, exchangeParallelMailboxes: 50 });
    const ms = performance.now() - t;
    const atLimit = planActivation({ counts, services: backupServices, safetyFactor: 1, exchangeParallelMailboxes: 50 });
    rows.push([n, plan.waves.length, plan.daysToFullProtection, atLimit.daysToFullProtection, plan.floorDays, ms.toFixed(1)].map(String));
  }
  return rows;
}
