import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditRepository } from "../audit/audit.repository.ts";
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
      /^when: 01:30 does not exist on 2030-03-31 in Europe\/London/,
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

describe(`a gathering's record (${testDatabaseKind()})`, () => {
  /** A London group's first mentee proposes a gathering; another community's term stands beside it. */
  async function proposed(input: { title?: unknown; when?: unknown; where?: unknown } = {}) {
    const world = await createTermWorld(handle.db, { timeZone: "Europe/London" });
    const other = await createTermWorld(handle.db);
    const [a] = world.groups[0]!.mentees as [string];
    clock = new Date("2030-03-01T00:00:00Z");
    const result = await gatherings.propose(world.guildId, a, {
      title: "Picnic",
      when: "2030-09-20 19:00",
      ...input,
    });
    return { world, other, proposer: a, ...result };
  }

  it("is stored trimmed, two hours long, with its group, and audited", async () => {
    const { world, proposer, gathering, group } = await proposed({ title: "  Picnic ", where: " Park " });
    expect(gathering).toMatchObject({
      groupId: world.groups[0]!.id,
      title: "Picnic",
      location: "Park",
      proposedBy: proposer,
      discordEventId: null,
      channelId: null,
      messageId: null,
    });
    expect(gathering.endsAt?.toISOString()).toBe("2030-09-20T20:00:00.000Z");
    expect(group).toMatchObject({
      groupId: world.groups[0]!.id,
      cohortId: world.cohortId,
      timeZone: "Europe/London",
    });
    expect(await gatherings.get(world.guildId, gathering.id)).toEqual(gathering);
    const audit = await new AuditRepository(handle.db).forEntity("gathering", gathering.id);
    expect(audit.map((e) => [e.guild_id, e.actor_user_id, e.action])).toEqual([
      [world.guildId, proposer, "gathering.proposed"],
    ]);
  });

  it("has no place unless one is given", async () => {
    expect((await proposed()).gathering.location).toBeNull();
    expect((await proposed({ where: "  " })).gathering.location).toBeNull();
    expect((await proposed({ where: "w".repeat(100) })).gathering.location).toBe("w".repeat(100));
  });

  it("is proposed only by a group member of the community asked, with a title", async () => {
    const { world, other } = await proposed();
    const theirs = other.groups[0]!.mentees[0]!;
    await expect(
      gatherings.propose(world.guildId, theirs, { title: "x", when: "2031-01-01 10:00" }),
    ).rejects.toThrow("Only members of a group in a running cohort can propose a gathering.");
    const ours = world.groups[0]!.mentees[0]!;
    await expect(
      gatherings.propose(other.guildId, ours, { title: "x", when: "2031-01-01 10:00" }),
    ).rejects.toThrow(/Only members of a group/);
    await expect(
      gatherings.propose(world.guildId, ours, { title: "t".repeat(101), when: "2031-01-01 10:00" }),
    ).rejects.toThrow("title: must be 1 to 100 characters");
    await expect(
      gatherings.propose(world.guildId, ours, { title: 7, when: "2031-01-01 10:00" }),
    ).rejects.toThrow("title: must be text");
    clock = new Date("2030-12-31T23:59:59.999Z");
    await expect(
      gatherings.propose(world.guildId, ours, { title: "x", when: "2031-01-01 00:00" }),
    ).resolves.toMatchObject({
      gathering: { title: "x" },
    });
    clock = new Date("2031-01-01T00:00:00Z");
    await expect(
      gatherings.propose(world.guildId, ours, { title: "x", when: "2031-01-01 00:00" }),
    ).rejects.toThrow("when: is in the past; choose a time that is still ahead");
  });

  it("is judged against the real time without a clock given", async () => {
    const world = await createTermWorld(handle.db);
    const [a] = world.groups[0]!.mentees as [string];
    const realTime = new GatheringService(handle.db);
    await expect(
      realTime.propose(world.guildId, a, { title: "Past", when: "2020-01-01 10:00" }),
    ).rejects.toThrow(/in the past/);
    await expect(
      realTime.propose(world.guildId, a, { title: "Ahead", when: "2099-01-01 10:00" }),
    ).resolves.toMatchObject({
      gathering: { title: "Ahead" },
    });
  });

  it("is reached, recorded on Discord and answered only through its own community", async () => {
    const { world, other, gathering } = await proposed();
    await expect(gatherings.get(other.guildId, gathering.id)).rejects.toThrow(
      `No gathering ${gathering.id} here.`,
    );
    await gatherings.recordDiscord(other.guildId, gathering.id, { discordEventId: "100000000000000031" });
    expect(await gatherings.get(world.guildId, gathering.id)).toEqual(gathering);

    await gatherings.recordDiscord(world.guildId, gathering.id, { discordEventId: "100000000000000031" });
    await gatherings.recordDiscord(world.guildId, gathering.id, { channelId: "100000000000000032" });
    await gatherings.recordDiscord(world.guildId, gathering.id, { messageId: "100000000000000033" });
    expect(await gatherings.get(world.guildId, gathering.id)).toMatchObject({
      discordEventId: "100000000000000031",
      channelId: "100000000000000032",
      messageId: "100000000000000033",
    });
    // The event was deleted on Discord: null clears it, the rest stays.
    await gatherings.recordDiscord(world.guildId, gathering.id, {
      discordEventId: null,
      messageId: "100000000000000034",
    });
    expect(await gatherings.get(world.guildId, gathering.id)).toMatchObject({
      discordEventId: null,
      channelId: "100000000000000032",
      messageId: "100000000000000034",
    });
    // Nothing to record changes nothing; a key given as undefined is left as it is.
    await gatherings.recordDiscord(world.guildId, gathering.id, {});
    await gatherings.recordDiscord(world.guildId, gathering.id, { channelId: undefined });
    await gatherings.recordDiscord(world.guildId, gathering.id, {
      channelId: undefined,
      messageId: "100000000000000035",
    });
    expect(await gatherings.get(world.guildId, gathering.id)).toMatchObject({
      discordEventId: null,
      channelId: "100000000000000032",
      messageId: "100000000000000035",
    });

    const [, b] = world.groups[0]!.mentees as [string, string];
    await expect(gatherings.respond(other.guildId, gathering.id, b, true)).rejects.toThrow(
      `No gathering ${gathering.id} here.`,
    );
    expect(await gatherings.respond(world.guildId, gathering.id, b, false)).toEqual({
      going: 0,
      notGoing: 1,
    });
  });
});

describe("reading a gathering's local time, its forms", () => {
  it("takes blanks around it, a T or several spaces between, and a one-digit hour", () => {
    for (const when of [
      " 2030-09-20 19:30 ",
      "2030-09-20T19:30",
      "2030-09-20   19:30",
      "\t2030-09-20 19:30\n",
    ])
      expect(parseWhen(when, "Asia/Singapore").toISOString(), when).toBe("2030-09-20T11:30:00.000Z");
    expect(parseWhen("2030-09-20 9:30", "Asia/Singapore").toISOString()).toBe("2030-09-20T01:30:00.000Z");
  });
  it("refuses anything else with the expected form", () => {
    for (const when of [
      "x2030-09-20 19:30",
      "2030-09-20 19:30x",
      "2030-09-2019:30",
      "2030-09-20 119:30",
      "2030-09-20 19:3",
      "2030-9-20 19:30",
      "2030-09-2 19:30",
      "030-09-20 19:30",
      "2030-09-20 :30",
      "2030-09-20_19:30",
      "",
      20300920,
      undefined,
    ])
      expect(() => parseWhen(when, "Asia/Singapore"), String(when)).toThrow(
        "when: must be a local date and time written YYYY-MM-DD HH:mm",
      );
  });
});
