import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { createTermWorld } from "../waitlist/term-world.fixture.ts";
import { CheckInService } from "./check-in.service.ts";

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
    await expect(checkIns.myBuddies(world.guildId, world.outsider)).rejects.toThrow(/no place/);
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
});
