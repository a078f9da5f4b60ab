import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditRepository } from "../audit/audit.repository.ts";
import { CohortRepository } from "../cohorts/cohort.repository.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { createRunningTerm } from "../sessions/running-term.fixture.ts";
import { SessionService } from "../sessions/session.service.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { createTermWorld } from "../waitlist/term-world.fixture.ts";
import { CheckInRepository } from "./check-in.repository.ts";
import { CHECK_IN_NUDGE_DELAY_MS, CheckInService } from "./check-in.service.ts";

let handle: DatabaseHandle;
let clock: Date;
let checkIns: CheckInService;

beforeAll(async () => {
  handle = await createTestDatabase();
  clock = new Date("2030-09-05T12:00:00Z");
  checkIns = new CheckInService(handle.db, () => clock);
});
afterAll(() => handle.close());

describe(`buddies and check-ins (${testDatabaseKind()})`, () => {
  it("a mentee has one buddy; a mentor each of theirs; outsiders have none", async () => {
    const world = await createTermWorld(handle.db);
    const [m1, m2] = world.groups[0]!.mentors as [string, string];
    const [a, b, c] = world.groups[0]!.mentees as [string, string, string];
    expect((await checkIns.myBuddies(world.guildId, a)).buddies).toEqual([m1]);
    expect((await checkIns.myBuddies(world.guildId, m1)).buddies.sort()).toEqual([a, c].sort());
    expect((await checkIns.myBuddies(world.guildId, m2)).buddies).toEqual([b]);
    await expect(checkIns.myBuddies(world.guildId, world.outsider)).rejects.toThrow(
      "No group for you this term (you have no place in a running cohort) here.",
    );
  });

  it("logs a check-in with its private note from either side; refuses someone who is not their buddy", async () => {
    const world = await createTermWorld(handle.db);
    const [m1, m2] = world.groups[0]!.mentors as [string, string];
    const [a, b] = world.groups[0]!.mentees as [string, string];
    const byMentee = await checkIns.log(world.guildId, a, m1, "  Talked about the job offer. ");
    expect(byMentee).toMatchObject({
      mentorUserId: m1,
      menteeUserId: a,
      notes: "Talked about the job offer.",
      heldAt: clock,
    });
    const byMentor = await checkIns.log(world.guildId, m2, b, "");
    expect(byMentor).toMatchObject({ mentorUserId: m2, menteeUserId: b, notes: null });
    await expect(checkIns.log(world.guildId, a, m2, null)).rejects.toThrow(/not your buddy/);
    await expect(checkIns.log(world.guildId, a, a, null)).rejects.toThrow(/not with yourself/);
    await expect(checkIns.log(world.guildId, a, m1, "x".repeat(2001))).rejects.toThrow(
      /note: must be at most 2000/,
    );
  });

  it("pairs without a check-in since a time are the ones to nudge; other communities' pairs never appear", async () => {
    const world = await createTermWorld(handle.db);
    const other = await createTermWorld(handle.db);
    const [m1] = world.groups[0]!.mentors as [string];
    const [a, b, c] = world.groups[0]!.mentees as [string, string, string];
    const sessionEnd = new Date("2030-09-10T13:30:00Z");
    clock = new Date(sessionEnd.getTime() - 1);
    await checkIns.log(world.guildId, a, m1, null); // before the session: does not count
    clock = sessionEnd;
    await checkIns.log(world.guildId, m1, c, null); // at the end: counts
    const due = await checkIns.pairsToNudge(world.guildId, world.cohortId, sessionEnd);
    expect(due.map((p) => p.menteeUserId).sort()).toEqual([a, b].sort());
    expect(await checkIns.pairsToNudge(other.guildId, world.cohortId, sessionEnd)).toEqual([]);
  });

  it("keeps the note out of the audit, and shows the organisers one cohort's check-ins, newest first", async () => {
    const world = await createTermWorld(handle.db);
    const other = await createTermWorld(handle.db);
    const [m1] = world.groups[0]!.mentors as [string];
    const [a, , c] = world.groups[0]!.mentees as [string, string, string];
    clock = new Date("2030-09-05T12:00:00Z");
    const first = await checkIns.log(world.guildId, a, m1, "Private");
    clock = new Date("2030-09-06T12:00:00Z");
    const second = await checkIns.log(world.guildId, m1, c, null);
    await checkIns.log(other.guildId, other.groups[0]!.mentees[0]!, other.groups[0]!.mentors[0]!, null);
    expect(await new AuditRepository(handle.db).forEntity("check_in", first.id)).toMatchObject([
      { guild_id: world.guildId, action: "check_in.logged", actor_user_id: a, details: {} },
    ]);
    expect(await checkIns.listForCohort(world.guildId, world.cohortId)).toEqual([second, first]);
    expect(first).toEqual({
      id: first.id,
      groupId: world.groups[0]!.id,
      mentorUserId: m1,
      menteeUserId: a,
      heldAt: new Date("2030-09-05T12:00:00Z"),
      notes: "Private",
    });
    expect(await checkIns.listForCohort(other.guildId, world.cohortId)).toEqual([]);
    // A pair's own check-ins, newest first.
    clock = new Date("2030-09-07T12:00:00Z");
    const third = await checkIns.log(world.guildId, m1, a, null);
    const pairs = new CheckInRepository(handle.db);
    const groupId = world.groups[0]!.id;
    expect(await pairs.listForPair(world.guildId, groupId, a)).toEqual([third, first]);
    expect(await pairs.listForPair(world.guildId, groupId, c)).toEqual([second]);
    expect(await pairs.listForPair(other.guildId, groupId, a)).toEqual([]);
    expect(await pairs.listForPair(world.guildId, other.groups[0]!.id, a)).toEqual([]);
  });

  it("logs a check-in at the real time when no clock is given", async () => {
    const world = await createTermWorld(handle.db);
    const before = Date.now();
    const logged = await new CheckInService(handle.db).log(
      world.guildId,
      world.groups[0]!.mentees[0]!,
      world.groups[0]!.mentors[0]!,
      null,
    );
    expect(logged.heldAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(logged.heldAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("names each pair's group channel for its nudge, in group then mentee order", async () => {
    const term = await createRunningTerm(handle.db, { groups: 2 });
    const due = await checkIns.pairsToNudge(term.guildId, term.cohortId, new Date("2030-09-03T13:30:00Z"));
    const expected = term.groups.flatMap((g, i) =>
      [...g.mentees].sort().map((mentee) => ({
        groupId: g.id,
        menteeUserId: mentee,
        textChannelId: term.channels[i]!.text,
      })),
    );
    expect(due).toMatchObject(expected);
    expect(due).toHaveLength(6);
  });

  it("a session's nudge is due from three days after its end until the window closes, never for a cancelled session or a finished cohort", async () => {
    const world = await createTermWorld(handle.db);
    const [first, second] = await new SessionService(handle.db).list(world.guildId, world.cohortId);
    const days = 24 * 60 * 60 * 1000;
    const due = async (at: number, windowMs?: number) => {
      clock = new Date(at);
      // Every community's sessions are due together; this world's are the ones to look at.
      return (await checkIns.nudgesDue(windowMs)).filter((s) => s.guildId === world.guildId);
    };
    const end = first!.endsAt.getTime() + CHECK_IN_NUDGE_DELAY_MS;
    expect(CHECK_IN_NUDGE_DELAY_MS).toBe(3 * days);
    expect(await due(end - 1)).toEqual([]);
    expect(await due(end)).toEqual([
      { sessionId: first!.id, guildId: world.guildId, cohortId: world.cohortId, endsAt: first!.endsAt },
    ]);
    expect((await due(end + 4 * days)).map((s) => s.sessionId)).toEqual([first!.id]);
    expect(await due(end + 4 * days + 1)).toEqual([]);
    expect(await due(end + days, days - 1)).toEqual([]);
    const both = second!.endsAt.getTime() + CHECK_IN_NUDGE_DELAY_MS;
    expect((await due(both, 30 * days)).map((s) => s.sessionId)).toEqual([first!.id, second!.id]);
    await new SessionService(handle.db).cancel(world.guildId, second!.id, { userId: null });
    expect((await due(both, 30 * days)).map((s) => s.sessionId)).toEqual([first!.id]);
    const cohorts = new CohortRepository(handle.db);
    await cohorts.changeState(world.guildId, world.cohortId, "published", "running");
    expect((await due(both, 30 * days)).map((s) => s.sessionId)).toEqual([first!.id]);
    await cohorts.changeState(world.guildId, world.cohortId, "running", "finished");
    expect(await due(both, 30 * days)).toEqual([]);
  });

  it("gives a nudge its session's number and end, none for a cancelled session or another community's", async () => {
    const world = await createTermWorld(handle.db);
    const other = await createTermWorld(handle.db);
    const [first, second] = await new SessionService(handle.db).list(world.guildId, world.cohortId);
    expect(await checkIns.session(world.guildId, second!.id)).toEqual({ number: 2, endsAt: second!.endsAt });
    expect(await checkIns.session(other.guildId, first!.id)).toBeUndefined();
    await new SessionService(handle.db).cancel(world.guildId, first!.id, { userId: null });
    expect(await checkIns.session(world.guildId, first!.id)).toBeUndefined();
  });
});
