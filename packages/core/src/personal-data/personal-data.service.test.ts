import { createHash, randomInt } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AttendanceService } from "../attendance/attendance.service.ts";
import { AuditRepository } from "../audit/audit.repository.ts";
import { CheckInService } from "../check-ins/check-in.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { MemberService } from "../members/member.service.ts";
import { ReportService } from "../reports/report.service.ts";
import { createRunningTerm } from "../sessions/running-term.fixture.ts";
import { SessionRunService } from "../sessions/session-run.service.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { createTermWorld } from "../waitlist/term-world.fixture.ts";
import { EXPORT_TOKEN_TTL_MS, hashExportToken, PersonalDataService } from "./personal-data.service.ts";

// Erasure draws its stand-in's id with randomInt; one test pins the draws to see the range's ends.
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, randomInt: vi.fn(actual.randomInt) };
});

let handle: DatabaseHandle;
let clock: Date;
let data: PersonalDataService;

beforeAll(async () => {
  handle = await createTestDatabase();
  clock = new Date("2030-09-12T00:00:00Z");
  data = new PersonalDataService(handle.db, () => clock);
});
afterAll(() => handle.close());

const organiser = "300000000000000001";

/**
 * A term in each of two communities; the first one's first mentee (`person`) is a member of the other
 * too, where they filed a report under their name. In the first: a check-in with their buddy, a report
 * they filed under their name and one another mentee filed about them.
 */
async function personInTwoCommunities() {
  const world = await createTermWorld(handle.db, { waitlist: [{}] });
  const other = await createTermWorld(handle.db);
  const [mentor] = world.groups[0]!.mentors as [string];
  const [person, second] = world.groups[0]!.mentees as [string, string];
  const reports = new ReportService(handle.db, () => clock);
  const fileReport = (guildId: string, by: string, anonymous: boolean, involved?: string) =>
    reports.submit(guildId, by, { area: "fees", whatHappened: `Filed by ${by}`, anonymous, involved });
  await new MemberService(handle.db).ensureInCommunity(other.guildId, { userId: person, displayName: "Ann" });
  await fileReport(other.guildId, person, false);
  await new CheckInService(handle.db, () => clock).log(world.guildId, person, mentor, "Private words");
  await fileReport(world.guildId, person, false);
  await fileReport(world.guildId, second, false, `<@${person}>`);
  return { world, other, person, mentor, second };
}

/** The audit entries of one action in a community, newest first. */
const audited = (guildId: string, action: string) =>
  new AuditRepository(handle.db).list(guildId, { action, limit: 20 });

/** The cohort's session 1. */
const firstSession = (cohortId: string) =>
  handle.db
    .selectFrom("cohort_sessions")
    .select("id")
    .where("cohort_id", "=", cohortId)
    .where("number", "=", 1)
    .executeTakeFirstOrThrow();

/**
 * "table.column" for every Discord-id column of the schema holding `userId`: in the community's rows
 * where the table has a guild_id, anywhere where it has none.
 */
async function columnsHolding(userId: string, guildId: string): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string; scoped: boolean }>`
    select c.table_name, c.column_name, exists (select 1 from information_schema.columns g
      where g.table_schema = c.table_schema and g.table_name = c.table_name
      and g.column_name = 'guild_id') as scoped
    from information_schema.columns c
    where c.table_schema = current_schema() and c.domain_name = 'discord_id'
    order by c.table_name, c.column_name`.execute(handle.db);
  expect(columns.rows.length).toBeGreaterThan(20);
  const holding: string[] = [];
  for (const { table_name, column_name, scoped } of columns.rows) {
    const inCommunity = scoped ? sql`and guild_id = ${guildId}` : sql``;
    const found = await sql`select 1 from ${sql.table(table_name)}
      where ${sql.ref(column_name)} = ${userId} ${inCommunity}`.execute(handle.db);
    if (found.rows.length > 0) holding.push(`${table_name}.${column_name}`);
  }
  return holding;
}

describe(`members' own data (${testDatabaseKind()})`, () => {
  it("exports everything about the member, once, within 15 minutes; only a hash of the token is stored", async () => {
    const world = await createTermWorld(handle.db);
    const other = await createTermWorld(handle.db);
    const [mentor] = world.groups[0]!.mentors as [string];
    const [mentee] = world.groups[0]!.mentees as [string];
    await new CheckInService(handle.db, () => clock).log(world.guildId, mentee, mentor, "Private words");
    await new ReportService(handle.db, () => clock).submit(world.guildId, mentee, {
      area: "fees",
      whatHappened: "Something",
      anonymous: true,
    });
    const link = await data.createExport(world.guildId, mentee);
    const stored = await handle.db.selectFrom("data_export_tokens").selectAll().execute();
    expect(stored.map((t) => t.token_hash)).toContain(hashExportToken(link.token));
    expect(JSON.stringify(stored)).not.toContain(link.token);
    expect(link.expiresAt.getTime() - clock.getTime()).toBe(15 * 60_000);

    const copy = await data.redeemExport(link.token);
    expect(copy.guildId).toBe(world.guildId);
    expect(copy.applications.map((a) => a.user_id)).toEqual([mentee]);
    expect(copy.checkIns.map((c) => c.notes)).toEqual(["Private words"]);
    expect(copy.reportsFiled).toHaveLength(1);
    expect(copy.groups.map((g) => g.name)).toEqual(["Circle 1"]);
    // Nothing from the other community, where the same shape of data exists.
    expect(JSON.stringify(copy)).not.toContain(other.guildId);
    await expect(data.redeemExport(link.token)).rejects.toThrow(/used already or has expired/);

    const late = await data.createExport(world.guildId, mentee);
    clock = new Date(clock.getTime() + EXPORT_TOKEN_TTL_MS - 1);
    const inTime = await data.createExport(world.guildId, mentee);
    clock = new Date(late.expiresAt.getTime());
    await expect(data.redeemExport(late.token)).rejects.toThrow(/expired/);
    expect((await data.redeemExport(inTime.token)).member?.user_id).toBe(mentee);
    await expect(data.redeemExport("not-a-token-at-all-but-long")).rejects.toThrow(/No download/);
  });

  it("erases the member; attendance counts stay under a stand-in, audit entries lose the person, the seat is freed", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}] });
    const [mentor] = world.groups[0]!.mentors as [string];
    const [mentee] = world.groups[0]!.mentees as [string];
    const session = await firstSession(world.cohortId);
    await handle.db
      .insertInto("attendance")
      .values([
        {
          guild_id: world.guildId,
          session_id: session.id,
          user_id: mentee,
          status: "present",
          source: "voice",
        },
        {
          guild_id: world.guildId,
          session_id: session.id,
          user_id: mentor,
          status: "present",
          source: "voice",
        },
      ])
      .execute();
    await new ReportService(handle.db, () => clock).submit(world.guildId, mentee, {
      area: "fees",
      whatHappened: "Something",
      anonymous: false,
    });
    expect((await data.runningGroup(world.guildId, mentee))?.name).toBe("Circle 1");

    const outcome = await data.erase(world.guildId, mentee);
    expect(outcome.left?.vacancy?.groupId).toBe(world.groups[0]!.id);
    const dump = async (
      table: "attendance" | "audit_log" | "conduct_reports" | "applications" | "members" | "seat_vacancies",
    ) => JSON.stringify(await handle.db.selectFrom(table).selectAll().execute());
    for (const table of [
      "audit_log",
      "conduct_reports",
      "applications",
      "members",
      "seat_vacancies",
      "attendance",
    ] as const)
      expect(await dump(table), table).not.toContain(mentee);
    const present = await handle.db
      .selectFrom("attendance")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("session_id", "=", session.id)
      .where("status", "=", "present")
      .executeTakeFirstOrThrow();
    expect(Number(present.n)).toBe(2);
    const audit = await new AuditRepository(handle.db).list(world.guildId, { limit: 100 });
    expect(audit.some((e) => e.action === "report.submitted" && e.actorUserId === null)).toBe(true);
    expect(await data.runningGroup(world.guildId, mentee)).toBeNull();
  });

  it("erasing a mentor mid-evening leaves their id in no column of any table; their group's share-back stays", async () => {
    const term = await createRunningTerm(handle.db);
    const mentor = term.mentor();
    const evening = (minutes: number) => new Date(Date.parse("2030-09-03T11:00:00Z") + minutes * 60_000);
    const runs = new SessionRunService(handle.db);
    await runs.start(term.place(), mentor, evening(0));
    await new AttendanceService(handle.db).voiceChanged(
      term.guildId,
      mentor.userId,
      term.channels[0]!.voice,
      evening(0),
    );
    await runs.share(term.place(), mentor, "We practised interviews.", evening(30));

    // The same person ran an evening in another community too (as plain SQL puts it): it stays theirs.
    const elsewhere = await createRunningTerm(handle.db);
    await runs.start(elsewhere.place(), elsewhere.mentor(), evening(0));
    await runs.share(elsewhere.place(), elsewhere.mentor(), "Elsewhere.", evening(30));
    await handle.db
      .updateTable("group_session_runs")
      .set({ opened_by: mentor.userId, share_back_by: mentor.userId })
      .where("guild_id", "=", elsewhere.guildId)
      .execute();

    const copy = await data.exportOnRequest(term.guildId, mentor.userId, organiser);
    expect(copy.sessionRuns.map((r) => [r.opened_by, r.share_back_by, r.share_back])).toEqual([
      [mentor.userId, mentor.userId, "We practised interviews."],
    ]);

    expect(await columnsHolding(mentor.userId, term.guildId)).toEqual(
      expect.arrayContaining([
        "group_session_runs.opened_by",
        "group_session_runs.share_back_by",
        "voice_presence.user_id",
      ]),
    );
    await data.erase(term.guildId, mentor.userId);
    expect(await columnsHolding(mentor.userId, term.guildId)).toEqual([]);
    const [run] = await runs.runsOf(term.guildId, term.sessions[0]!.id);
    expect([run?.shareBack, run?.shareBackBy, run?.openedBy]).toEqual([
      "We practised interviews.",
      null,
      expect.stringMatching(/^9\d{20}$/),
    ]);
    const [theirs] = await runs.runsOf(elsewhere.guildId, elsewhere.sessions[0]!.id);
    expect([theirs?.openedBy, theirs?.shareBackBy]).toEqual([mentor.userId, mentor.userId]);
    // The group's other mentor closes the evening as usual.
    const other = { userId: term.groups[0]!.mentors[1]!, isOrganiser: false };
    expect((await runs.end(term.place(), other, evening(150))).run.closedAt).toEqual(evening(150));
  });

  it("the copy holds each kind of the member's data in this community, none of another member's nor of another community", async () => {
    const { world, other, person, mentor } = await personInTwoCommunities();
    const link = await data.createExport(world.guildId, person);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await handle.db
      .selectFrom("data_export_tokens")
      .select(["guild_id", "user_id"])
      .where("token_hash", "=", createHash("sha256").update(link.token).digest("hex"))
      .execute();
    expect(stored).toEqual([{ guild_id: world.guildId, user_id: person }]);

    const copy = await data.redeemExport(link.token);
    expect([copy.exportedAt, copy.guildId, copy.member?.user_id]).toEqual([
      clock.toISOString(),
      world.guildId,
      person,
    ]);
    expect([copy.membership?.guild_id, copy.membership?.user_id]).toEqual([world.guildId, person]);
    expect(copy.applications.map((a) => [a.guild_id, a.cohort_id])).toEqual([
      [world.guildId, world.cohortId],
    ]);
    expect(copy.groups).toEqual([{ name: "Circle 1", cohort_id: world.cohortId, role: "mentee" }]);
    expect(copy.buddyPairs).toEqual([
      { group_id: world.groups[0]!.id, mentor_user_id: mentor, mentee_user_id: person },
    ]);
    expect(copy.checkIns.map((c) => [c.mentor_user_id, c.mentee_user_id, c.notes])).toEqual([
      [mentor, person, "Private words"],
    ]);
    // Only what they filed here; the report about them stays out (it could point at who reported).
    expect(copy.reportsFiled.map(({ id, created_at, ...r }) => r)).toEqual([
      { number: 1, area: "fees", body: `Filed by ${person}`, involved: null, state: "open" },
    ]);
    expect(copy.auditEntries.map((e) => e.action)).toEqual([
      "application.submitted",
      "check_in.logged",
      "report.submitted",
      "personal_data.exported",
    ]);
    expect(copy.auditEntries.slice(2).map(({ at, ...e }) => e)).toEqual([
      { action: "report.submitted", entity_type: "conduct_report", entity_id: copy.reportsFiled[0]!.id },
      { action: "personal_data.exported", entity_type: "member", entity_id: person },
    ]);
    expect(JSON.stringify(copy)).not.toContain(other.guildId);

    // A mentor's copy has their pairs and the check-ins with them as the mentor.
    const mentorsCopy = await data.exportOnRequest(world.guildId, mentor, organiser);
    expect(mentorsCopy.buddyPairs.map((p) => p.mentee_user_id).sort()).toEqual(
      [world.groups[0]!.mentees[0]!, world.groups[0]!.mentees[2]!].sort(),
    );
    expect(mentorsCopy.checkIns.map((c) => c.mentee_user_id)).toEqual([person]);
  });

  it("the download is audited as the member's own; an organiser's on request names who asked", async () => {
    const { world, other, person } = await personInTwoCommunities();
    await data.redeemExport((await data.createExport(world.guildId, person)).token);
    await data.exportOnRequest(world.guildId, person, organiser);
    const exports = await audited(world.guildId, "personal_data.exported");
    expect(exports.map((e) => [e.actorUserId, e.entityType, e.entityId, e.details])).toEqual([
      [organiser, "member", person, { onRequest: true }],
      [person, "member", person, {}],
    ]);
    // Someone who is not a member here: nothing to copy, nothing audited.
    await expect(
      data.exportOnRequest(other.guildId, world.groups[0]!.mentors[0]!, organiser),
    ).rejects.toThrow(`No member ${world.groups[0]!.mentors[0]} here.`);
    expect(await audited(other.guildId, "personal_data.exported")).toEqual([]);
  });

  it("a link of 20 to 100 characters is looked up; a shorter, longer or non-text one is wrong", async () => {
    const wrong = /^No download link \(it is wrong\) here\.$/;
    const unknown = /^No download link \(it was used already or has expired\) here\.$/;
    await expect(data.redeemExport("t".repeat(19))).rejects.toThrow(wrong);
    await expect(data.redeemExport("t".repeat(20))).rejects.toThrow(unknown);
    await expect(data.redeemExport("t".repeat(100))).rejects.toThrow(unknown);
    await expect(data.redeemExport("t".repeat(101))).rejects.toThrow(wrong);
    await expect(data.redeemExport(Array(30).fill("t") as unknown as string)).rejects.toThrow(wrong);
  });

  it("erasure in one community leaves the member's place, reports and log in the other, and everyone else's", async () => {
    const { world, other, person, second } = await personInTwoCommunities();
    const session = await firstSession(world.cohortId);
    await handle.db
      .insertInto("session_feedback")
      .values(
        [person, second].map((user_id) => ({
          guild_id: world.guildId,
          session_id: session.id,
          user_id,
          rating: 4,
          comment: `Said by ${user_id}`,
        })),
      )
      .execute();
    const audit = new AuditRepository(handle.db);
    for (const [guildId, userId] of [
      [world.guildId, person],
      [world.guildId, second],
      [other.guildId, person],
    ] as const)
      await audit.record({
        guildId,
        actorUserId: null,
        action: "test.about",
        entityType: "x",
        entityId: "y",
        details: { userId, kept: 1 },
      });

    await data.eraseOnRequest(world.guildId, person, organiser);

    const feedback = await handle.db
      .selectFrom("session_feedback")
      .innerJoin("members", "members.user_id", "session_feedback.user_id")
      .select(["session_feedback.user_id", "display_name", "rating", "comment"])
      .where("session_id", "=", session.id)
      .orderBy("comment")
      .execute();
    expect(feedback.map((f) => [f.display_name, f.rating, f.comment])).toEqual([
      [`Member 4`, 4, `Said by ${second}`],
      ["Erased member", 4, null],
    ]);
    // The stand-in's id is drawn from 9·10^20 upwards, above every Discord id.
    expect(BigInt(feedback[1]!.user_id)).toBeGreaterThanOrEqual(900_000_000_000_000_000_000n);

    const reportsHere = await handle.db
      .selectFrom("conduct_reports")
      .select(["reporter_user_id", "reporter_disclosed", "reported_user_id", "body"])
      .where("guild_id", "=", world.guildId)
      .orderBy("number")
      .execute();
    expect(reportsHere).toEqual([
      {
        reporter_user_id: null,
        reporter_disclosed: false,
        reported_user_id: null,
        body: `Filed by ${person}`,
      },
      {
        reporter_user_id: second,
        reporter_disclosed: true,
        reported_user_id: null,
        body: `Filed by ${second}`,
      },
    ]);
    const details = async (guildId: string) => (await audited(guildId, "test.about")).map((e) => e.details);
    expect(await details(world.guildId)).toEqual([{ userId: second, kept: 1 }, { kept: 1 }]);
    const erased = await audited(world.guildId, "personal_data.erased");
    expect(erased.map((e) => [e.actorUserId, e.entityType, e.entityId])).toEqual([
      [organiser, "member", "erased"],
    ]);

    // In the other community, all of theirs stays.
    expect(await details(other.guildId)).toEqual([{ userId: person, kept: 1 }]);
    const theirCopy = await data.exportOnRequest(other.guildId, person, organiser);
    expect([theirCopy.member?.display_name, theirCopy.membership?.user_id]).toEqual(["Ann", person]);
    expect(theirCopy.reportsFiled.map((r) => r.body)).toEqual([`Filed by ${person}`]);
    expect((await audited(other.guildId, "report.submitted")).map((e) => e.actorUserId)).toEqual([person]);
  });

  it("erasing someone who is not in a group leaves none; erasure on request is refused for a non-member", async () => {
    const { world, other, person } = await personInTwoCommunities();
    const [waiting] = world.waitlist as [string];
    await expect(data.eraseOnRequest(other.guildId, waiting, organiser)).rejects.toThrow(
      `No member ${waiting} here.`,
    );
    expect(await audited(other.guildId, "personal_data.erased")).toEqual([]);
    expect(await data.erase(world.guildId, waiting)).toEqual({ left: undefined });
    const erased = await audited(world.guildId, "personal_data.erased");
    expect(erased.map((e) => e.actorUserId)).toEqual([null]);
    const left = await handle.db
      .selectFrom("members")
      .select("user_id")
      .where("user_id", "in", [waiting, person])
      .execute();
    expect(left).toEqual([{ user_id: person }]);
  });

  it("a download link made by the real clock when given none works 15 minutes from now", async () => {
    const world = await createTermWorld(handle.db);
    const before = Date.now();
    const link = await new PersonalDataService(handle.db).createExport(world.guildId, world.outsider);
    expect(link.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 15 * 60_000);
    expect(link.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
  });

  it("draws a stand-in's id from 9·10^20 (21 digits: no Discord id) up to 2^47·1000 − 1 above it", async () => {
    const world = await createTermWorld(handle.db);
    const [lowest, highest] = world.groups[0]!.mentees as [string, string];
    const draw = (pick: (min: number, max: number) => number) =>
      vi.mocked(randomInt).mockImplementation(pick as typeof randomInt);
    try {
      draw((min) => min);
      await data.erase(world.guildId, lowest);
      draw((_, max) => max - 1);
      await data.erase(world.guildId, highest);
    } finally {
      vi.mocked(randomInt).mockRestore();
    }
    const standIns = await handle.db
      .selectFrom("community_members")
      .innerJoin("members", "members.user_id", "community_members.user_id")
      .select("members.user_id")
      .where("community_members.guild_id", "=", world.guildId)
      .where("members.display_name", "=", "Erased member")
      .execute();
    expect(standIns.map((m) => m.user_id).sort()).toEqual(["900000000000000000000", "900140737488355327999"]);
  });
});
