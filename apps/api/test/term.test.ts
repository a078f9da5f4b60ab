import {
  AttendanceService,
  AuditRepository,
  CheckInService,
  FeedbackService,
  MemberService,
  ProvisioningService,
  SessionRunService,
  SessionService,
} from "@circles/core";
import { createTermWorld, type TermWorld, testDatabaseKind, testSnowflake } from "@circles/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { injectAs, type Person, startTestApi, TestClock } from "./helpers.ts";

// Session 1 of the world's cohort: Tuesday 3 September 2030, 19:00–21:30 in Singapore (11:00Z–13:30Z).
const SESSION_START = Date.parse("2030-09-03T11:00:00Z");
const at = (minutes: number) => new Date(SESSION_START + minutes * 60_000);
const DAY = 24 * 60 * 60_000;

let t: Awaited<ReturnType<typeof startTestApi>>;
let world: TermWorld;
let organiser: Person;
let sessionIds: string[];
let circle1: { id: string; mentors: string[]; mentees: string[] };

/**
 * Circle 1 runs session 1 (voice: its first mentor all evening, one mentee 40 minutes, another 10;
 * a share-back; three ratings), Circle 2 does not run it; after it, one buddy pair checks in.
 */
beforeAll(async () => {
  t = await startTestApi({ clock: new TestClock(SESSION_START + 2 * DAY) });
  const db = t.database.db;
  world = await createTermWorld(db, { groups: 2 });
  organiser = { userId: testSnowflake(), name: "Mei Ling", organises: [world.guildId] };
  await new MemberService(db).ensureInCommunity(world.guildId, {
    userId: organiser.userId,
    displayName: organiser.name,
  });
  circle1 = world.groups[0]!;
  const [text, voice] = [testSnowflake(), testSnowflake()];
  const provisioning = new ProvisioningService(db);
  await provisioning.made(world.guildId, world.cohortId, "text", `text:${circle1.id}`, text);
  await provisioning.made(world.guildId, world.cohortId, "voice", `voice:${circle1.id}`, voice);
  sessionIds = (await new SessionService(db).list(world.guildId, world.cohortId)).map((s) => s.id);

  const [m1] = circle1.mentors as [string, string];
  const [a, b] = circle1.mentees as [string, string, string];
  const place = { guildId: world.guildId, channelId: text };
  const mentor = { userId: m1, isOrganiser: false };
  const runs = new SessionRunService(db);
  const attendance = new AttendanceService(db);
  await runs.start(place, mentor, at(0));
  for (const who of [m1, a, b]) await attendance.voiceChanged(world.guildId, who, voice, at(0));
  await attendance.voiceChanged(world.guildId, b, null, at(10));
  await attendance.voiceChanged(world.guildId, a, null, at(40));
  await runs.share(place, mentor, "We talked about negotiating a first salary.", at(120));
  await runs.end(place, mentor, at(150));
  const feedback = new FeedbackService(db);
  await feedback.rate(world.guildId, sessionIds[0]!, a, 5);
  await feedback.comment(world.guildId, sessionIds[0]!, a, "The talk was great.");
  await feedback.rate(world.guildId, sessionIds[0]!, b, 3);
  await feedback.rate(world.guildId, sessionIds[0]!, m1, 4);
  await new CheckInService(db, () => at(DAY / 60_000)).log(world.guildId, a, m1, "Coffee after work.");
});
afterAll(() => t.close());

const call = (method: "GET" | "PUT", path: string, payload?: object) =>
  injectAs(t.api, t.clock, organiser, {
    method,
    url: `/api/communities/${world.guildId}${path}`,
    ...(payload ? { payload } : {}),
  });

describe(`the term's views for the Sessions page (${testDatabaseKind()})`, () => {
  it("gives each session's attendance in all and per group, its feedback and its share-backs", async () => {
    const response = await call("GET", `/cohorts/${world.cohortId}/term`);
    expect(response.statusCode).toBe(200);
    const [first, second, ...rest] = response.json();
    expect(rest).toHaveLength(4);
    expect(first).toMatchObject({
      session: { id: sessionIds[0], number: 1, startsAt: at(0).toISOString(), status: "scheduled" },
      attendance: { present: 2, absent: 3, excused: 0, unrecorded: 5 },
      groups: [
        { groupId: circle1.id, name: "Circle 1", present: 2, absent: 3, excused: 0, unrecorded: 0 },
        { name: "Circle 2", present: 0, absent: 0, excused: 0, unrecorded: 5 },
      ],
      feedback: { responses: 3, counts: [0, 0, 1, 1, 1], average: 4 },
      shareBacks: 1,
    });
    expect(second).toMatchObject({
      session: { number: 2 },
      attendance: { present: 0, absent: 0, excused: 0, unrecorded: 10 },
      feedback: { responses: 0, counts: [0, 0, 0, 0, 0], average: null },
      shareBacks: 0,
    });
  });

  it("shows one session: share-backs, each member's attendance and minutes, ratings and comments without their authors", async () => {
    const response = await call("GET", `/sessions/${sessionIds[0]}/details`);
    expect(response.statusCode).toBe(200);
    const detail = response.json();
    const [m1, m2] = circle1.mentors;
    const [a, b, c] = circle1.mentees;
    expect(detail.shareBacks).toEqual([
      {
        groupId: circle1.id,
        groupName: "Circle 1",
        text: "We talked about negotiating a first salary.",
        byUserId: m1,
        byName: "Member 1",
        at: at(120).toISOString(),
      },
    ]);
    const circle = detail.groups[0];
    const byUser = Object.fromEntries(
      circle.members.map((m: { userId: string; status: string; minutesPresent: number; role: string }) => [
        m.userId,
        [m.role, m.status, m.minutesPresent],
      ]),
    );
    expect(byUser).toEqual({
      [m1!]: ["mentor", "present", 150],
      [m2!]: ["mentor", "absent", 0],
      [a!]: ["mentee", "present", 40],
      [b!]: ["mentee", "absent", 10],
      [c!]: ["mentee", "absent", 0],
    });
    expect(detail.groups[1].members.map((m: { status: string | null }) => m.status)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(detail.attendance).toEqual({ present: 2, absent: 3, excused: 0, unrecorded: 5 });
    expect(detail.feedback).toEqual({
      responses: 3,
      counts: [0, 0, 1, 1, 1],
      average: 4,
      comments: [{ rating: 5, comment: "The talk was great." }],
    });
  });

  it("lists the buddy pairs with no check-in since the last session ended, and none before the first", async () => {
    const response = await call("GET", `/cohorts/${world.cohortId}/check-ins/overdue`);
    expect(response.statusCode).toBe(200);
    const overdue = response.json();
    expect(overdue.since).toEqual({ sessionId: sessionIds[0], number: 1, endedAt: at(150).toISOString() });
    const pairs = overdue.pairs.map((p: { mentorUserId: string; menteeUserId: string }) => [
      p.mentorUserId,
      p.menteeUserId,
    ]);
    const [m1, m2] = circle1.mentors;
    const [a, b, c] = circle1.mentees;
    // Circle 1's first pair checked in the day after; Circle 2's three pairs never did.
    expect(pairs).toHaveLength(5);
    expect(pairs).not.toContainEqual([m1, a]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        [m2, b],
        [m1, c],
      ]),
    );
    expect(overdue.pairs[0]).toMatchObject({ groupName: "Circle 1", mentorName: expect.any(String) });

    const clock = t.clock.ms;
    t.clock.ms = at(149).getTime();
    try {
      expect((await call("GET", `/cohorts/${world.cohortId}/check-ins/overdue`)).json()).toEqual({
        since: null,
        pairs: [],
      });
    } finally {
      t.clock.ms = clock;
    }
  });

  it("lets an organiser correct one record (audited with what it was), kept over voice counting", async () => {
    const b = circle1.mentees[1]!;
    const corrected = await call("PUT", `/sessions/${sessionIds[0]}/attendance/${b}`, { status: "excused" });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json()).toEqual({ userId: b, status: "excused", source: "manual", minutesPresent: 10 });
    const audit = await new AuditRepository(t.database.db).list(world.guildId, {
      action: "attendance.corrected",
      limit: 5,
    });
    expect(audit.map((e) => [e.actorUserId, e.entityId, e.details])).toEqual([
      [organiser.userId, sessionIds[0], { userId: b, from: "absent", to: "excused" }],
    ]);
    const detail = (await call("GET", `/sessions/${sessionIds[0]}/details`)).json();
    expect(detail.attendance).toMatchObject({ absent: 2, excused: 1 });
    // A member of a group that did not run the session may be recorded too.
    const circle2Mentee = world.groups[1]!.mentees[0]!;
    expect(
      (
        await call("PUT", `/sessions/${sessionIds[0]}/attendance/${circle2Mentee}`, { status: "present" })
      ).json(),
    ).toMatchObject({ status: "present", source: "manual", minutesPresent: 0 });
  });

  it("answers 400 naming each bad field, and 404 for a session, cohort or person not in this term", async () => {
    const fields = async (response: Awaited<ReturnType<typeof call>>) => {
      expect(response.statusCode).toBe(400);
      return response
        .json()
        .problems.map((p: { field: string }) => p.field)
        .sort();
    };
    const b = circle1.mentees[1]!;
    const url = `/sessions/${sessionIds[0]}/attendance/${b}`;
    expect(await fields(await call("PUT", url, { status: "late", x: 1 }))).toEqual(["status", "x"]);
    expect(await fields(await call("PUT", url, {}))).toEqual(["status"]);
    // The path is checked first: its bad parts are named before the body is read.
    expect(await fields(await call("PUT", "/sessions/nope/attendance/12", { status: "present" }))).toEqual([
      "sessionId",
      "userId",
    ]);
    expect(await fields(await call("GET", "/cohorts/nope/term"))).toEqual(["cohortId"]);
    expect(await fields(await call("GET", "/sessions/nope/details"))).toEqual(["sessionId"]);
    const missing = "00000000-0000-4000-8000-000000000000";
    const before = await new AuditRepository(t.database.db).list(world.guildId, { limit: 100 });
    for (const response of [
      await call("GET", `/cohorts/${missing}/term`),
      await call("GET", `/cohorts/${missing}/check-ins/overdue`),
      await call("GET", `/sessions/${missing}/details`),
      await call("PUT", `/sessions/${missing}/attendance/${b}`, { status: "present" }),
      // Someone of this community who is in none of the cohort's groups.
      await call("PUT", `/sessions/${sessionIds[0]}/attendance/${world.outsider}`, { status: "present" }),
    ])
      expect(response.statusCode).toBe(404);
    expect(await new AuditRepository(t.database.db).list(world.guildId, { limit: 100 })).toEqual(before);
  });
});
