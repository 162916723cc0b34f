import { z } from "zod";

/** A decimal number written as text: what `pulumi config set --path k 2.5` stores (Pulumi types only integers and booleans there). */
const numericText = /^-?\d+(\.\d+)?$/;

/**
 * A number in stack config, accepted as a number or as the numeric text `pulumi config set --path` writes,
 * then checked by `inner` (which may be a union, e.g. a number or "forever").
 */
export function configNumber<T extends z.ZodType>(inner: T) {
  return z.preprocess((v) => (typeof v === "string" && numericText.test(v.trim()) ? Number(v.trim()) : v), inner);
}

/**
 * Largest count of any kind of entity the config accepts. Assumption: no Microsoft 365 tenant is near it
 * (Microsoft publishes no tenant maximum); it stops a typo (1e12) before the planner tries to plan it.
 */
export const maxEntityCount = 10_000_000;

/** Most entities rollout.priority may name (assumption: a priority list names the few to protect first). */
export const maxPriorityEntries = 5_000;
