import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import type { CheckVerdict, MatchResult } from "../matching/types.ts";
import { testSnowflake, twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { MatchingRunRepository } from "./matching-run.repository.ts";

// The repository on its own, for two communities: a matcher's run and an organiser's edit (with its
// pins) stored with their verdict, and the latest run read only through the cohort's own community.

let handle: DatabaseHandle;
let repo: MatchingRunRepository;
let a: string;
let b: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  repo = new MatchingRunRepository(handle.db);
  ({ guildId: a, otherGuildId: b } = await twoCommunities(handle.db));
});
afterAll(() => handle.close());

let count = 0;
async function cohortIn(guildId: string) {
  count += 1;
  return (await new CohortService(handle.db).create(guildId, { name: `Runs ${count}` }, { userId: null })).id;
}

const result = (waiting: string[]): MatchResult => ({
  version: 1,
  groups: [],
  waitlist: waiting.map((id) => ({ id, reason: "capacity" })),
  unplacedMentors: [],
});
const verdict = (hardViolations: number): CheckVerdict => ({
  hardViolations,
  violations: [],
  unbalancedGroups: 1,
  softScore: 0.75,
  previouslyGroupedPairs: 0,
  bindingRequestsHonoured: 0,
  bindingRequests: 0,
});

describe(`the matching runs repository (${testDatabaseKind()})`, () => {
  it("stores a matcher's run and an edit with its pins, and reads the latest in its own community", async () => {
    const cohort = await cohortIn(a);
    const elsewhere = await cohortIn(b);
    expect(await repo.latest(a, cohort)).toBeUndefined();
    const organiser = testSnowflake();

    const run = await repo.insert(a, cohort, {
      seed: 7,
      input: { people: 3 },
      result: result(["m1"]),
      verdict: verdict(0),
      createdBy: null,
    });
    expect(run).toEqual({
      id: expect.any(String),
      cohortId: cohort,
      seed: 7,
      input: { people: 3 },
      result: result(["m1"]),
      kind: "matcher",
      pins: {},
      hardViolations: 0,
      createdBy: null,
      createdAt: expect.any(Date),
    });
    expect(await repo.latest(a, cohort)).toEqual(run);

    const edit = await repo.insert(a, cohort, {
      seed: 7,
      input: { people: 3 },
      result: result([]),
      verdict: verdict(2),
      createdBy: organiser,
      pins: { m1: "group-1" },
    });
    expect(edit).toMatchObject({
      kind: "edit",
      pins: { m1: "group-1" },
      hardViolations: 2,
      createdBy: organiser,
    });
    const { rows } = await sql<{ unbalanced_groups: number; soft_score: number }>`
      select unbalanced_groups, soft_score from matching_runs where id = ${edit.id}`.execute(handle.db);
    expect(rows).toEqual([{ unbalanced_groups: 1, soft_score: 0.75 }]);

    // Both at one instant: the later id breaks the tie, so "latest" is one run, always the same.
    await sql`update matching_runs set created_at = '2027-01-01T00:00:00Z' where cohort_id = ${cohort}`.execute(
      handle.db,
    );
    const newer = [run.id, edit.id].sort().at(-1);
    expect((await repo.latest(a, cohort))?.id).toBe(newer);
    await sql`update matching_runs set created_at = '2027-01-02T00:00:00Z' where id = ${[run.id, edit.id].sort()[0]}`.execute(
      handle.db,
    );
    expect((await repo.latest(a, cohort))?.id).toBe([run.id, edit.id].sort()[0]);

    expect(await repo.latest(b, cohort)).toBeUndefined();
    expect(await repo.latest(a, elsewhere)).toBeUndefined();
  });
});
