import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { ProgramEventService } from "./program-event.service.ts";

describe(`a program event's Discord event is recorded once (${testDatabaseKind()})`, () => {
  let handle: DatabaseHandle;
  let guildId: string;
  let otherGuildId: string;
  let eventId: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const community = await twoCommunities(handle.db, 1, "Europe/London");
    ({ guildId, otherGuildId } = community);
    const cohort = await new CohortService(handle.db).create(guildId, { name: "Gym" }, { userId: null });
    const event = await new ProgramEventService(handle.db).create(
      guildId,
      cohort.id,
      { title: "Developer's Gym", when: "2030-05-01 19:00", location: "Hall", minutes: 60 },
      { userId: community.memberIds[0]! },
      new Date("2030-01-01T00:00:00Z"),
    );
    eventId = event.id;
  });
  afterAll(() => handle.close());

  it("keeps the first one recorded and says which stands", async () => {
    const events = new ProgramEventService(handle.db);
    expect(await events.recordDiscordEventOnce(guildId, eventId, "100000000000000001")).toBe(
      "100000000000000001",
    );
    expect(await events.recordDiscordEventOnce(guildId, eventId, "100000000000000002")).toBe(
      "100000000000000001",
    );
    expect((await events.get(guildId, eventId))?.discordEventId).toBe("100000000000000001");
  });

  it("records nothing through another community's guild id", async () => {
    const events = new ProgramEventService(handle.db);
    expect(await events.recordDiscordEventOnce(otherGuildId, eventId, "100000000000000003")).toBeNull();
    expect((await events.get(guildId, eventId))?.discordEventId).toBe("100000000000000001");
  });
});
