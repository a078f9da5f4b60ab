import { describe, expect, it } from "vitest";
import { noticeMarker, noticeTime, planSessionNotices } from "./notice-plan.ts";

const london = {
  timeZone: "Europe/London",
  announcementOffsetsMinutes: [10_080, 1440],
  reminderOffsetMinutes: 60,
};
// 19:00 BST on Tuesday 30 March 2027, two days after the clocks went forward (28 March).
const session = { id: "s1", startsAt: new Date("2027-03-30T18:00:00Z"), status: "scheduled" as const };

describe("the notices of a session", () => {
  it("announces a week before at the same local time across the spring change, and a day before", () => {
    const plan = planSessionNotices(session, ["g1", "g2"], london, new Date("2027-03-01T00:00:00Z"));
    expect(plan.map((n) => [n.kind, n.dueAt.toISOString()])).toEqual([
      // 19:00 GMT on 23 March is 19:00Z: 167 hours before, not 168.
      ["announcement", "2027-03-23T19:00:00.000Z"],
      ["announcement", "2027-03-29T18:00:00.000Z"],
      ["reminder", "2027-03-30T17:00:00.000Z"],
      ["reminder", "2027-03-30T17:00:00.000Z"],
    ]);
    expect(new Set(plan.map((n) => n.key)).size).toBe(4);
  });

  it("counts offsets that are not whole days in elapsed minutes", () => {
    expect(noticeTime(session.startsAt, 90, "Europe/London").toISOString()).toBe("2027-03-30T16:30:00.000Z");
    // 48 h across the change: calendar days, so 19:00 local on 28 March (BST) = 18:00Z.
    expect(noticeTime(session.startsAt, 2880, "Europe/London").toISOString()).toBe(
      "2027-03-28T18:00:00.000Z",
    );
  });

  it("sends only the latest announcement already due, and nothing once the session has started", () => {
    const late = planSessionNotices(session, ["g1"], london, new Date("2027-03-29T20:00:00Z"));
    expect(late.map((n) => n.key)).toEqual([
      `announce:s1:1440:${session.startsAt.getTime()}`,
      `remind:s1:g1:${session.startsAt.getTime()}`,
    ]);
    expect(planSessionNotices(session, ["g1"], london, session.startsAt)).toEqual([]);
  });

  it("gives a moved session new keys and a cancelled one a single cancellation", () => {
    const now = new Date("2027-03-01T00:00:00Z");
    const before = planSessionNotices(session, ["g1"], london, now).map((n) => n.key);
    const moved = planSessionNotices(
      { ...session, startsAt: new Date("2027-03-31T18:00:00Z") },
      ["g1"],
      london,
      now,
    );
    expect(moved.some((n) => before.includes(n.key))).toBe(false);
    const cancelled = planSessionNotices({ ...session, status: "cancelled" }, ["g1"], london, now);
    expect(cancelled.map((n) => [n.kind, n.key])).toEqual([["cancellation", "cancel:s1"]]);
  });

  it("marks keys with short distinct markers", () => {
    expect(noticeMarker("announce:a")).toMatch(/^n[0-9a-z]+$/);
    expect(noticeMarker("announce:a")).not.toBe(noticeMarker("announce:b"));
    expect(noticeMarker("announce:a")).toBe(noticeMarker("announce:a"));
  });
});
