import { createHash } from "crypto";

/** A stable GUID derived from a seed, so offline runs print the same ids every time. */
export function stableGuid(seed: string): string {
  const h = createHash("sha1").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
