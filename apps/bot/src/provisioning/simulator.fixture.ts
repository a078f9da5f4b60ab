import { CohortService, CommunityService, type DatabaseHandle, ProvisioningService } from "@circles/core";
import { createTestDatabase } from "@circles/core/testing";
import { type Simulator, startSimulator } from "@circles/discord-sim";
import { ControlClient } from "@circles/discord-sim/client";
import { REST } from "discord.js";
import { afterAll, afterEach, beforeAll } from "vitest";

// The reconciler's focused tests: one simulator and one database a file (started in beforeAll), the
// bot's own kind of REST client (retries off), and a guild and cohort of its own for each test.

export interface SimulatorFixture {
  sim: Simulator;
  control: ControlClient;
  database: DatabaseHandle;
  rest: REST;
  botUserId: string;
  /** Users that each fresh guild has as members. */
  people: string[];
}

export function useSimulator(peopleCount = 2): SimulatorFixture {
  const fixture = {} as SimulatorFixture;
  beforeAll(async () => {
    fixture.sim = await startSimulator();
    fixture.control = new ControlClient(fixture.sim.urls.control);
    fixture.database = await createTestDatabase();
    fixture.rest = new REST({ api: fixture.sim.urls.api, retries: 0 }).setToken(fixture.sim.botToken);
    fixture.botUserId = (await fixture.control.state()).botUserId;
    fixture.people = [];
    for (let i = 0; i < peopleCount; i++)
      fixture.people.push((await fixture.control.createUser({ username: `person_${i + 1}` })).id);
  });
  // A fault a test left (its step never ran, under a mutant) is not the next test's.
  afterEach(() => fixture.control.clearFaults());
  afterAll(async () => {
    await fixture.database?.close();
    await fixture.sim?.close();
  });
  return fixture;
}

let count = 0;

/** A guild with the bot, an organisers' role and the fixture's people, its community and a cohort. */
export async function freshCohort(f: SimulatorFixture) {
  count += 1;
  const name = `Guild ${count}`;
  const { id: guildId, ownerId } = await f.control.createGuild({ name });
  const organiserRoleId = (await f.control.createRole(guildId, { name: "Organisers" })).id;
  for (const userId of f.people) await f.control.addMember(guildId, { userId });
  await new CommunityService(f.database.db).register({
    guildId,
    name,
    timeZone: "Asia/Singapore",
    organiserRoleId,
  });
  const cohort = await new CohortService(f.database.db).create(
    guildId,
    { name: "Spring", venue: "Eunos Road 8" },
    { userId: ownerId },
  );
  const service = new ProvisioningService(f.database.db);
  return {
    guildId,
    ownerId,
    organiserRoleId,
    cohortId: cohort.id,
    service,
    /** The record of what was made, by key. */
    recorded: async () =>
      new Map((await service.snapshot(guildId, cohort.id)).resources.map((r) => [r.key, r])),
    guild: () => f.control.guild(guildId),
    rolesOf: async (userId: string) => (await f.control.memberRoles(guildId, userId)).map((r) => r.id),
  };
}
