import { publicStatusOf } from "../../infra/cloudally/partner-reads";
import { publicEntityRecord } from "../../infra/protection/cloudally-protection";
import { entityKey, judgedEntities, protectionOf } from "../../infra/protection/protection-state";
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

test("rows of one entity fold to one, by a key that ignores case, scheme and trailing slashes; the worst row decides", () => {
  expect(entityKey("HTTPS://Contoso.SharePoint.com/sites/HR/")).toBe("contoso.sharepoint.com/sites/hr");
  const { entities, duplicateRows } = judgedEntities(
    [
      rec({ name: "A@contoso.com", lastBackupAt: ago(10), lastAttemptAt: ago(10) }),
      rec({ name: "a@contoso.com", lastBackupAt: ago(10), lastAttemptAt: ago(10) }),
      // The same group's other part (a row per sub-source): its site has failed for ten days.
      rec({ name: "g@contoso.com", lastBackupAt: ago(2) }),
      rec({ name: "G@contoso.com", lastBackupAt: ago(240), lastAttemptAt: ago(3), failing: true }),
      rec({ name: "b@contoso.com" }),
    ],
    now,
  );
  expect(duplicateRows).toBe(2);
  const state = (name: string) => entities.find((e) => entityKey(e.name) === name)!.state;
  expect([state("a@contoso.com"), state("g@contoso.com"), state("b@contoso.com")]).toEqual([
    "protected",
    "failing",
    "activated-not-backed-up",
  ]);
  // Whatever the order of the rows.
  const reversed = judgedEntities(
    [
      rec({ name: "G@contoso.com", lastBackupAt: ago(240), lastAttemptAt: ago(3), failing: true }),
      rec({ name: "g@contoso.com", lastBackupAt: ago(2) }),
    ],
    now,
  );
  expect(reversed.entities[0].state).toBe("failing");
});

test("a date the vendor sent in a form that cannot be read leaves the entity not verified, never protected", () => {
  const status = publicStatusOf({
    taskId: "t",
    entityName: "a@contoso.com",
    lastBackupDate: "yesterday-ish",
    backupStatus: [{ status: "ACTIVE" }],
  });
  expect(protectionOf(publicEntityRecord(status), now)).toBe("not-verified");
  const archived = publicEntityRecord(publicStatusOf({ taskId: "t", entityName: "x@contoso.com", backupStatus: [{ status: "ARCHIVED" }] }));
  expect(archived).toMatchObject({ active: false, archived: true });
});
