import { configNamespace } from "./errors";
import { configKeys, secretConfigKeys } from "./schema";

/**
 * Keys of the stack's config the schema never sees: a top-level key of this project that does not
 * exist (`m365-backup:rolout`) or a namespace one slip away from it (`m365backup:services`) would be
 * ignored silently, so the default (Exchange on, say) would win. Each is a problem naming the key and
 * the closest valid one.
 */

/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    row = next;
  }
  return row[y.length];
}

/** The valid name nearest to `name`. */
export function closest(name: string, valid: readonly string[]): string {
  return valid.reduce((best, v) => (distance(name, v) < distance(name, best) ? v : best), valid[0]);
}

const projectKeys: readonly string[] = [...configKeys, ...secretConfigKeys];

/** Namespaces that are near misses of the project's (m365backup, m365_backup, M365-Backup, m365-bakup, ...). */
function nearMissNamespace(namespace: string): boolean {
  if (namespace === configNamespace) return false;
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  return squash(namespace) === squash(configNamespace) || distance(namespace, configNamespace) <= 2;
}

export function unknownKeyProblems(allConfig: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const full of Object.keys(allConfig)) {
    const at = full.indexOf(":");
    if (at < 0) continue;
    const namespace = full.slice(0, at);
    const key = full.slice(at + 1);
    if (namespace === configNamespace && !projectKeys.includes(key)) {
      const near = closest(key, projectKeys);
      problems.push(
        `${full}: unknown key, ignored by the program (a default would apply instead). Did you mean ${configNamespace}:${near}? Fix: rename it to ${near} (or remove it); the keys are listed in the README's configuration reference.`,
      );
    } else if (nearMissNamespace(namespace)) {
      const near = closest(key, projectKeys);
      problems.push(
        `${full}: unknown namespace "${namespace}", so the program never reads this value. Did you mean ${configNamespace}:${near}? Fix: rename the key to ${configNamespace}:${near}.`,
      );
    }
  }
  return problems;
}
