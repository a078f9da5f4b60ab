import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttendanceRepository } from "../attendance/attendance.repository.ts";
import { AttendanceService } from "../attendance/attendance.service.ts";
import { AuditRepository } from "../audit/audit.repository.ts";
import { CheckInService } from "../check-ins/check-in.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { NotFoundError } from "../errors.ts";
import { FeedbackService } from "../feedback/feedback.service.ts";
import { MemberService } from "../members/member.service.ts";
import { PersonalDataService } from "../personal-data/personal-data.service.ts";
import { createRunningTerm } from "../sessions/running-term.fixture.ts";
import { SessionService } from "../sessions/session.service.ts";
import { SessionRunService } from "../sessions/session-run.service.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { TermViewService } from "./term-view.service.ts";

let handle: DatabaseHandle;
const clock = () => new Date("2030-09-12T00:00:00Z");

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

// Session 1 of a running term: Tuesday 3 September 2030, 19:00–21:30 in Singapore (11:00Z–13:30Z);
// sessions every 3 weeks.
const SESSION_ONE = Date.parse("2030-09-03T11:00:00Z");
const at = (minutes: number) => new Date(SESSION_ONE + minutes * 60_000);
const organiser = { userId: "300000000000000001" };

describe(`one session's page, overdue check-ins and corrections (${testDatabaseKind()})`, () => {
  it("shows each group's share-back by group name, each member's record and whole minutes, comments without authors", async () => {
    const term = await createRunningTerm(handle.db, { groups: 3 });
    await new MemberService(handle.db).ensureInCommunity(term.guildId, {
      userId: organiser.userId,
      displayName: "Mei Ling",
    });
    const [m1, m2] = term.groups[0]!.mentors as [string, string];
    const [a, b, c] = term.groups[0]!.mentees as [string, string, string];
    const [n1, n2] = term.groups[1]!.mentors as [string, string];
    const runs = new SessionRunService(handle.db);
    const attendance = new AttendanceService(handle.db);
    const sessionId = term.sessions[0]!.id;
    // Circle 2 opens and shares first; its mentor is erased afterwards.
    const circle2Mentor = { userId: n2, isOrganiser: false };
    await runs.start(term.place(1), circle2Mentor, at(0));
    await runs.share(term.place(1), circle2Mentor, "Circle 2 on portfolios.", at(20));
    await runs.start(term.place(0), term.mentor(0), at(1));
    for (const who of [m1, a, b])
      await attendance.voiceChanged(term.guildId, who, term.channels[0]!.voice, at(1));
    await attendance.voiceChanged(term.guildId, b, null, at(11));
    // 40 minutes and 59 seconds: 40 whole minutes.
    await attendance.voiceChanged(term.guildId, a, null, new Date(at(41).getTime() + 59_000));
    // An organiser, in none of the groups, writes Circle 1's share-back; Circle 3 shares none.
    await runs.share(term.place(0), { ...organiser, isOrganiser: true }, "Circle 1 on salaries.", at(120));
    await runs.start(term.place(2), term.mentor(2), at(2));
    await runs.end(term.place(0), term.mentor(0), at(151));
    const feedback = new FeedbackService(handle.db);
    await feedback.rate(term.guildId, sessionId, a, 5);
    await feedback.comment(term.guildId, sessionId, a, "The talk was great.");
    await feedback.rate(term.guildId, sessionId, b, 2);
    await feedback.rate(term.guildId, sessionId, m1, 4);
    await new PersonalDataService(handle.db, clock).erase(term.guildId, n2);

    const detail = await new TermViewService(handle.db, clock).session(term.guildId, sessionId);
    expect(detail.session.id).toBe(sessionId);
    expect(detail.shareBacks).toEqual([
      {
        groupId: term.groups[0]!.id,
        groupName: "Circle 1",
        text: "Circle 1 on salaries.",
        byUserId: organiser.userId,
        byName: "Mei Ling",
        at: at(120),
      },
      {
        groupId: term.groups[1]!.id,
        groupName: "Circle 2",
        text: "Circle 2 on portfolios.",
        byUserId: null,
        byName: null,
        at: at(20),
      },
    ]);
    expect(detail.groups.map((g) => [g.groupId, g.name])).toEqual([
      [term.groups[0]!.id, "Circle 1"],
      [term.groups[1]!.id, "Circle 2"],
      [term.groups[2]!.id, "Circle 3"],
    ]);
    expect(detail.groups[0]!.members).toEqual([
      {
        userId: m1,
        displayName: "Member 1",
        role: "mentor",
        status: "present",
        source: "voice",
        minutesPresent: 150,
      },
      {
        userId: m2,
        displayName: "Member 2",
        role: "mentor",
        status: "absent",
        source: "voice",
        minutesPresent: 0,
      },
      {
        userId: a,
        displayName: "Member 3",
        role: "mentee",
        status: "present",
        source: "voice",
        minutesPresent: 40,
      },
      {
        userId: b,
        displayName: "Member 4",
        role: "mentee",
        status: "absent",
        source: "voice",
        minutesPresent: 10,
      },
      {
        userId: c,
        displayName: "Member 5",
        role: "mentee",
        status: "absent",
        source: "voice",
        minutesPresent: 0,
      },
    ]);
    // Circle 2's evening is still open: no records yet; its erased mentor is gone from it.
    expect(
      detail.groups[1]!.members.map((m) => [m.userId, m.role, m.status, m.source, m.minutesPresent]),
    ).toEqual([
      [n1, "mentor", null, null, 0],
      ...term.groups[1]!.mentees.map((id) => [id, "mentee", null, null, 0]),
    ]);
    expect(detail.attendance).toEqual({ present: 2, absent: 3, excused: 0, unrecorded: 9 });
    expect(detail.feedback).toEqual({
      responses: 3,
      counts: [0, 1, 0, 1, 1],
      average: 3.67,
      comments: [{ rating: 5, comment: "The talk was great." }],
    });

    // The cohort's overview counts the same ratings, and the share-backs written (not the runs).
    const view = new TermViewService(handle.db, clock);
    const [first] = await view.overview(term.guildId, term.cohortId);
    expect([first!.session.id, first!.shareBacks, first!.feedback]).toEqual([
      sessionId,
      2,
      { responses: 3, counts: [0, 1, 0, 1, 1], average: 3.67 },
    ]);

    // Another community's session is not found here, nor this one there.
    const other = await createRunningTerm(handle.db);
    const notFound = (id: string) => new RegExp(`^No session ${id} here\\.$`);
    await expect(view.session(term.guildId, other.sessions[0]!.id)).rejects.toThrow(
      notFound(other.sessions[0]!.id),
    );
    await expect(view.session(other.guildId, sessionId)).rejects.toThrow(notFound(sessionId));
  });

  it("counts check-ins from the end of the last scheduled session that has ended, by the clock", async () => {
    const term = await createRunningTerm(handle.db);
    const [m1, m2] = term.groups[0]!.mentors as [string, string];
    const [a, b, c] = term.groups[0]!.mentees as [string, string, string];
    const end = (session: number) => term.sessions[session - 1]!.endsAt;
    const checkIn = (when: Date, mentee: string, mentor: string) =>
      new CheckInService(handle.db, () => when).log(term.guildId, mentee, mentor, null);
    // a checked in just before session 1 ended, b at its end; c never.
    await checkIn(new Date(end(1).getTime() - 60_000), a, m1);
    await checkIn(end(1), b, m2);
    const overdue = (now: Date) =>
      new TermViewService(handle.db, () => now).overdueCheckIns(term.guildId, term.cohortId);

    expect(await overdue(new Date(end(1).getTime() - 1))).toEqual({ since: null, pairs: [] });
    expect(await overdue(end(1))).toEqual({
      since: { sessionId: term.sessions[0]!.id, number: 1, endedAt: end(1) },
      pairs: [a, c].map((mentee) => ({
        groupId: term.groups[0]!.id,
        groupName: "Circle 1",
        mentorUserId: m1,
        mentorName: "Member 1",
        menteeUserId: mentee,
        menteeName: mentee === a ? "Member 3" : "Member 5",
      })),
    });
    // Session 2 is cancelled: after its end, session 1 is still the last; after session 4, session 4.
    await new SessionService(handle.db).cancel(term.guildId, term.sessions[1]!.id, organiser);
    expect((await overdue(new Date(end(2).getTime() + 60_000))).since?.number).toBe(1);
    expect((await overdue(new Date(end(4).getTime() + 60_000))).since?.number).toBe(4);

    // Given no clock, the real one: now is before the term's first session (in 2030).
    expect(await new TermViewService(handle.db).overdueCheckIns(term.guildId, term.cohortId)).toEqual({
      since: null,
      pairs: [],
    });
    // Another community's cohort is not found here.
    const other = await createRunningTerm(handle.db);
    await expect(
      new TermViewService(handle.db, () => end(1)).overdueCheckIns(other.guildId, term.cohortId),
    ).rejects.toThrow(NotFoundError);
  });

  it("corrects the record of someone in the session's groups or recorded in it, audited as the organiser's; no one else", async () => {
    const term = await createRunningTerm(handle.db, { groups: 2 });
    const other = await createRunningTerm(handle.db);
    const sessionId = term.sessions[0]!.id;
    const [a] = term.groups[0]!.mentees as [string];
    const view = new TermViewService(handle.db, clock);
    const correct = (guildId: string, session: string, userId: string) =>
      view.correctAttendance(guildId, session, userId, "excused", organiser.userId);

    // In the group, with no record yet.
    expect(await correct(term.guildId, sessionId, a)).toMatchObject({
      userId: a,
      status: "excused",
      source: "manual",
    });
    // Recorded, though in none of its groups (someone who has left since).
    await new AttendanceRepository(handle.db).setStatus(
      term.guildId,
      sessionId,
      term.outsider,
      "absent",
      "voice",
    );
    expect(await correct(term.guildId, sessionId, term.outsider)).toMatchObject({
      status: "excused",
      source: "manual",
    });
    const audit = await new AuditRepository(handle.db).list(term.guildId, {
      action: "attendance.corrected",
      limit: 5,
    });
    expect(audit.map((e) => [e.actorUserId, e.entityId, e.details])).toEqual([
      [organiser.userId, sessionId, { userId: term.outsider, from: "absent", to: "excused" }],
      [organiser.userId, sessionId, { userId: a, from: null, to: "excused" }],
    ]);

    // Neither in its groups nor recorded: another community's mentee, here or with their own session.
    const theirs = other.groups[0]!.mentees[0]!;
    await expect(correct(term.guildId, sessionId, theirs)).rejects.toThrow(
      /No member .* in this session's groups/,
    );
    await expect(correct(term.guildId, other.sessions[0]!.id, theirs)).rejects.toThrow(/No session/);
    expect(await new AttendanceRepository(handle.db).list(term.guildId, sessionId, [theirs])).toEqual([]);
    expect(await new AttendanceRepository(handle.db).list(other.guildId, other.sessions[0]!.id)).toEqual([]);
    expect(
      await new AuditRepository(handle.db).list(term.guildId, { action: "attendance.corrected", limit: 5 }),
    ).toHaveLength(2);
  });
});
