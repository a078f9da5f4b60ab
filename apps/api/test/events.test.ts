import { AuditRepository, MemberService, ProgramEventService } from "@circles/core";
import { createTermWorld, type TermWorld, testDatabaseKind, testSnowflake } from "@circles/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { injectAs, type Person, startTestApi, TestClock } from "./helpers.ts";

// POST /cohorts/:cohortId/events: a program-wide event from the dashboard, through the same core
// service as `/cohort event` (the bot's term scheduler then puts it on Discord).

let t: Awaited<ReturnType<typeof startTestApi>>;
let world: TermWorld;
let organiser: Person;

beforeAll(async () => {
  t = await startTestApi({ clock: new TestClock(Date.parse("2030-08-01T00:00:00Z")) });
  world = await createTermWorld(t.database.db, { groups: 1 });
  organiser = { userId: testSnowflake(), name: "Mei Ling", organises: [world.guildId] };
  await new MemberService(t.database.db).ensureInCommunity(world.guildId, {
    userId: organiser.userId,
    displayName: organiser.name,
  });
});
afterAll(() => t.close());

const post = (payload: object) =>
  injectAs(t.api, t.clock, organiser, {
    method: "POST",
    url: `/api/communities/${world.guildId}/cohorts/${world.cohortId}/events`,
    payload,
  });

describe(`program events from the dashboard (${testDatabaseKind()})`, () => {
  it("creates the event in the cohort's time zone, stored and audited", async () => {
    const response = await post({
      title: "Developer's Gym: Git",
      when: "2030-09-10 19:00",
      location: "Hall A",
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    // Singapore is UTC+8; the default length is two hours.
    expect(body).toMatchObject({
      title: "Developer's Gym: Git",
      startsAt: "2030-09-10T11:00:00.000Z",
      endsAt: "2030-09-10T13:00:00.000Z",
      status: "scheduled",
    });
    const stored = await new ProgramEventService(t.database.db).get(world.guildId, body.id);
    expect(stored).toMatchObject({
      cohortId: world.cohortId,
      createdBy: organiser.userId,
      discordEventId: null,
    });
    const audit = await new AuditRepository(t.database.db).list(world.guildId, {
      action: "program_event.created",
      limit: 5,
    });
    expect(audit.map((e) => [e.actorUserId, e.entityId])).toEqual([[organiser.userId, body.id]]);
  });

  it("refuses a time in the past and unknown fields", async () => {
    const past = await post({ title: "Gym", when: "2030-07-01 19:00", location: "Hall A" });
    expect(past.statusCode).toBe(400);
    expect(past.body).toMatch(/in the past/);
    const extra = await post({ title: "Gym", when: "2030-09-10 19:00", location: "Hall A", venue: "x" });
    expect(extra.statusCode).toBe(400);
  });
});
