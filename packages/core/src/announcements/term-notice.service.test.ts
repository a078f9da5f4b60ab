import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditRepository } from "../audit/audit.repository.ts";
import { CohortService } from "../cohorts/cohort.service.ts";
import { CommunityRepository } from "../communities/community.repository.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { DeliveryRepository } from "../deliveries/delivery.repository.ts";
import { ProgramEventService } from "../events/program-event.service.ts";
import { GroupRepository } from "../groups/group.repository.ts";
import { ProvisioningRepository } from "../provisioning/provisioning.repository.ts";
import { SessionService } from "../sessions/session.service.ts";
import { testSnowflake, twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { TermRepository } from "./term.repository.ts";
import { TermNoticeService } from "./term-notice.service.ts";

let handle: DatabaseHandle;
let terms: TermNoticeService;
const actor = { userId: null };

beforeAll(async () => {
  handle = await createTestDatabase();
  terms = new TermNoticeService(handle.db);
});
afterAll(() => handle.close());

// Two sessions, Tuesdays 3 and 24 September 2030, 19:00–21:30 London summer time (18:00Z–20:30Z);
// the default notices: a week and a day before, and each group's reminder an hour before.
const S1 = new Date("2030-09-03T18:00:00Z");
const S2 = new Date("2030-09-24T18:00:00Z");
const S2_END = new Date("2030-09-24T20:30:00Z");
const minutesBefore = (at: Date, minutes: number) => new Date(at.getTime() - minutes * 60_000);

/**
 * A cohort of two sessions in London, taken to `state`, with two groups of which only the first has
 * a text channel; the community posts in an announcement channel. A second, empty community beside.
 */
async function term(state: "draft" | "published" | "running" = "published") {
  const community = await twoCommunities(handle.db, 4, "Europe/London");
  const { guildId } = community;
  const announcementChannelId = testSnowflake();
  await new CommunityRepository(handle.db).updateSettings(guildId, { announcementChannelId });
  const cohorts = new CohortService(handle.db);
  const cohort = await cohorts.create(guildId, { name: "Autumn 2030" }, actor, {
    count: 2,
    everyWeeks: 3,
    weekday: 2,
    firstDate: "2030-09-03",
    startTime: "19:00",
    endTime: "21:30",
  });
  const cohortId = cohort.id;
  if (state !== "draft")
    for (const next of ["applications_open", "matching", "published"] as const)
      await cohorts.changeState(guildId, cohortId, next, actor);
  if (state === "running") await cohorts.changeState(guildId, cohortId, "running", actor);
  const [m1, a, m2, b] = community.memberIds as [string, string, string, string];
  const groupRepo = new GroupRepository(handle.db);
  await groupRepo.replaceAll(guildId, cohortId, [
    { name: "Group 1", kind: "mixed", mentors: [m1], mentees: [a], buddies: { [a]: m1 } },
    { name: "Group 2", kind: "mixed", mentors: [m2], mentees: [b], buddies: { [b]: m2 } },
  ]);
  const [g1, g2] = (await groupRepo.listForCohort(guildId, cohortId)).map(({ id }) => ({ id })) as [
    { id: string },
    { id: string },
  ];
  const textChannelId = testSnowflake();
  await new ProvisioningRepository(handle.db).made(guildId, cohortId, "text", `text:${g1.id}`, textChannelId);
  const [s1, s2] = (await new SessionService(handle.db).list(guildId, cohortId)).map(({ id }) => ({
    id,
  })) as [{ id: string }, { id: string }];
  const ours = <J extends { guildId: string }>(jobs: J[]) => jobs.filter((j) => j.guildId === guildId);
  const jobs = async (now: Date, horizonMs = 0, guildIds?: string[]) =>
    ours(await terms.jobsDue(now, horizonMs, guildIds));
  const finish = {
    kind: "finish",
    key: `finish:${cohortId}:${S2_END.getTime()}`,
    guildId,
    cohortId,
    dueAt: S2_END,
  };
  const on = { guildId, cohortId };
  return { ...community, announcementChannelId, cohortId, g1, g2, textChannelId, s1, s2, jobs, finish, on };
}

describe(`the term's jobs (${testDatabaseKind()})`, () => {
  it("plans an announcement when it falls due within the horizon, and the cohort's finish always", async () => {
    const t = await term();
    const weekBefore = minutesBefore(S1, 10080);
    const announce = {
      kind: "announcement",
      key: `announce:${t.s1.id}:10080:${S1.getTime()}`,
      sessionId: t.s1.id,
      startsAt: S1,
      dueAt: weekBefore,
      offsetMinutes: 10080,
      ...t.on,
    };
    const early = new Date(weekBefore.getTime() - 1);
    expect(await t.jobs(early)).toEqual([t.finish]);
    expect(await t.jobs(early, 1)).toEqual([announce, t.finish]);
    expect(await t.jobs(weekBefore)).toEqual([announce, t.finish]);
    // A day later, with a horizon reaching the day-before notice (24 hours before the start).
    expect(await t.jobs(new Date(weekBefore.getTime() + 86_400_000), 5 * 86_400_000)).toEqual([
      { ...announce, dueAt: weekBefore },
      {
        ...announce,
        key: `announce:${t.s1.id}:1440:${S1.getTime()}`,
        dueAt: minutesBefore(S1, 1440),
        offsetMinutes: 1440,
      },
      t.finish,
    ]);
  });

  it("reminds only groups with a text channel, when the reminder is due", async () => {
    const t = await term("running");
    const reminderAt = minutesBefore(S1, 60);
    expect(await t.jobs(reminderAt)).toEqual([
      {
        kind: "announcement",
        key: `announce:${t.s1.id}:1440:${S1.getTime()}`,
        sessionId: t.s1.id,
        startsAt: S1,
        dueAt: minutesBefore(S1, 1440),
        offsetMinutes: 1440,
        ...t.on,
      },
      {
        kind: "reminder",
        key: `remind:${t.s1.id}:${t.g1.id}:${S1.getTime()}`,
        sessionId: t.s1.id,
        startsAt: S1,
        dueAt: reminderAt,
        groupId: t.g1.id,
        ...t.on,
      },
      t.finish,
    ]);
  });

  it("leaves out what was claimed already, and asks for the cohorts of the communities given", async () => {
    const t = await term();
    const now = minutesBefore(S1, 10080);
    const key = `announce:${t.s1.id}:10080:${S1.getTime()}`;
    expect(await t.jobs(now, 0, [t.guildId])).toHaveLength(2);
    expect(await t.jobs(now, 0, [t.otherGuildId])).toEqual([]);
    expect(await terms.jobsDue(now, 0, [])).toEqual([]);
    expect(await new TermRepository(handle.db).activeCohorts([])).toEqual([]);
    await new DeliveryRepository(handle.db).claim(
      key,
      t.guildId,
      { channelId: t.announcementChannelId },
      "m",
    );
    expect(await t.jobs(now)).toEqual([t.finish]);
  });

  it("plans nothing for a cohort not yet published, nor for a finished one", async () => {
    const draft = await term("draft");
    expect(await draft.jobs(minutesBefore(S1, 10080), 365 * 86_400_000)).toEqual([]);
    const done = await term("running");
    expect(await terms.finishIfOver(done.guildId, done.cohortId, S2_END)).toBe(true);
    expect(await done.jobs(minutesBefore(S1, 10080), 365 * 86_400_000)).toEqual([]);
  });

  it("brings a session's Discord event in line once the session changed, and announces a cancellation", async () => {
    const t = await term();
    const now = new Date("2030-08-01T00:00:00Z");
    const sessions = new SessionService(handle.db);
    await handle.db
      .updateTable("cohort_sessions")
      .set({ discord_event_id: testSnowflake() })
      .where("id", "=", t.s1.id)
      .execute();
    expect(await t.jobs(now)).toEqual([t.finish]);
    await sessions.edit(t.guildId, t.s1.id, { theme: "Careers" }, actor);
    // The second session changes too, but it has no Discord event to bring in line.
    await sessions.edit(t.guildId, t.s2.id, { theme: "Money" }, actor);
    const sync = { kind: "event-sync", key: `event:${t.s1.id}:v2`, sessionId: t.s1.id, dueAt: now, ...t.on };
    expect(await t.jobs(now)).toEqual([sync, t.finish]);
    // Cancelled: the cancellation goes out now, and the cohort finishes after its last scheduled session.
    await sessions.cancel(t.guildId, t.s2.id, actor);
    expect(await t.jobs(now)).toEqual([
      sync,
      {
        kind: "cancellation",
        key: `cancel:${t.s2.id}`,
        sessionId: t.s2.id,
        startsAt: S2,
        dueAt: now,
        ...t.on,
      },
      {
        ...t.finish,
        key: `finish:${t.cohortId}:${S1.getTime() + 150 * 60_000}`,
        dueAt: new Date("2030-09-03T20:30:00Z"),
      },
    ]);
    await sessions.cancel(t.guildId, t.s1.id, actor);
    expect((await t.jobs(now)).map((j) => j.kind)).toEqual(["cancellation", "event-sync", "cancellation"]);
  });

  it("reminds of the cohort's program events a day and its reminder offset before, not other cohorts' or cancelled ones", async () => {
    const t = await term();
    const events = new ProgramEventService(handle.db);
    const maker = { userId: t.memberIds[0]! };
    const before = new Date("2030-08-01T00:00:00Z");
    const input = { title: "Gym", when: "2030-08-10 19:00", location: "Hall", minutes: 60 };
    const gym = await events.create(t.guildId, t.cohortId, input, maker, before);
    const draft = await new CohortService(handle.db).create(t.guildId, { name: "Next" }, actor);
    await events.create(t.guildId, draft.id, input, maker, before);
    const cancelled = await events.create(
      t.guildId,
      t.cohortId,
      { ...input, when: "2030-08-10 20:00" },
      maker,
      before,
    );
    await handle.db
      .updateTable("program_events")
      .set({ status: "cancelled" })
      .where("id", "=", cancelled.id)
      .execute();
    await terms.updateSettings(t.guildId, t.cohortId, { reminderOffsetMinutes: 30 }, actor);
    const start = new Date("2030-08-10T18:00:00Z");
    const reminder = (offsetMinutes: number) => ({
      kind: "program-reminder",
      key: `program:announce:${gym.id}:${offsetMinutes}:${start.getTime()}`,
      eventId: gym.id,
      startsAt: start,
      dueAt: minutesBefore(start, offsetMinutes),
      offsetMinutes,
      ...t.on,
    });
    const dayBefore = minutesBefore(start, 1440);
    expect(await t.jobs(new Date(dayBefore.getTime() - 1))).toEqual([t.finish]);
    expect(await t.jobs(dayBefore)).toEqual([reminder(1440), t.finish]);
    expect(await t.jobs(dayBefore, 1410 * 60_000)).toEqual([reminder(1440), reminder(30), t.finish]);
    expect(await t.jobs(start, 365 * 86_400_000)).not.toContainEqual(
      expect.objectContaining({ kind: "program-reminder" }),
    );
  });
});

describe(`a notice's cohort and session as they are now (${testDatabaseKind()})`, () => {
  it("reads the cohort with its settings and channel, through its own community only", async () => {
    const t = await term();
    const expected = {
      id: t.cohortId,
      guildId: t.guildId,
      name: "Autumn 2030",
      state: "published",
      timeZone: "Europe/London",
      venue: null,
      announcementOffsetsMinutes: [10080, 1440],
      reminderOffsetMinutes: 60,
      attendanceThresholdMinutes: 30,
      shareBackChannelId: null,
      announcementChannelId: t.announcementChannelId,
    };
    expect(await terms.cohort(t.guildId, t.cohortId)).toEqual(expected);
    expect(await terms.cohort(t.otherGuildId, t.cohortId)).toBeUndefined();
    await terms.finishIfOver(t.guildId, t.cohortId, S2_END);
    expect(await terms.cohort(t.guildId, t.cohortId)).toEqual({ ...expected, state: "finished" });
    const running = await term("running");
    expect(await terms.cohort(running.guildId, running.cohortId)).toMatchObject({ state: "running" });
    const draft = await term("draft");
    expect(await terms.cohort(draft.guildId, draft.cohortId)).toBeUndefined();
  });

  it("gives a session with its version, cohort and groups; none elsewhere or before publishing", async () => {
    const t = await term();
    await new SessionService(handle.db).edit(t.guildId, t.s2.id, { theme: "Money" }, actor);
    const notice = await terms.sessionNotice(t.guildId, t.s2.id);
    expect(notice?.cohort).toEqual(await terms.cohort(t.guildId, t.cohortId));
    expect(notice?.session).toMatchObject({ id: t.s2.id, startsAt: S2, theme: "Money", version: 2 });
    expect(notice?.groups).toEqual([
      { id: t.g1.id, name: "Group 1", textChannelId: t.textChannelId },
      { id: t.g2.id, name: "Group 2", textChannelId: null },
    ]);
    expect((await terms.sessionNotice(t.guildId, t.s1.id))?.session.version).toBe(1);
    expect(await terms.sessionNotice(t.otherGuildId, t.s2.id)).toBeUndefined();
    const draft = await term("draft");
    expect(await terms.sessionNotice(draft.guildId, draft.s1.id)).toBeUndefined();
  });
});

describe(`finishing a term (${testDatabaseKind()})`, () => {
  it("finishes a published cohort at the end of its last scheduled session, audited", async () => {
    const t = await term();
    expect(await terms.finishIfOver(t.otherGuildId, t.cohortId, S2_END)).toBe(false);
    expect(await terms.finishIfOver(t.guildId, t.cohortId, new Date(S2_END.getTime() - 1))).toBe(false);
    expect(await terms.cohort(t.guildId, t.cohortId)).toMatchObject({ state: "published" });
    expect(await terms.finishIfOver(t.guildId, t.cohortId, S2_END)).toBe(true);
    expect(await terms.cohort(t.guildId, t.cohortId)).toMatchObject({ state: "finished" });
    const audit = await new AuditRepository(handle.db).forEntity("cohort", t.cohortId);
    expect(audit.at(-1)).toMatchObject({
      guild_id: t.guildId,
      actor_user_id: null,
      action: "cohort.finished_after_last_session",
      details: { lastSessionEndedAt: S2_END.toISOString() },
    });
    expect(await terms.finishIfOver(t.guildId, t.cohortId, S2_END)).toBe(false);
  });

  it("finishes a running cohort too; not a draft, nor one whose sessions were all cancelled", async () => {
    const running = await term("running");
    await new SessionService(handle.db).cancel(running.guildId, running.s2.id, actor);
    expect(
      await terms.finishIfOver(running.guildId, running.cohortId, new Date("2030-09-03T20:30:00Z")),
    ).toBe(true);
    expect(await terms.cohort(running.guildId, running.cohortId)).toMatchObject({ state: "finished" });
    const draft = await term("draft");
    expect(await terms.finishIfOver(draft.guildId, draft.cohortId, S2_END)).toBe(false);
    const none = await term();
    for (const s of [none.s1, none.s2]) await new SessionService(handle.db).cancel(none.guildId, s.id, actor);
    expect(await terms.finishIfOver(none.guildId, none.cohortId, S2_END)).toBe(false);
  });
});

describe(`the term's settings (${testDatabaseKind()})`, () => {
  it("changes only what is given, audited, in the cohort's own community", async () => {
    const t = await term();
    const shareBackChannelId = testSnowflake();
    await terms.updateSettings(
      t.guildId,
      t.cohortId,
      { announcementOffsetsMinutes: [43_200, 1], shareBackChannelId },
      actor,
    );
    expect(await terms.cohort(t.guildId, t.cohortId)).toMatchObject({
      announcementOffsetsMinutes: [43_200, 1],
      reminderOffsetMinutes: 60,
      attendanceThresholdMinutes: 30,
      shareBackChannelId,
    });
    await terms.updateSettings(
      t.guildId,
      t.cohortId,
      { reminderOffsetMinutes: 1440, attendanceThresholdMinutes: 720 },
      { userId: t.memberIds[0]! },
    );
    expect(await terms.cohort(t.guildId, t.cohortId)).toMatchObject({
      announcementOffsetsMinutes: [43_200, 1],
      reminderOffsetMinutes: 1440,
      attendanceThresholdMinutes: 720,
      shareBackChannelId,
    });
    await terms.updateSettings(
      t.guildId,
      t.cohortId,
      { shareBackChannelId: null, announcementOffsetsMinutes: [] },
      actor,
    );
    expect(await terms.cohort(t.guildId, t.cohortId)).toMatchObject({
      announcementOffsetsMinutes: [],
      reminderOffsetMinutes: 1440,
      shareBackChannelId: null,
    });
    const audit = (await new AuditRepository(handle.db).forEntity("cohort", t.cohortId)).filter(
      (e) => e.action === "cohort.term_settings_changed",
    );
    expect(audit.map((e) => [e.guild_id, e.actor_user_id, e.details])).toEqual([
      [t.guildId, null, { announcementOffsetsMinutes: [43_200, 1], shareBackChannelId }],
      [t.guildId, t.memberIds[0], { reminderOffsetMinutes: 1440, attendanceThresholdMinutes: 720 }],
      [t.guildId, null, { shareBackChannelId: null, announcementOffsetsMinutes: [] }],
    ]);
    await expect(
      terms.updateSettings(t.otherGuildId, t.cohortId, { reminderOffsetMinutes: 5 }, actor),
    ).rejects.toThrow(`No cohort ${t.cohortId} here.`);
    expect(await terms.cohort(t.guildId, t.cohortId)).toMatchObject({ reminderOffsetMinutes: 1440 });
  });

  it("refuses settings out of range, all at once, changing nothing", async () => {
    const t = await term();
    const refused = (patch: object) =>
      terms.updateSettings(
        t.guildId,
        t.cohortId,
        patch as Parameters<TermNoticeService["updateSettings"]>[2],
        actor,
      );
    await expect(
      refused({
        announcementOffsetsMinutes: [0, 43_201, 1.5, 60],
        reminderOffsetMinutes: 0,
        attendanceThresholdMinutes: 721,
        shareBackChannelId: "general",
      }),
    ).rejects.toThrow(
      "announcementOffsetsMinutes[0]: must be a whole number from 1 to 43200; " +
        "announcementOffsetsMinutes[1]: must be a whole number from 1 to 43200; " +
        "announcementOffsetsMinutes[2]: must be a whole number from 1 to 43200; " +
        "reminderOffsetMinutes: must be a whole number from 1 to 1440; " +
        "attendanceThresholdMinutes: must be a whole number from 1 to 720; " +
        "shareBackChannelId: must be a Discord id (15 to 21 digits)",
    );
    await expect(
      refused({
        announcementOffsetsMinutes: [1, 2, 3, 4, 5, 6],
        reminderOffsetMinutes: 1441,
        attendanceThresholdMinutes: 0,
      }),
    ).rejects.toThrow(
      "announcementOffsetsMinutes: must be a list of at most 5 offsets; reminderOffsetMinutes: must be a whole number from 1 to 1440; " +
        "attendanceThresholdMinutes: must be a whole number from 1 to 720",
    );
    await expect(refused({ announcementOffsetsMinutes: "60" })).rejects.toThrow(
      "announcementOffsetsMinutes: must be a list of at most 5 offsets",
    );
    await refused({ announcementOffsetsMinutes: [1, 2, 3, 4, 5] });
    expect(await terms.cohort(t.guildId, t.cohortId)).toMatchObject({
      announcementOffsetsMinutes: [1, 2, 3, 4, 5],
      reminderOffsetMinutes: 60,
      attendanceThresholdMinutes: 30,
      shareBackChannelId: null,
    });
  });
});
