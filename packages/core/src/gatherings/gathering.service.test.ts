import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { createTermWorld } from "../waitlist/term-world.fixture.ts";
import { GatheringService, parseWhen } from "./gathering.service.ts";

let handle: DatabaseHandle;
let clock: Date;
let gatherings: GatheringService;

beforeAll(async () => {
  handle = await createTestDatabase();
  clock = new Date("2030-03-01T00:00:00Z");
  gatherings = new GatheringService(handle.db, () => clock);
});
afterAll(() => handle.close());

describe("reading a gathering's local time", () => {
  it("reads it in the cohort's zone", () => {
    expect(parseWhen("2030-09-20 19:30", "Asia/Singapore").toISOString()).toBe("2030-09-20T11:30:00.000Z");
    expect(parseWhen("2030-07-01 9:05", "Europe/London").toISOString()).toBe("2030-07-01T08:05:00.000Z");
  });
  it("refuses a time the clocks jump over, and says so", () => {
    // Europe/London springs forward at 01:00 on 31 March 2030.
    expect(() => parseWhen("2030-03-31 01:30", "Europe/London")).toThrow(
      /01:30 does not exist on 2030-03-31 in Europe\/London/,
    );
  });
  it("refuses what is not a date and time", () => {
    expect(() => parseWhen("next friday", "Asia/Singapore")).toThrow(/YYYY-MM-DD HH:mm/);
    expect(() => parseWhen("2030-02-30 19:00", "Asia/Singapore")).toThrow(/not a real calendar date/);
  });
});

describe(`gatherings (${testDatabaseKind()})`, () => {
  it("a group member proposes one; a time in the past is refused; going counts are live and per member", async () => {
    const world = await createTermWorld(handle.db, { timeZone: "Europe/London" });
    const other = await createTermWorld(handle.db);
    const [m1] = world.groups[0]!.mentors as [string];
    const [a, b] = world.groups[0]!.mentees as [string, string];
    clock = new Date("2030-09-20T17:59:59Z");
    const { gathering } = await gatherings.propose(world.guildId, a, {
      title: "Board games",
      when: "2030-09-20 19:00",
      where: "Cafe",
    });
    expect(gathering.startsAt.toISOString()).toBe("2030-09-20T18:00:00.000Z");
    clock = new Date("2030-09-20T18:00:00Z");
    await expect(
      gatherings.propose(world.guildId, a, { title: "Late", when: "2030-09-20 19:00" }),
    ).rejects.toThrow(/in the past/);
    await expect(
      gatherings.propose(world.guildId, world.outsider, { title: "x", when: "2031-01-01 10:00" }),
    ).rejects.toThrow(/Only members of a group/);
    await expect(
      gatherings.propose(world.guildId, a, { title: "", when: "2031-01-01 10:00", where: "y".repeat(101) }),
    ).rejects.toThrow(/title: .*where: must be at most 100/);

    expect(await gatherings.respond(world.guildId, gathering.id, a, true)).toEqual({ going: 1, notGoing: 0 });
    expect(await gatherings.respond(world.guildId, gathering.id, b, false)).toEqual({
      going: 1,
      notGoing: 1,
    });
    expect(await gatherings.respond(world.guildId, gathering.id, b, true)).toEqual({ going: 2, notGoing: 0 });
    expect(await gatherings.respond(world.guildId, gathering.id, m1, true)).toEqual({
      going: 3,
      notGoing: 0,
    });
    await expect(gatherings.respond(world.guildId, gathering.id, world.outsider, true)).rejects.toThrow(
      /its group's members/,
    );
    await expect(
      gatherings.respond(other.guildId, gathering.id, other.groups[0]!.mentees[0]!, true),
    ).rejects.toThrow(/No gathering/);
  });
});
