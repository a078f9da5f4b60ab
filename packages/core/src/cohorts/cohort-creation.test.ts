import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { ValidationError } from "../errors.ts";
import { SessionService } from "../sessions/session.service.ts";
import { createTestCommunity, programSchedule, twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase } from "../testing/test-database.ts";
import { CohortService } from "./cohort.service.ts";

let handle: DatabaseHandle;
let guildId: string;
let otherGuildId: string;
const organiser = { userId: "200000000000000001" };

beforeAll(async () => {
  handle = await createTestDatabase();
  ({ guildId, otherGuildId } = await twoCommunities(handle.db));
});
afterAll(() => handle.close());

describe("creating a cohort with its schedule", () => {
  it("lays out the sessions in the cohort's time zone in the same step", async () => {
    const cohort = await new CohortService(handle.db).create(
      guildId,
      { name: "2019" },
      organiser,
      programSchedule,
    );
    const sessions = await new SessionService(handle.db).list(guildId, cohort.id);
    expect(sessions.map((s) => s.startsAt.toISOString())).toEqual([
      "2019-09-03T11:00:00.000Z",
      "2019-09-24T11:00:00.000Z",
      "2019-10-15T11:00:00.000Z",
      "2019-11-05T11:00:00.000Z",
      "2019-11-26T11:00:00.000Z",
      "2019-12-17T11:00:00.000Z",
    ]);
    expect(await new SessionService(handle.db).list(otherGuildId, cohort.id)).toEqual([]);
  });

  it("leaves no cohort behind when the schedule is wrong", async () => {
    const cohorts = new CohortService(handle.db);
    await expect(
      cohorts.create(guildId, { name: "Broken" }, organiser, { ...programSchedule, startTime: "25:00" }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await cohorts.list(guildId)).map((c) => c.name)).not.toContain("Broken");
  });

  it("stores the venue trimmed (blank: none) and audits the creation with the cohort's name", async () => {
    const cohorts = new CohortService(handle.db);
    const placed = await cohorts.create(guildId, { name: " Venue trimmed ", venue: "  Level 3 " }, organiser);
    const blank = await cohorts.create(guildId, { name: "Venue blank", venue: "   " }, organiser);
    const { rows } = await sql<{ name: string; venue: string | null }>`
      select name, venue from cohorts where id in (${placed.id}, ${blank.id}) order by name desc`.execute(
      handle.db,
    );
    expect(rows).toEqual([
      { name: "Venue trimmed", venue: "Level 3" },
      { name: "Venue blank", venue: null },
    ]);
    const audit = await sql<Record<string, unknown>>`
      select actor_user_id, action, entity_type, details from audit_log where entity_id = ${placed.id}`.execute(
      handle.db,
    );
    expect(audit.rows).toEqual([
      {
        actor_user_id: organiser.userId,
        action: "cohort.created",
        entity_type: "cohort",
        details: { name: "Venue trimmed" },
      },
    ]);
  });
});

describe("the current cohort", () => {
  it("is the latest one neither finished nor cancelled, of this community only", async () => {
    const cohorts = new CohortService(handle.db);
    const { guildId: fresh } = await createTestCommunity(handle.db);
    await expect(cohorts.current(fresh)).rejects.toThrow(/no cohort in progress/);
    const older = await cohorts.create(fresh, { name: "Older" }, organiser);
    const newer = await cohorts.create(fresh, { name: "Newer" }, organiser);
    await cohorts.create(otherGuildId, { name: "Elsewhere" }, organiser);
    expect((await cohorts.current(fresh)).id).toBe(newer.id);
    await cohorts.changeState(fresh, newer.id, "cancelled", organiser);
    expect((await cohorts.current(fresh)).id).toBe(older.id);
    // A finished cohort is done with too: the one before it is current again.
    const oldest = older;
    const latest = await cohorts.create(fresh, { name: "Latest" }, organiser);
    for (const state of ["applications_open", "matching", "published", "running", "finished"] as const)
      await cohorts.changeState(fresh, latest.id, state, organiser);
    expect((await cohorts.current(fresh)).id).toBe(oldest.id);
  });
});
