import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import type { CohortState } from "../db/schema.ts";
import { ConflictError, IllegalStateChangeError, NotFoundError, ValidationError } from "../errors.ts";
import { createTestCohort, createTestCommunity, testSnowflake } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { CohortService } from "./cohort.service.ts";
import { COHORT_STATES } from "./cohort-state.ts";

let handle: DatabaseHandle;
let cohorts: CohortService;
let guildId: string;
const organiser = { userId: "200000000000000001" };

beforeAll(async () => {
  handle = await createTestDatabase();
  cohorts = new CohortService(handle.db);
  ({ guildId } = await createTestCommunity(handle.db));
});
afterAll(() => handle.close());

// Written out here rather than read from the code, so a wrong table in the code fails the test.
const LEGAL: Array<[CohortState, CohortState]> = [
  ["draft", "applications_open"],
  ["draft", "cancelled"],
  ["applications_open", "matching"],
  ["applications_open", "cancelled"],
  ["matching", "applications_open"],
  ["matching", "published"],
  ["matching", "cancelled"],
  ["published", "running"],
  ["published", "cancelled"],
  ["running", "finished"],
  ["running", "cancelled"],
];
let cohortNumber = 0;
async function stateChangedAt(cohortId: string) {
  return (await cohorts.get(guildId, cohortId)).stateChangedAt;
}
async function cohortIn(state: CohortState) {
  cohortNumber += 1;
  return createTestCohort(handle.db, guildId, state, `Cohort ${cohortNumber}`, organiser);
}

describe(`cohorts (${testDatabaseKind()})`, () => {
  it("starts as a draft with the program's group shape and the community's time zone", async () => {
    const cohort = await cohorts.create(guildId, { name: "  Term 3, 2019 ", venue: "Level 3" }, organiser);
    expect(cohort).toMatchObject({
      name: "Term 3, 2019",
      state: "draft",
      mentorsPerGroup: 2,
      menteesPerGroup: 3,
      timeZone: "Asia/Singapore",
      venue: "Level 3",
    });
  });

  it("names every bad field at once", async () => {
    const error = await cohorts
      .create(
        guildId,
        { name: "", timeZone: "Mars/Olympus", mentorsPerGroup: 0, menteesPerGroup: 21 },
        organiser,
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field).sort()).toEqual([
      "menteesPerGroup",
      "mentorsPerGroup",
      "name",
      "timeZone",
    ]);
  });

  it("refuses a second cohort of the same name in one community", async () => {
    await cohorts.create(guildId, { name: "Twin" }, organiser);
    await expect(cohorts.create(guildId, { name: "Twin" }, organiser)).rejects.toBeInstanceOf(ConflictError);
  });

  for (const [from, to] of LEGAL) {
    it(`goes from ${from} to ${to}, and records who did it`, async () => {
      const cohort = await cohortIn(from);
      const changed = await cohorts.changeState(guildId, cohort.id, to, organiser);
      expect(changed.state).toBe(to);
      const audit = await handle.db
        .selectFrom("audit_log")
        .select(["actor_user_id", "details"])
        .where("entity_id", "=", cohort.id)
        .where("action", "=", "cohort.state_changed")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      expect(audit).toEqual({ actor_user_id: organiser.userId, details: { from, to } });
    });
  }

  const illegal = COHORT_STATES.flatMap((from) =>
    COHORT_STATES.filter((to) => !LEGAL.some(([f, t]) => f === from && t === to)).map(
      (to) => [from, to] as const,
    ),
  );
  it.each(illegal)("refuses %s → %s and leaves the cohort as it was", async (from, to) => {
    const cohort = await cohortIn(from);
    await expect(cohorts.changeState(guildId, cohort.id, to, organiser)).rejects.toBeInstanceOf(
      IllegalStateChangeError,
    );
    expect((await cohorts.get(guildId, cohort.id)).state).toBe(from);
  });

  it("says where a cohort can go instead, or that it is final", async () => {
    const draft = await cohortIn("draft");
    await expect(cohorts.changeState(guildId, draft.id, "running", organiser)).rejects.toThrow(
      "A cohort cannot go from draft to running: from draft it can go to applications_open or cancelled",
    );
    const finished = await cohortIn("finished");
    await expect(cohorts.changeState(guildId, finished.id, "running", organiser)).rejects.toThrow(
      "A cohort cannot go from finished to running: finished is final",
    );
    const cancelled = await cohortIn("cancelled");
    await expect(cohorts.changeState(guildId, cancelled.id, "draft", organiser)).rejects.toThrow(
      "A cohort cannot go from cancelled to draft: cancelled is final",
    );
  });

  it("refuses a state that does not exist", async () => {
    const cohort = await cohortIn("draft");
    await expect(cohorts.changeState(guildId, cohort.id, "archived", organiser)).rejects.toThrow(
      /no such state/,
    );
  });

  it("cannot see or change another community's cohort", async () => {
    const cohort = await cohortIn("draft");
    const other = await createTestCommunity(handle.db);
    await expect(cohorts.get(other.guildId, cohort.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      cohorts.changeState(other.guildId, cohort.id, "applications_open", organiser),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await cohorts.list(other.guildId)).toEqual([]);
  });
});

describe(`the database itself guards the cohort (${testDatabaseKind()})`, () => {
  const ALL_PAIRS = COHORT_STATES.flatMap((from) => COHORT_STATES.map((to) => [from, to] as const));
  it.each(ALL_PAIRS)("from plain SQL: %s → %s is taken or refused as the table says", async (from, to) => {
    const cohort = await cohortIn(from);
    const before = await stateChangedAt(cohort.id);
    const change = sql`update cohorts set state = ${to} where id = ${cohort.id}`.execute(handle.db);
    if (from === to) {
      // Not a change: nothing to check, and the time of the last change stays.
      await change;
      expect(await stateChangedAt(cohort.id)).toEqual(before);
    } else if (LEGAL.some(([f, t]) => f === from && t === to)) {
      await change;
      expect((await cohorts.get(guildId, cohort.id)).state).toBe(to);
      expect((await stateChangedAt(cohort.id)).getTime()).toBeGreaterThan(before.getTime());
    } else {
      await expect(change).rejects.toMatchObject({
        code: "23514",
        constraint: "cohort_state_transition",
        message: `illegal cohort state change from ${from} to ${to}`,
      });
      expect((await cohorts.get(guildId, cohort.id)).state).toBe(from);
    }
  });

  it("refuses a cohort created in any state but draft", async () => {
    await expect(
      sql`insert into cohorts (guild_id, name, time_zone, state) values (${guildId}, 'Sneaky', 'UTC', 'published')`.execute(
        handle.db,
      ),
    ).rejects.toThrow(/starts as a draft/);
  });

  it("refuses a cohort of a community that does not exist (foreign key)", async () => {
    await expect(
      handle.db
        .insertInto("cohorts")
        .values({
          guild_id: testSnowflake(),
          name: "Orphan",
          time_zone: "UTC",
          venue: null,
          discord_category_id: null,
        })
        .execute(),
    ).rejects.toMatchObject({ code: "23503" });
  });

  it("refuses a group shape out of range and a malformed Discord id (check constraints)", async () => {
    await expect(
      sql`insert into cohorts (guild_id, name, time_zone, mentors_per_group) values (${guildId}, 'Huge', 'UTC', 11)`.execute(
        handle.db,
      ),
    ).rejects.toMatchObject({ code: "23514" });
    await expect(
      sql`insert into communities (guild_id, name) values ('not-a-snowflake', 'Bad')`.execute(handle.db),
    ).rejects.toMatchObject({ code: "23514" });
  });
});
