import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

/** Pulumi's placeholder for a value not known yet (preview). */
export const unknownValue: string = pulumi.runtime.unknownValue;

export function containsUnknown(value: unknown): boolean {
  if (value === unknownValue) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined), root);
}

/**
 * A dynamic provider's `check`: `validated` (the inputs, or the part of them that is the resource's own)
 * against `schema`, one failure per bad key naming its value. During preview some inputs are not known
 * yet; they are validated once they are.
 */
export function checkAgainst(
  schema: z.ZodType,
  news: Record<string, unknown>,
  validated: Record<string, unknown> = news,
): pulumi.dynamic.CheckResult {
  if (containsUnknown(news)) return { inputs: news };
  const parsed = schema.safeParse(validated);
  if (parsed.success) return { inputs: { ...news, ...(parsed.data as Record<string, unknown>) } };
  return {
    inputs: news,
    failures: parsed.error.issues.map((issue) => {
      const key = issue.path.join(".") || "(inputs)";
      return { property: key, reason: `${key} = ${JSON.stringify(valueAt(validated, issue.path))}: ${issue.message}` };
    }),
  };
}
