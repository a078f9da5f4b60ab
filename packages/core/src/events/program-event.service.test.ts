import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditRepository } from "../audit/audit.repository.ts";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { type ProgramEventInput, ProgramEventService } from "./program-event.service.ts";

let handle: DatabaseHandle;
let events: ProgramEventService;

beforeAll(async () => {
  handle = await createTestDatabase();
  events = new ProgramEventService(handle.db);
});
afterAll(() => handle.close());

const JAN_2030 = new Date("2030-01-01T00:00:00Z");
const GYM: ProgramEventInput = {
  title: "Developer's Gym",
  when: "2030-05-01 19:00",
  location: "Hall",
  minutes: 60,
};

/** Two communities (London time), a cohort in the first, and a creator who is a member there. */
async function gym(memberCount = 2) {
  const community = await twoCommunities(handle.db, memberCount, "Europe/London");
  const cohort = await new CohortService(handle.db).create(
    community.guildId,
    { name: "Gym" },
    { userId: null },
  );
  const creator = { userId: community.memberIds[0]! };
  const create = (input: Partial<ProgramEventInput> = {}, now = JAN_2030) =>
    events.create(community.guildId, cohort.id, { ...GYM, ...input }, creator, now);
  return { ...community, cohortId: cohort.id, creator, create };
}

describe(`a program event's Discord event is recorded once (${testDatabaseKind()})`, () => {
  let guildId: string;
  let otherGuildId: string;
  let eventId: string;

  beforeAll(async () => {
    const world = await gym(1);
    ({ guildId, otherGuildId } = world);
    eventId = (await world.create()).id;
  });

  it("keeps the first one recorded and says which stands", async () => {
    expect(await events.recordDiscordEventOnce(guildId, eventId, "100000000000000001")).toBe(
      "100000000000000001",
    );
    expect(await events.recordDiscordEventOnce(guildId, eventId, "100000000000000002")).toBe(
      "100000000000000001",
    );
    expect((await events.get(guildId, eventId))?.discordEventId).toBe("100000000000000001");
  });

  it("records nothing through another community's guild id", async () => {
    expect(await events.recordDiscordEventOnce(otherGuildId, eventId, "100000000000000003")).toBeNull();
    expect((await events.get(guildId, eventId))?.discordEventId).toBe("100000000000000001");
  });
});

describe(`creating a program event (${testDatabaseKind()})`, () => {
  it("stores it trimmed, read in the cohort's zone, ending after its minutes, and audits it", async () => {
    const world = await gym();
    const event = await world.create({
      title: "  Developer's Gym ",
      when: " 2030-05-01 19:00 ",
      location: " Hall ",
      description: "  Bring a laptop ",
      minutes: 90,
    });
    expect(event).toMatchObject({
      guildId: world.guildId,
      cohortId: world.cohortId,
      title: "Developer's Gym",
      description: "Bring a laptop",
      location: "Hall",
      status: "scheduled",
      discordEventId: null,
      announcementMessageId: null,
      createdBy: world.creator.userId,
    });
    // London is on summer time (UTC+1) in May.
    expect(event.startsAt.toISOString()).toBe("2030-05-01T18:00:00.000Z");
    expect(event.endsAt.toISOString()).toBe("2030-05-01T19:30:00.000Z");
    expect(await events.get(world.guildId, event.id)).toEqual(event);
    const audit = await new AuditRepository(handle.db).forEntity("program_event", event.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      guild_id: world.guildId,
      actor_user_id: world.creator.userId,
      action: "program_event.created",
    });
    expect(audit[0]!.details).toEqual({ title: "Developer's Gym", startsAt: "2030-05-01T18:00:00.000Z" });
  });

  it("keeps no description when none or only blanks are given", async () => {
    const world = await gym();
    expect((await world.create()).description).toBeNull();
    expect((await world.create({ description: null })).description).toBeNull();
    expect((await world.create({ description: "   " })).description).toBeNull();
    expect((await world.create({ description: "d".repeat(1000) })).description).toBe("d".repeat(1000));
  });

  it("refuses bad fields, all at once, each with its reason", async () => {
    const world = await gym();
    await expect(
      world.create({ title: " ", location: "l".repeat(101), description: "d".repeat(1001), minutes: 14 }),
    ).rejects.toThrow(
      "title: must be 1 to 100 characters; location: must be 1 to 100 characters; " +
        "description: must be at most 1000 characters; minutes: must be a whole number from 15 to 720",
    );
    await expect(world.create({ title: "t".repeat(101), minutes: 721 })).rejects.toThrow(
      "title: must be 1 to 100 characters; minutes: must be a whole number from 15 to 720",
    );
    await expect(world.create({ location: "" })).rejects.toThrow("location: must be 1 to 100 characters");
    const edges = [
      await world.create({ minutes: 15 }),
      await world.create({ minutes: 720, title: "t".repeat(100) }),
    ];
    expect(edges.map((e) => (e.endsAt.getTime() - e.startsAt.getTime()) / 60_000)).toEqual([15, 720]);
  });

  it("reads a local date and time in either form and refuses anything else", async () => {
    const world = await gym();
    const startOf = async (when: string) => (await world.create({ when })).startsAt.toISOString();
    expect(await startOf("2030-05-01T09:05")).toBe("2030-05-01T08:05:00.000Z");
    expect(await startOf("2030-12-31 23:59")).toBe("2030-12-31T23:59:00.000Z");
    expect(await startOf("2031-01-01 00:00")).toBe("2031-01-01T00:00:00.000Z");
    expect(await startOf("2030-05-01 20:30")).toBe("2030-05-01T19:30:00.000Z");
    expect(await startOf("2030-05-01 10:00")).toBe("2030-05-01T09:00:00.000Z");
    for (const when of [
      "next friday",
      "x2030-05-01 19:00",
      "2030-05-01 19:00x",
      "2030-5-01 19:00",
      "2030-05-1 19:00",
      "30-05-01 19:00",
      "2030-05-01 9:00",
      "2030-05-01 19:0",
      "2030-05-01 24:00",
      "2030-05-01 30:00",
      "2030-05-01 19:60",
      "2030-05-01_19:00",
      "2030/05/01 19:00",
      "2030-05-01 19.00",
      "",
    ])
      await expect(world.create({ when }), when).rejects.toThrow(
        "when: must be a local date and time like 2027-03-30 19:00",
      );
    await expect(world.create({ when: 2030 as unknown as string })).rejects.toThrow(
      "when: must be a local date and time like 2027-03-30 19:00",
    );
  });

  it("refuses a date that does not exist, a time the clocks jump over, and a time not after now", async () => {
    const world = await gym();
    await expect(world.create({ when: "2030-02-30 19:00" })).rejects.toThrow(
      "when: 2030-02-30 19:00 is not a date",
    );
    await expect(world.create({ when: "2030-13-01 19:00" })).rejects.toThrow(
      "when: 2030-13-01 19:00 is not a date",
    );
    // Europe/London springs forward from 01:00 to 02:00 on 31 March 2030.
    await expect(world.create({ when: "2030-03-31 01:30" })).rejects.toThrow(
      "when: 2030-03-31 01:30 does not exist in Europe/London: the clocks jump forward over it",
    );
    await expect(world.create({ when: "2030-03-31 01:00" })).rejects.toThrow(/does not exist/);
    expect((await world.create({ when: "2030-03-31 02:00" })).startsAt.toISOString()).toBe(
      "2030-03-31T01:00:00.000Z",
    );
    const start = new Date("2030-05-01T18:00:00Z");
    await expect(world.create({}, start)).rejects.toThrow(
      "when: 2030-05-01 19:00 (Europe/London) is in the past",
    );
    await expect(world.create({}, new Date(start.getTime() + 1))).rejects.toThrow(/is in the past/);
    expect((await world.create({}, new Date(start.getTime() - 1))).startsAt).toEqual(start);
  });

  it("refuses a time in a half-hour gap (Lord Howe Island springs forward from 02:00 to 02:30)", async () => {
    const { guildId, memberIds } = await twoCommunities(handle.db, 1);
    const cohort = await new CohortService(handle.db).create(
      guildId,
      { name: "Lord Howe", timeZone: "Australia/Lord_Howe" },
      { userId: null },
    );
    const create = (when: string) =>
      events.create(guildId, cohort.id, { ...GYM, when }, { userId: memberIds[0]! }, JAN_2030);
    await expect(create("2030-10-06 02:15")).rejects.toThrow(
      "when: 2030-10-06 02:15 does not exist in Australia/Lord_Howe: the clocks jump forward over it",
    );
    expect((await create("2030-10-06 02:30")).startsAt.toISOString()).toBe("2030-10-05T15:30:00.000Z");
  });

  it("refuses a cohort of another community, writing nothing", async () => {
    const world = await gym();
    await expect(
      events.create(world.otherGuildId, world.cohortId, GYM, world.creator, JAN_2030),
    ).rejects.toThrow(`No cohort ${world.cohortId} here.`);
    expect(await events.upcoming([world.guildId, world.otherGuildId], JAN_2030)).toEqual([]);
  });
});

describe(`a program event's Discord records and the upcoming list (${testDatabaseKind()})`, () => {
  it("records the Discord event and announcement apart, only through the event's own community", async () => {
    const world = await gym();
    const event = await world.create();
    await events.recordDiscord(world.otherGuildId, event.id, {
      discordEventId: "100000000000000021",
      announcementMessageId: "100000000000000022",
    });
    expect(await events.get(world.guildId, event.id)).toEqual(event);
    expect(await events.get(world.otherGuildId, event.id)).toBeUndefined();
    await events.recordDiscord(world.guildId, event.id, { discordEventId: "100000000000000011" });
    expect(await events.get(world.guildId, event.id)).toMatchObject({
      discordEventId: "100000000000000011",
      announcementMessageId: null,
    });
    await events.recordDiscord(world.guildId, event.id, { announcementMessageId: "100000000000000012" });
    expect(await events.get(world.guildId, event.id)).toMatchObject({
      discordEventId: "100000000000000011",
      announcementMessageId: "100000000000000012",
    });
    // Nothing to record changes nothing.
    await events.recordDiscord(world.guildId, event.id, {});
    expect(await events.get(world.guildId, event.id)).toMatchObject({
      discordEventId: "100000000000000011",
      announcementMessageId: "100000000000000012",
    });
  });

  it("lists events starting after now, soonest first, of the communities asked for", async () => {
    const world = await gym();
    const there = await gym();
    const late = await world.create({ when: "2030-06-01 19:00" });
    const soon = await world.create({ when: "2030-05-01 19:00" });
    const elsewhere = await there.create({ when: "2030-05-15 19:00" });
    const ids = async (guildIds: string[] | undefined, now: Date) =>
      (await events.upcoming(guildIds, now))
        .map((e) => e.id)
        .filter((id) => [late.id, soon.id, elsewhere.id].includes(id));
    expect(await ids([world.guildId], JAN_2030)).toEqual([soon.id, late.id]);
    expect(await ids([world.guildId, there.guildId], JAN_2030)).toEqual([soon.id, elsewhere.id, late.id]);
    expect(await ids(undefined, JAN_2030)).toEqual([soon.id, elsewhere.id, late.id]);
    expect(await events.upcoming([], JAN_2030)).toEqual([]);
    expect(await events.upcoming([world.otherGuildId], JAN_2030)).toEqual([]);
    expect(await ids([world.guildId], soon.startsAt)).toEqual([late.id]);
    expect(await ids([world.guildId], new Date(soon.startsAt.getTime() - 1))).toEqual([soon.id, late.id]);
    expect((await events.upcoming([world.guildId], JAN_2030))[0]).toEqual(soon);
  });
});

describe(`answering a program event (${testDatabaseKind()})`, () => {
  it("counts going and not going per member, an answer changed until the event starts", async () => {
    const world = await gym(3);
    const event = await world.create();
    const [a, b, c] = world.memberIds as [string, string, string];
    const before = new Date(event.startsAt.getTime() - 1);
    const answer = async (userId: string, going: boolean) =>
      (await events.answer(world.guildId, event.id, userId, going, before)).counts;
    expect(await answer(a, true)).toEqual({ going: 1, notGoing: 0 });
    expect(await answer(b, false)).toEqual({ going: 1, notGoing: 1 });
    expect(await answer(c, false)).toEqual({ going: 1, notGoing: 2 });
    expect(await answer(b, true)).toEqual({ going: 2, notGoing: 1 });
    expect((await events.answer(world.guildId, event.id, a, true, before)).event).toEqual(event);
    await expect(events.answer(world.guildId, event.id, a, false, event.startsAt)).rejects.toThrow(
      "This event has started already.",
    );
    await expect(
      events.answer(world.guildId, event.id, a, false, new Date(event.startsAt.getTime() + 1)),
    ).rejects.toThrow("This event has started already.");
    expect(await answer(c, true)).toEqual({ going: 3, notGoing: 0 });
  });

  it("refuses another community's event, a cancelled one, and someone not in the community", async () => {
    const world = await gym(1);
    const there = await gym(1);
    const event = await world.create();
    const member = world.memberIds[0]!;
    await expect(events.answer(world.otherGuildId, event.id, member, true, JAN_2030)).rejects.toThrow(
      `No event ${event.id} here.`,
    );
    await expect(events.answer(world.guildId, event.id, there.memberIds[0]!, true, JAN_2030)).rejects.toThrow(
      "Join the community first.",
    );
    // Another community's answers are not counted with this one's.
    const theirs = await there.create();
    await events.answer(there.guildId, theirs.id, there.memberIds[0]!, true, JAN_2030);
    expect((await events.answer(world.guildId, event.id, member, false, JAN_2030)).counts).toEqual({
      going: 0,
      notGoing: 1,
    });
    await handle.db
      .updateTable("program_events")
      .set({ status: "cancelled" })
      .where("id", "=", event.id)
      .execute();
    await expect(events.answer(world.guildId, event.id, member, true, JAN_2030)).rejects.toThrow(
      "This event was cancelled.",
    );
  });
});
