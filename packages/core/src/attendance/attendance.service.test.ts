import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditRepository } from "../audit/audit.repository.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { ProvisioningRepository } from "../provisioning/provisioning.repository.ts";
import { createRunningTerm, type RunningTerm } from "../sessions/running-term.fixture.ts";
import { SessionRunService } from "../sessions/session-run.service.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { AttendanceRepository } from "./attendance.repository.ts";
import { AttendanceService } from "./attendance.service.ts";

let handle: DatabaseHandle;
let attendance: AttendanceService;
const organiser = { userId: null, isOrganiser: true };

beforeAll(async () => {
  handle = await createTestDatabase();
  attendance = new AttendanceService(handle.db);
});
afterAll(() => handle.close());

/**
 * Session 1 of the term, with every group's run started at its start: `at(minutes)` is a moment of the
 * evening, `end(group, minutes)` closes that group's run and returns its attendance by member.
 */
async function evening(term: RunningTerm) {
  const start = term.sessions[0]!.startsAt;
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
  const runs = new SessionRunService(handle.db);
  for (const g of term.groups.keys()) await runs.start(term.place(g), term.mentor(g), at(0));
  const end = async (group: number, minutes: number) => {
    const ended = await runs.end(term.place(group), term.mentor(group), at(minutes));
    return new Map(ended.attendance.map((e) => [e.userId, e]));
  };
  return { sessionId: term.sessions[0]!.id, at, end };
}

describe(`attendance from voice presence (${testDatabaseKind()})`, () => {
  it("counts a member's time in their own group's room only, and no one else's", async () => {
    const term = await createRunningTerm(handle.db, { groups: 2 });
    const { at, end } = await evening(term);
    const [room1, room2] = term.channels.map((c) => c.voice) as [string, string];
    const [a, b] = term.groups[0]!.mentees as [string, string];
    const [x] = term.groups[1]!.mentees as [string];
    // a is in the room for 10 minutes, then moves to the other group's room: that does not count.
    await attendance.voiceChanged(term.guildId, a, room1, at(0));
    await attendance.voiceChanged(term.guildId, a, room2, at(10));
    await attendance.voiceChanged(term.guildId, a, null, at(50));
    // b sits in the other group's room all evening; x in their own for 45 minutes.
    await attendance.voiceChanged(term.guildId, b, room2, at(0));
    await attendance.voiceChanged(term.guildId, x, room2, at(0));
    await attendance.voiceChanged(term.guildId, x, null, at(45));
    // Someone of no group in the room is not recorded.
    await attendance.voiceChanged(term.guildId, term.outsider, room1, at(0));
    const first = await end(0, 60);
    expect(first.get(a)).toMatchObject({ status: "absent", source: "voice", minutesPresent: 10 });
    expect(first.get(b)).toMatchObject({ status: "absent", minutesPresent: 0 });
    expect((await end(1, 60)).get(x)).toMatchObject({ status: "present", minutesPresent: 45 });
    expect((await attendance.list(term.guildId, term.sessions[0]!.id)).map((e) => e.userId)).not.toContain(
      term.outsider,
    );
  });

  it("counts present from the threshold's very minute: 29 minutes 59 seconds is absent", async () => {
    const term = await createRunningTerm(handle.db);
    const { at, end } = await evening(term);
    const [voice] = term.channels.map((c) => c.voice) as [string];
    const [a, b] = term.groups[0]!.mentees as [string, string];
    await attendance.voiceChanged(term.guildId, a, voice, at(0));
    await attendance.voiceChanged(term.guildId, a, null, at(30));
    await attendance.voiceChanged(term.guildId, b, voice, at(0));
    await attendance.voiceChanged(term.guildId, b, null, new Date(at(30).getTime() - 1000));
    const ended = await end(0, 60);
    expect(ended.get(a)).toMatchObject({ status: "present", minutesPresent: 30, secondsPresent: 1800 });
    expect(ended.get(b)).toMatchObject({ status: "absent", minutesPresent: 29, secondsPresent: 1799 });
  });

  it("caps a record at a day and never counts time backwards", async () => {
    const term = await createRunningTerm(handle.db);
    const { sessionId, at, end } = await evening(term);
    const [voice] = term.channels.map((c) => c.voice) as [string];
    const [a, b] = term.groups[0]!.mentees as [string, string];
    // a's room was left open for two days; b's leave carries a clock earlier than the join.
    await attendance.voiceChanged(term.guildId, a, voice, at(0));
    await attendance.voiceChanged(term.guildId, a, null, at(48 * 60));
    await attendance.voiceChanged(term.guildId, b, voice, at(10));
    await attendance.voiceChanged(term.guildId, b, null, at(5));
    const repo = new AttendanceRepository(handle.db);
    expect(await repo.list(term.guildId, sessionId, [a, b])).toMatchObject(
      [
        { userId: a, secondsPresent: 86_400, minutesPresent: 1440 },
        { userId: b, secondsPresent: 0, minutesPresent: 0 },
      ].sort((p, q) => p.userId.localeCompare(q.userId)),
    );
    // A second long stay adds up to the same cap.
    await attendance.voiceChanged(term.guildId, a, voice, at(48 * 60));
    await attendance.voiceChanged(term.guildId, a, null, at(49 * 60));
    expect((await end(0, 50 * 60)).get(a)).toMatchObject({ secondsPresent: 86_400, minutesPresent: 1440 });
    expect(await repo.list(term.guildId, sessionId, [])).toEqual([]);
  });

  it("does not count a group without a voice room when its members leave voice", async () => {
    const term = await createRunningTerm(handle.db);
    await new ProvisioningRepository(handle.db).forget(
      term.guildId,
      term.cohortId,
      "voice",
      `voice:${term.groups[0]!.id}`,
    );
    const { at, end } = await evening(term);
    const [a] = term.groups[0]!.mentees as [string];
    await attendance.voiceChanged(term.guildId, a, null, at(0));
    await attendance.reconcile(term.guildId, new Map([[a, term.channels[0]!.voice]]), at(1));
    expect((await end(0, 60)).get(a)).toMatchObject({ status: "absent", minutesPresent: 0 });
  });

  it("after a reconnect keeps the intervals of those still in the room, opens and ends the others'", async () => {
    const term = await createRunningTerm(handle.db, { groups: 2 });
    const other = await createRunningTerm(handle.db);
    const { at, end } = await evening(term);
    const [room1, room2] = term.channels.map((c) => c.voice) as [string, string];
    const [a, b, c] = term.groups[0]!.mentees as [string, string, string];
    await attendance.voiceChanged(term.guildId, a, room1, at(0));
    await attendance.voiceChanged(term.guildId, c, room1, at(0));
    // The other community's voice states name this community's members: nothing changes here.
    await attendance.reconcile(other.guildId, new Map([[b, room1]]), at(5));
    // a is still there and keeps the join at 0; b is found there at 20; c has gone; nobody else counts.
    await attendance.reconcile(
      term.guildId,
      new Map([
        [a, room1],
        [b, room1],
        [term.groups[1]!.mentees[0]!, room1],
      ]),
      at(20),
    );
    await attendance.reconcile(term.guildId, new Map([[b, room2]]), at(40));
    const ended = await end(0, 60);
    expect(ended.get(a)).toMatchObject({ minutesPresent: 40 });
    expect(ended.get(b)).toMatchObject({ minutesPresent: 20 });
    expect(ended.get(c)).toMatchObject({ minutesPresent: 20 });
    for (const mentor of term.groups[0]!.mentors)
      expect(ended.get(mentor)).toMatchObject({ minutesPresent: 0 });
    expect((await end(1, 60)).get(term.groups[1]!.mentees[0]!)).toMatchObject({ minutesPresent: 0 });
  });
});

describe(`attendance set by hand (${testDatabaseKind()})`, () => {
  it("records a mentor's checklist, audited, and the run's close leaves it as it is", async () => {
    const term = await createRunningTerm(handle.db);
    const { sessionId, at, end } = await evening(term);
    const [m1] = term.groups[0]!.mentors as [string];
    const members = [...term.groups[0]!.mentors, ...term.groups[0]!.mentees];
    const [a, b] = term.groups[0]!.mentees as [string, string];
    await expect(
      attendance.checklist(term.guildId, sessionId, members, [a, term.outsider], { userId: m1 }),
    ).rejects.toThrow(
      new ValidationError([{ field: "present", message: `<@${term.outsider}> is not in this group` }]),
    );
    const listed = await attendance.checklist(term.guildId, sessionId, members, [a], { userId: m1 });
    expect(new Map(listed.map((e) => [e.userId, [e.status, e.source]]))).toEqual(
      new Map(members.map((u) => [u, [u === a ? "present" : "absent", "manual"]])),
    );
    const log = await new AuditRepository(handle.db).forEntity("session", sessionId);
    expect(log).toMatchObject([
      {},
      { action: "attendance.checklist", actor_user_id: m1, details: { present: [a], members } },
    ]);
    // b spent the whole evening in the room, but the checklist said absent.
    await attendance.voiceChanged(term.guildId, b, term.channels[0]!.voice, at(0));
    expect((await end(0, 60)).get(b)).toMatchObject({
      status: "absent",
      source: "manual",
      minutesPresent: 60,
    });
  });

  it("lets an organiser correct one record of this community's sessions, audited with what it was", async () => {
    const term = await createRunningTerm(handle.db);
    const other = await createRunningTerm(handle.db);
    const sessionId = term.sessions[0]!.id;
    const [a] = term.groups[0]!.mentees as [string];
    const correct = (status: string, guildId = term.guildId, session = sessionId) =>
      attendance.correct(guildId, session, a, status as "present", organiser);
    await expect(correct("late")).rejects.toThrow("status: must be present, absent or excused");
    await expect(correct("present", term.guildId, other.sessions[0]!.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(correct("present", other.guildId)).rejects.toThrow(`No session ${sessionId} here.`);
    await expect(
      attendance.correct(term.guildId, sessionId, a, "present", { ...organiser, isOrganiser: false }),
    ).rejects.toThrow("Only organisers can correct attendance.");
    expect(await correct("excused")).toMatchObject({ userId: a, status: "excused", source: "manual" });
    expect(await correct("present")).toMatchObject({ status: "present" });
    expect(await correct("absent")).toMatchObject({ status: "absent" });
    const log = await new AuditRepository(handle.db).forEntity("session", sessionId);
    expect(log.map((e) => e.details)).toEqual([
      { userId: a, from: null, to: "excused" },
      { userId: a, from: "excused", to: "present" },
      { userId: a, from: "present", to: "absent" },
    ]);
    expect(log[0]).toMatchObject({ action: "attendance.corrected", guild_id: term.guildId });
  });
});
