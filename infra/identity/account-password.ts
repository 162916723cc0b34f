import { randomInt } from "crypto";

/**
 * A backup account's password: 32 characters from the four classes Entra ID's complexity rule counts
 * (it asks for three of four), at least two of each, drawn with a cryptographic generator. Made where
 * it is used (the program for the creation password, the BackupAccountPassword runtime for the one
 * that stays) and never returned to Pulumi.
 */
const classes = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!#$%&*()-_=+[]{}<>:?"] as const;
export const accountPasswordLength = 32;

export function generateAccountPassword(): string {
  const pick = (set: string) => set[randomInt(set.length)];
  const all = classes.join("");
  const chars = [...classes.flatMap((set) => [pick(set), pick(set)])];
  while (chars.length < accountPasswordLength) chars.push(pick(all));
  // Fisher-Yates, so the guaranteed characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
}
