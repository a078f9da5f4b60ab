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
import { readsBefore } from "../testing/stale-reads.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { createRunningTerm, type RunningTerm } from "./running-term.fixture.ts";
import { SessionService } from "./session.service.ts";
import { type RunContext, SessionRunService } from "./session-run.service.ts";

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

  // Session 1's evening, run once: the agenda and correction tests build on it, and each may run
  // alone (Stryker runs only the tests that cover a mutant).
  let firstEvening: Promise<{ started: RunContext; ended: Awaited<ReturnType<SessionRunService["end"]>> }>;
  const runFirstEvening = () => {
    firstEvening ??= (async () => {
      const started = await runs().start(place(), mentor(), at(0));
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
      return { started, ended: await runs().end(place(), mentor(), at(130)) };
    })();
    return firstEvening;
  };

  it("counts voice minutes with re-joins and a restart, and marks present at the threshold", async () => {
    const { started, ended } = await runFirstEvening();
    expect(started.session.number).toBe(1);
    const [m1, m2, a, b] = people as [string, string, string, string];
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
    await runFirstEvening();
    const organiser = { userId: testSnowflake(), isOrganiser: true };
    const second = await runs().start(place(), organiser, at(24 * 60), { override: true });
    expect(second.session.number).toBe(2);
    for (let i = 1; i < second.session.agenda.length; i++)
      expect((await runs().next(place(), mentor())).run.agendaPosition).toBe(i);
    await expect(runs().next(place(), mentor())).rejects.toThrow(/last item/);
    await expect(runs().share(place(), mentor(), "   ", at(24 * 60))).rejects.toThrow(/share-back/);
    const shared = await runs().share(place(), mentor(), "We talked about feedback loops.", at(24 * 60 + 5));
    // The group's latest run takes it: session 2's, not session 1's, which ran first.
    expect(shared.session.number).toBe(2);
    expect(shared.run).toMatchObject({
      shareBack: "We talked about feedback loops.",
      shareBackBy: mentor().userId,
      shareBackAt: at(24 * 60 + 5),
    });
    expect((await runs().runsOf(guildId, shared.session.id))[0]!.shareBack).toBe(
      "We talked about feedback loops.",
    );
    expect((await runs().end(place(), mentor(), at(24 * 60 + 10))).isLast).toBe(true);
  });

  it("lets organisers correct a record, audited with what it was", async () => {
    await runFirstEvening();
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

describe(`starting, moving on and ending in a term world (${testDatabaseKind()})`, () => {
  const runs = (db = handle.db) => new SessionRunService(db);
  const organiser = { userId: testSnowflake(), isOrganiser: true };
  // Session n's day in Singapore (the world's zone) at the given UTC hour: 19:00 SGT is 11:00Z.
  const dayOf = (term: RunningTerm, n: number, hourUtc = 11) =>
    new Date(term.sessions[n - 1]!.startsAt.getTime() + (hourUtc - 11) * 3_600_000);
  const offDay = new Date("2030-09-10T11:00:00Z");
  const cancel = (term: RunningTerm, ...numbers: number[]) =>
    Promise.all(
      numbers.map((n) =>
        new SessionService(handle.db).cancel(term.guildId, term.sessions[n - 1]!.id, { userId: null }),
      ),
    );

  it("finds the session of the day in the cohort's time zone, from its first to its last moment", async () => {
    // 19:00 in Los Angeles is 02:00Z the next day: the UTC date is never the session's date.
    const term = await createRunningTerm(handle.db, { timeZone: "America/Los_Angeles" });
    const localDay = (iso: string) => runs().start(term.place(), term.mentor(), new Date(iso));
    await expect(localDay("2030-09-03T06:59:59.999Z")).rejects.toThrow(/no session today/);
    await expect(localDay("2030-09-04T07:00:00.000Z")).rejects.toThrow(/no session today/);
    expect((await localDay("2030-09-04T06:59:59.999Z")).session.number).toBe(1);
  });

  it("names the next session when there is none today, and says when none is left", async () => {
    const term = await createRunningTerm(handle.db);
    await cancel(term, 6);
    const next = term.sessions[1]!;
    await expect(runs().start(term.place(), term.mentor(), offDay)).rejects.toThrow(
      `the next is session 2 on <t:${next.startsAt.getTime() / 1000}:F>`,
    );
    // Session 6 was cancelled: its day has no session, and after session 5 none is left.
    await expect(runs().start(term.place(), term.mentor(), dayOf(term, 6))).rejects.toThrow(
      "There is no session today, and none is left in this cohort.",
    );
  });

  it("starts in the group's own channel, puts a published cohort to running, and audits start and end with the group", async () => {
    const term = await createRunningTerm(handle.db, { groups: 2 });
    const started = await runs().start(term.place(1), term.mentor(1), dayOf(term, 1));
    expect(started.group.name).toBe("Circle 2");
    expect((await new CohortService(handle.db).get(term.guildId, term.cohortId)).state).toBe("running");
    // The second group starts the same session in a cohort that is running now.
    expect((await runs().start(term.place(0), term.mentor(0), dayOf(term, 1))).group.name).toBe("Circle 1");
    await runs().end(term.place(1), term.mentor(1), dayOf(term, 1, 13));
    const log = await new AuditRepository(handle.db).forEntity("session", started.session.id);
    const group2 = { groupId: term.groups[1]!.id };
    expect(log.filter((e) => e.details?.groupId === group2.groupId)).toMatchObject([
      { action: "session.started", actor_user_id: term.mentor(1).userId, details: group2 },
      { action: "session.ended", actor_user_id: term.mentor(1).userId, details: group2 },
    ]);
  });

  it("refuses a second session while one is open, and a session that has ended", async () => {
    const term = await createRunningTerm(handle.db);
    await runs().start(term.place(), term.mentor(), dayOf(term, 1));
    await expect(runs().start(term.place(), term.mentor(), dayOf(term, 2))).rejects.toThrow(
      /another session open/,
    );
    await runs().end(term.place(), term.mentor(), dayOf(term, 1, 13));
    await expect(runs().start(term.place(), term.mentor(), dayOf(term, 1, 14))).rejects.toThrow(
      "Session 1 has ended for Circle 1 already.",
    );
    await expect(runs().next(term.place(), term.mentor())).rejects.toThrow(/No session is open/);
  });

  it("overrides the day in order, skipping cancelled sessions; the last is the last one scheduled", async () => {
    const term = await createRunningTerm(handle.db);
    await cancel(term, 6);
    const runNext = async () => {
      const started = await runs().start(term.place(), organiser, offDay, { override: true });
      const ended = await runs().end(term.place(), organiser, offDay);
      return { number: started.session.number, isLast: ended.isLast };
    };
    expect(await runNext()).toEqual({ number: 1, isLast: false });
    expect(await runNext()).toEqual({ number: 2, isLast: false });
    await cancel(term, 4, 5);
    expect(await runNext()).toEqual({ number: 3, isLast: true });
    await expect(runs().start(term.place(), organiser, offDay, { override: true })).rejects.toThrow(
      "Every session of this cohort has been run already.",
    );
  });

  it("ends a run whose session was cancelled meanwhile, with every other session cancelled too", async () => {
    const term = await createRunningTerm(handle.db);
    await runs().start(term.place(), term.mentor(), dayOf(term, 1));
    await cancel(term, 1, 2, 3, 4, 5, 6);
    expect((await runs().end(term.place(), term.mentor(), dayOf(term, 1, 13))).isLast).toBe(false);
  });

  it("authorises the group's mentors and organisers only, and no one through another community", async () => {
    const term = await createRunningTerm(handle.db);
    const other = await createRunningTerm(handle.db);
    await expect(runs().authorise(term.place(), term.mentor())).resolves.toBeUndefined();
    await expect(runs().authorise(term.place(), organiser)).resolves.toBeUndefined();
    await expect(
      runs().authorise(term.place(), { userId: term.groups[0]!.mentees[0]!, isOrganiser: false }),
    ).rejects.toThrow(/Your mentors lead the evening/);
    // This community's channel named with the other community's id is no group's channel.
    await expect(
      runs().authorise({ guildId: other.guildId, channelId: term.channels[0]!.text }, organiser),
    ).rejects.toThrow("Run `/session` in your group's own channel: this channel is not a group's.");
    const started = await runs().start(term.place(), term.mentor(), dayOf(term, 1));
    expect(await runs().runsOf(other.guildId, started.session.id)).toEqual([]);
    expect(await runs().runsOf(term.guildId, started.session.id)).toMatchObject([
      { groupId: term.groups[0]!.id, openedBy: term.mentor().userId },
    ]);
  });

  it("gives a checklist the open run's session, else the session of the day, never another day's", async () => {
    const term = await createRunningTerm(handle.db);
    const context = (now: Date) => runs().checklistContext(term.place(), term.mentor(), now);
    await expect(context(offDay)).rejects.toThrow(/no session today/);
    expect(await context(dayOf(term, 1))).toMatchObject({
      cohort: { id: term.cohortId },
      group: { id: term.groups[0]!.id },
      session: { number: 1 },
    });
    await runs().start(term.place(), term.mentor(), dayOf(term, 1));
    expect((await context(offDay)).session.number).toBe(1);
  });

  it("stores a share-back of up to 4000 characters on the run opened last, even after its end", async () => {
    const term = await createRunningTerm(handle.db);
    // Session 2 runs on its day; then an organiser runs the skipped session 1: it is the latest run.
    await runs().start(term.place(), term.mentor(), dayOf(term, 2));
    await runs().end(term.place(), term.mentor(), dayOf(term, 2, 12));
    const later = dayOf(term, 2, 11 + 48);
    await runs().start(term.place(), organiser, later, { override: true });
    await runs().end(term.place(), organiser, later);
    const share = (text: string) => runs().share(term.place(), term.mentor(), text, later);
    await expect(share("y".repeat(4001))).rejects.toThrow("share-back: must be 1 to 4000 characters");
    const shared = await share(` ${"y".repeat(4000)} `);
    expect(shared.session.number).toBe(1);
    expect((await runs().runsOf(term.guildId, term.sessions[0]!.id))[0]).toMatchObject({
      shareBack: "y".repeat(4000),
      shareBackBy: term.mentor().userId,
      shareBackAt: later,
    });
    expect((await runs().runsOf(term.guildId, term.sessions[1]!.id))[0]!.shareBack).toBeNull();
    const log = await new AuditRepository(handle.db).forEntity("session", term.sessions[0]!.id);
    expect(log.at(-1)).toMatchObject({
      action: "session.shared_back",
      details: { groupId: term.groups[0]!.id },
    });
  });

  it("refuses a share-back before any session has started", async () => {
    const term = await createRunningTerm(handle.db);
    await expect(runs().share(term.place(), term.mentor(), "Notes", dayOf(term, 1))).rejects.toThrow(
      "No session has started in this group yet; start one with `/session start`.",
    );
  });

  it("refuses what another request changed between the read and the write", async () => {
    const term = await createRunningTerm(handle.db);
    const groupId = term.groups[0]!.id;
    await runs().start(term.place(), term.mentor(), dayOf(term, 1));
    await runs().next(term.place(), term.mentor());
    // The read still saw the first item: another mentor's press moved the agenda on in between.
    const atFirstItem = handle.db.withPlugin(
      readsBefore("group_session_runs", (rows) => rows.map((r) => ({ ...r, agenda_position: 0 }))),
    );
    await expect(runs(atFirstItem).next(term.place(), term.mentor())).rejects.toThrow(
      "Someone moved the agenda on just now; look at the channel.",
    );
    // The open run as a slow `/session end` read it, before the other mentor's end.
    let asRead: Record<string, unknown>[] = [];
    await runs(handle.db.withPlugin(readsBefore("group_session_runs", (rows) => (asRead = rows)))).end(
      term.place(),
      term.mentor(),
      dayOf(term, 1, 13),
    );
    const stillOpen = handle.db.withPlugin(readsBefore("group_session_runs", () => asRead));
    await expect(runs(stillOpen).end(term.place(), term.mentor(), dayOf(term, 1, 13))).rejects.toThrow(
      "This session has ended already.",
    );
    // The cohort finished, or the group went, after the channel was looked up.
    const refusal = "This group's cohort is not running.";
    const finished = readsBefore("cohorts", (rows) => rows.map((r) => ({ ...r, state: "finished" })));
    const gone = readsBefore("cohorts", () => []);
    const groupGone = readsBefore("groups", (rows) => rows.filter((r) => r.id !== groupId));
    for (const plugin of [finished, gone, groupGone])
      await expect(runs(handle.db.withPlugin(plugin)).authorise(term.place(), organiser)).rejects.toThrow(
        refusal,
      );
  });
});
