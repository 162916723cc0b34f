import { distinctEntities, entityKey, protectionOf } from "../../infra/protection/protection-state";
import type { EntityRecord } from "../../infra/protection/protection-source";

/** The one definition of protected, at its edges. */
const now = new Date("2026-12-10T06:00:00Z");
const ago = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
const rec = (over: Partial<EntityRecord>): EntityRecord => ({ name: "a@contoso.com", active: true, dated: true, ...over });

test.each<[string, Partial<EntityRecord>, string]>([
  ["a success 36 hours ago is still protected", { lastBackupAt: ago(36) }, "protected"],
  ["36 hours and a minute is not: stale", { lastBackupAt: ago(36.02) }, "stale"],
  ["a failed attempt after an old success is failing", { lastBackupAt: ago(50), lastAttemptAt: ago(5), failing: true }, "failing"],
  ["a recent success wins over a later failed attempt", { lastBackupAt: ago(20), lastAttemptAt: ago(2), failing: true }, "protected"],
  ["attempts and never a success: failing", { lastAttemptAt: ago(3) }, "failing"],
  ["active, no attempt yet", {}, "activated-not-backed-up"],
  ["a missed daily backup with no date: stale", { missedLastBackup: true }, "stale"],
  ["inactive is never protected, whatever its dates", { active: false, lastBackupAt: ago(1) }, "not-active"],
  ["no published dates: not verified", { dated: false, lastBackupAt: ago(1) }, "not-verified"],
  ["a success dated in the future (a skewed clock): not verified", { lastBackupAt: ago(-2) }, "not-verified"],
  ["an unreadable date: not verified", { lastBackupAt: "yesterday" }, "not-verified"],
])("%s", (_, over, state) => {
  expect(protectionOf(rec(over), now)).toBe(state);
});

test("the window is the stack's: 48 hours keeps a 40-hour-old success protected", () => {
  expect(protectionOf(rec({ lastBackupAt: ago(40) }), now, 48)).toBe("protected");
  expect(protectionOf(rec({ lastBackupAt: ago(40) }), now)).toBe("stale");
});

test("rows of one entity fold to one, by a key that ignores case, scheme and trailing slashes, keeping the newest dates", () => {
  expect(entityKey("HTTPS://Contoso.SharePoint.com/sites/HR/")).toBe("contoso.sharepoint.com/sites/hr");
  const { entities, duplicateRows } = distinctEntities([
    rec({ name: "A@contoso.com", lastBackupAt: ago(40), lastAttemptAt: ago(40) }),
    rec({ name: "a@contoso.com", lastBackupAt: ago(10), lastAttemptAt: ago(10) }),
    rec({ name: "a@contoso.com", active: false, lastAttemptAt: ago(30), failing: true }),
    rec({ name: "b@contoso.com" }),
  ]);
  expect(duplicateRows).toBe(2);
  expect(entities).toHaveLength(2);
  const a = entities.find((e) => entityKey(e.name) === "a@contoso.com")!;
  expect(a).toMatchObject({ active: true, lastBackupAt: ago(10), lastAttemptAt: ago(10), failing: false });
  expect(protectionOf(a, now)).toBe("protected");
});
