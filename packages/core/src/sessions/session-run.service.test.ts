import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TermRepository } from "../announcements/term.repository.ts";
import { TermNoticeService } from "../announcements/term-notice.service.ts";
import { AttendanceService } from "../attendance/attendance.service.ts";
import { AuditRepository } from "../audit/audit.repository.ts";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { ConflictError, ForbiddenError } from "../errors.ts";
import { FeedbackService } from "../feedback/feedback.service.ts";
import { GroupRepository } from "../groups/group.repository.ts";
import { ProvisioningRepository } from "../provisioning/provisioning.repository.ts";
import { createTestCommunity, testSnowflake } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { SessionService } from "./session.service.ts";
import { SessionRunService } from "./session-run.service.ts";

let handle: DatabaseHandle;
let guildId: string;
let cohortId: string;
let people: string[];
const text = testSnowflake();
const voice = testSnowflake();
const otherText = testSnowflake();
const place = () => ({ guildId, channelId: text });
// Session 1: Tuesday 30 March 2027, 19:00–22:00 London time (18:00Z–21:00Z).
const sessionDay = new Date("2027-03-30T18:00:00Z");
const at = (minutes: number) => new Date(sessionDay.getTime() + minutes * 60_000);

beforeAll(async () => {
  handle = await createTestDatabase();
  const community = await createTestCommunity(handle.db, 7, "Europe/London");
  guildId = community.guildId;
  people = community.memberIds;
  const cohorts = new CohortService(handle.db);
  const actor = { userId: null };
  const cohort = await cohorts.create(guildId, { name: "Spring 2027" }, actor, {
    count: 2,
    everyWeeks: 3,
    weekday: 2,
    firstDate: "2027-03-30",
    startTime: "19:00",
    endTime: "22:00",
  });
  cohortId = cohort.id;
  for (const state of ["applications_open", "matching", "published"] as const)
    await cohorts.changeState(guildId, cohortId, state, actor);
  const [m1, m2, a, b, c, d, e] = people as [string, string, string, string, string, string, string];
  const groups = new GroupRepository(handle.db);
  await groups.replaceAll(guildId, cohortId, [
    {
      name: "Group 1",
      kind: "mixed",
      mentors: [m1, m2],
      mentees: [a, b, c],
      buddies: { [a]: m1, [b]: m2, [c]: m1 },
    },
    { name: "Group 2", kind: "mixed", mentors: [d], mentees: [e], buddies: { [e]: d } },
  ]);
  const [g1, g2] = await groups.listForCohort(guildId, cohortId);
  const provisioning = new ProvisioningRepository(handle.db);
  await provisioning.made(guildId, cohortId, "text", `text:${g1!.id}`, text);
  await provisioning.made(guildId, cohortId, "voice", `voice:${g1!.id}`, voice);
  await provisioning.made(guildId, cohortId, "text", `text:${g2!.id}`, otherText);
});
afterAll(() => handle.close());

describe(`a group's evening (${testDatabaseKind()})`, () => {
  const runs = () => new SessionRunService(handle.db);
  const mentor = () => ({ userId: people[0]!, isOrganiser: false });

  it("refuses a mentee, a mentor of another group, another day and a channel that is no group's", async () => {
    await expect(runs().start(place(), { userId: people[2]!, isOrganiser: false }, at(0))).rejects.toThrow(
      /Your mentors lead the evening/,
    );
    await expect(runs().start(place(), { userId: people[5]!, isOrganiser: false }, at(0))).rejects.toThrow(
      /Only Group 1's mentors/,
    );
    await expect(runs().start(place(), mentor(), at(-24 * 60))).rejects.toThrow(/no session today/);
    await expect(
      runs().start({ guildId, channelId: testSnowflake() }, mentor(), at(0)),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(runs().start(place(), mentor(), at(-24 * 60), { override: true })).rejects.toThrow(
      /Only organisers/,
    );
  });

  it("counts voice minutes with re-joins and a restart, and marks present at the threshold", async () => {
    const started = await runs().start(place(), mentor(), at(0));
    expect(started.session.number).toBe(1);
    await expect(runs().start(place(), mentor(), at(1))).rejects.toThrow(/running already/);
    const attendance = new AttendanceService(handle.db);
    const [m1, m2, a, b] = people as [string, string, string, string];
    // m1 was in the room before the start; a joins, leaves after 20 min, re-joins for 15 (35 in all).
    await attendance.reconcile(guildId, new Map([[m1, voice]]), at(0));
    await attendance.voiceChanged(guildId, a, voice, at(5));
    await attendance.voiceChanged(guildId, a, null, at(25));
    await attendance.voiceChanged(guildId, a, voice, at(40));
    await attendance.voiceChanged(guildId, a, null, at(55));
    // b stays 29 minutes: one short of the threshold.
    await attendance.voiceChanged(guildId, b, voice, at(10));
    await attendance.voiceChanged(guildId, b, null, at(39));
    // m2 joins; the bot restarts; the reconnect's voice states still list m1 and m2: nothing is lost.
    await attendance.voiceChanged(guildId, m2, voice, at(100));
    await attendance.reconcile(
      guildId,
      new Map([
        [m1, voice],
        [m2, voice],
      ]),
      at(120),
    );
    const ended = await runs().end(place(), mentor(), at(130));
    const byUser = new Map(ended.attendance.map((e) => [e.userId, e]));
    expect(byUser.get(m1)).toMatchObject({ status: "present", minutesPresent: 130 });
    expect(byUser.get(a)).toMatchObject({ status: "present", minutesPresent: 35 });
    expect(byUser.get(b)).toMatchObject({ status: "absent", minutesPresent: 29 });
    expect(byUser.get(m2)).toMatchObject({ status: "present", minutesPresent: 30 });
    expect(byUser.get(people[4]!)).toMatchObject({ status: "absent", minutesPresent: 0 });
    expect(ended.isLast).toBe(false);
    await expect(runs().end(place(), mentor(), at(131))).rejects.toBeInstanceOf(ConflictError);
  });

  it("walks the agenda, stores a share-back, and refuses a step past the last item", async () => {
    const organiser = { userId: testSnowflake(), isOrganiser: true };
    const second = await runs().start(place(), organiser, at(24 * 60), { override: true });
    expect(second.session.number).toBe(2);
    for (let i = 1; i < second.session.agenda.length; i++)
      expect((await runs().next(place(), mentor())).run.agendaPosition).toBe(i);
    await expect(runs().next(place(), mentor())).rejects.toThrow(/last item/);
    await expect(runs().share(place(), mentor(), "   ", at(24 * 60))).rejects.toThrow(/share-back/);
    const shared = await runs().share(place(), mentor(), "We talked about feedback loops.", at(24 * 60 + 5));
    expect((await runs().runsOf(guildId, shared.session.id))[0]!.shareBack).toBe(
      "We talked about feedback loops.",
    );
    expect((await runs().end(place(), mentor(), at(24 * 60 + 10))).isLast).toBe(true);
  });

  it("lets organisers correct a record, audited with what it was", async () => {
    const sessions = await new SessionService(handle.db).list(guildId, cohortId);
    const attendance = new AttendanceService(handle.db);
    await expect(
      attendance.correct(guildId, sessions[0]!.id, people[3]!, "present", {
        userId: people[0]!,
        isOrganiser: false,
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const fixed = await attendance.correct(guildId, sessions[0]!.id, people[3]!, "excused", {
      userId: people[6]!,
      isOrganiser: true,
    });
    expect(fixed).toMatchObject({ status: "excused", source: "manual", minutesPresent: 29 });
    const log = await new AuditRepository(handle.db).forEntity("session", sessions[0]!.id);
    expect(log.at(-1)).toMatchObject({
      action: "attendance.corrected",
      details: { from: "absent", to: "excused" },
    });
  });

  it("stores ratings and comments of members only, and finishes the cohort after its last session", async () => {
    const sessions = await new SessionService(handle.db).list(guildId, cohortId);
    const feedback = new FeedbackService(handle.db);
    await expect(feedback.comment(guildId, sessions[0]!.id, people[2]!, "great")).rejects.toThrow(/rating/);
    await feedback.rate(guildId, sessions[0]!.id, people[2]!, 4);
    await feedback.comment(guildId, sessions[0]!.id, people[2]!, "great");
    await expect(feedback.rate(guildId, sessions[0]!.id, people[2]!, 6)).rejects.toThrow(/rating/);
    await expect(feedback.rate(guildId, sessions[0]!.id, testSnowflake(), 3)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(await feedback.forSession(guildId, sessions[0]!.id)).toEqual([
      { sessionId: sessions[0]!.id, userId: people[2]!, rating: 4, comment: "great" },
    ]);
    const terms = new TermNoticeService(handle.db);
    const last = sessions.at(-1)!;
    expect(await terms.finishIfOver(guildId, cohortId, new Date(last.endsAt.getTime() - 1))).toBe(false);
    expect(await terms.finishIfOver(guildId, cohortId, last.endsAt)).toBe(true);
    expect((await new CohortService(handle.db).get(guildId, cohortId)).state).toBe("finished");
  });

  it("bumps a session's version when its time or theme changes, not when its agenda does", async () => {
    const { guildId: g } = await createTestCommunity(handle.db, 0);
    const cohort = await new CohortService(handle.db).create(
      g,
      { name: "V" },
      { userId: null },
      {
        count: 1,
        everyWeeks: 1,
        weekday: 2,
        firstDate: "2027-03-30",
        startTime: "19:00",
        endTime: "22:00",
      },
    );
    const service = new SessionService(handle.db);
    const [s] = await service.list(g, cohort.id);
    const version = async () =>
      (await new TermRepository(handle.db).sessionVersions(g, cohort.id)).get(s!.id);
    expect(await version()).toBe(1);
    await service.edit(g, s!.id, { theme: "Careers" }, { userId: null });
    expect(await version()).toBe(2);
    await service.edit(g, s!.id, { discussionPrompts: ["Why?"] }, { userId: null });
    expect(await version()).toBe(2);
    await service.move(g, s!.id, { startTime: "18:30" }, { userId: null });
    expect(await version()).toBe(3);
  });
});
