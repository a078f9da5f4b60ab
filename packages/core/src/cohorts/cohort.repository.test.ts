import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { testSnowflake, twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { type CohortRecord, CohortRepository } from "./cohort.repository.ts";

// The repository's changes on their own: a patch changes exactly the fields it names, a state change
// happens only from the state it expects, and neither reaches a cohort through another community.

let handle: DatabaseHandle;
let repo: CohortRepository;
let guildId: string;
let otherGuildId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  repo = new CohortRepository(handle.db);
  ({ guildId, otherGuildId } = await twoCommunities(handle.db));
});
afterAll(() => handle.close());

let count = 0;
const newCohort = (guild = guildId) => {
  count += 1;
  return repo.insert({
    guildId: guild,
    name: `Cohort ${count}`,
    mentorsPerGroup: 2,
    menteesPerGroup: 3,
    timeZone: "Asia/Singapore",
    venue: "Library",
  });
};

async function row(id: string) {
  const { rows } = await sql<{
    name: string;
    venue: string | null;
    time_zone: string;
    discord_category_id: string | null;
    mentors_per_group: number;
    mentees_per_group: number;
    state: string;
  }>`select name, venue, time_zone, discord_category_id, mentors_per_group, mentees_per_group, state
     from cohorts where id = ${id}`.execute(handle.db);
  return rows[0];
}

const unchanged = (cohort: CohortRecord) => ({
  name: cohort.name,
  venue: cohort.venue,
  time_zone: cohort.timeZone,
  discord_category_id: cohort.discordCategoryId,
  mentors_per_group: cohort.mentorsPerGroup,
  mentees_per_group: cohort.menteesPerGroup,
  state: cohort.state,
});

describe(`the cohorts repository (${testDatabaseKind()})`, () => {
  it("changes exactly the field a patch names, one field at a time, and returns the record", async () => {
    const categoryId = testSnowflake();
    const patches = [
      [{ name: "Renamed" }, { name: "Renamed" }],
      [{ venue: null }, { venue: null }],
      [{ timeZone: "Europe/London" }, { time_zone: "Europe/London" }],
      [{ discordCategoryId: categoryId }, { discord_category_id: categoryId }],
      [{ mentorsPerGroup: 1 }, { mentors_per_group: 1 }],
      [{ menteesPerGroup: 5 }, { mentees_per_group: 5 }],
    ] as const;
    for (const [patch, columns] of patches) {
      const cohort = await newCohort();
      const updated = await repo.update(guildId, cohort.id, patch);
      expect(updated).toEqual({ ...cohort, ...patch });
      expect(await row(cohort.id)).toEqual({ ...unchanged(cohort), ...columns });
    }
  });

  it("changes nothing of another community's cohort", async () => {
    const cohort = await newCohort(otherGuildId);
    expect(await repo.update(guildId, cohort.id, { name: "Taken over", venue: "Elsewhere" })).toBeUndefined();
    expect(await repo.changeState(guildId, cohort.id, "draft", "applications_open")).toBeUndefined();
    expect(await row(cohort.id)).toEqual(unchanged(cohort));
    expect(await repo.get(guildId, cohort.id)).toBeUndefined();
    expect((await repo.list(guildId)).map((c) => c.id)).not.toContain(cohort.id);
  });

  it("changes the state only from the state it expects, and returns the record", async () => {
    const cohort = await newCohort();
    expect(await repo.changeState(guildId, cohort.id, "matching", "published")).toBeUndefined();
    expect((await row(cohort.id))?.state).toBe("draft");
    const changed = await repo.changeState(guildId, cohort.id, "draft", "applications_open");
    expect(changed).toEqual({ ...cohort, state: "applications_open", stateChangedAt: expect.any(Date) });
    expect((await row(cohort.id))?.state).toBe("applications_open");
  });
});
