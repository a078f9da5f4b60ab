import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { twoCommunities } from "../testing/fixtures.ts";
import { readsBefore } from "../testing/stale-reads.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { CohortService } from "./cohort.service.ts";

// Changing a cohort: every field while a draft, the name and venue until it ends, nothing after; each
// bad value named; another community's cohort never found. Checked in plain SQL and in the audit log.

let handle: DatabaseHandle;
let cohorts: CohortService;
let guildId: string;
let otherGuildId: string;
const organiser = { userId: "200000000000000002" };

beforeAll(async () => {
  handle = await createTestDatabase();
  cohorts = new CohortService(handle.db);
  ({ guildId, otherGuildId } = await twoCommunities(handle.db, 0, "Asia/Singapore"));
});
afterAll(() => handle.close());

let count = 0;
async function cohortIn(guild = guildId, path: string[] = []) {
  count += 1;
  const cohort = await cohorts.create(guild, { name: `Update ${count}`, venue: "Library" }, { userId: null });
  for (const state of path)
    await sql`update cohorts set state = ${state} where id = ${cohort.id}`.execute(handle.db);
  return cohort;
}

async function row(id: string) {
  const { rows } = await sql<Record<string, unknown>>`
    select name, venue, time_zone, mentors_per_group, mentees_per_group from cohorts where id = ${id}`.execute(
    handle.db,
  );
  return rows[0];
}

async function audits(id: string) {
  const { rows } = await sql<{ actor_user_id: string | null; details: unknown }>`
    select actor_user_id, details from audit_log where entity_id = ${id} and action = 'cohort.updated' order by id`.execute(
    handle.db,
  );
  return rows;
}

describe(`changing a cohort (${testDatabaseKind()})`, () => {
  it("changes every field of a draft, trimmed, and audits exactly the changes", async () => {
    const cohort = await cohortIn();
    const updated = await cohorts.update(
      guildId,
      cohort.id,
      {
        name: "  Autumn  ",
        venue: "  Hall  ",
        timeZone: "Europe/London",
        mentorsPerGroup: 1,
        menteesPerGroup: 20,
      },
      organiser,
    );
    expect(updated).toMatchObject({
      name: "Autumn",
      venue: "Hall",
      timeZone: "Europe/London",
      mentorsPerGroup: 1,
      menteesPerGroup: 20,
    });
    expect(await row(cohort.id)).toEqual({
      name: "Autumn",
      venue: "Hall",
      time_zone: "Europe/London",
      mentors_per_group: 1,
      mentees_per_group: 20,
    });
    expect(await audits(cohort.id)).toEqual([
      {
        actor_user_id: organiser.userId,
        details: {
          name: "Autumn",
          venue: "Hall",
          timeZone: "Europe/London",
          mentorsPerGroup: 1,
          menteesPerGroup: 20,
        },
      },
    ]);

    // A blank venue is none; an absent field is left as it is.
    await cohorts.update(guildId, cohort.id, { venue: "   " }, organiser);
    await cohorts.update(guildId, cohort.id, { mentorsPerGroup: 10 }, organiser);
    expect(await row(cohort.id)).toEqual({
      name: "Autumn",
      venue: null,
      time_zone: "Europe/London",
      mentors_per_group: 10,
      mentees_per_group: 20,
    });
    expect((await audits(cohort.id)).slice(1).map((a) => a.details)).toEqual([
      { venue: null },
      { mentorsPerGroup: 10 },
    ]);
    await cohorts.update(guildId, cohort.id, { venue: null }, organiser);
    expect((await row(cohort.id))?.venue).toBeNull();
  });

  it("names every bad field at once and changes nothing", async () => {
    const cohort = await cohortIn();
    const before = await row(cohort.id);
    const fields = async (patch: Parameters<CohortService["update"]>[2]) => {
      const error = await cohorts.update(guildId, cohort.id, patch, organiser).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).problems.map((p) => p.field);
    };
    expect(
      await fields({
        name: " ",
        venue: "v".repeat(201),
        timeZone: "Nowhere/City",
        mentorsPerGroup: 0,
        menteesPerGroup: 21,
      }),
    ).toEqual(["name", "venue", "timeZone", "mentorsPerGroup", "menteesPerGroup"]);
    expect(await fields({ name: "n".repeat(101), mentorsPerGroup: 11, menteesPerGroup: 0 })).toEqual([
      "name",
      "mentorsPerGroup",
      "menteesPerGroup",
    ]);
    expect(await row(cohort.id)).toEqual(before);
    expect(await audits(cohort.id)).toEqual([]);
    // At the bounds: accepted.
    await cohorts.update(guildId, cohort.id, { name: "n".repeat(100), venue: "v".repeat(200) }, organiser);
    expect(await row(cohort.id)).toMatchObject({ name: "n".repeat(100), venue: "v".repeat(200) });
  });

  it("after draft, changes the name and venue but refuses a new time zone or group shape, naming them", async () => {
    const cohort = await cohortIn(guildId, ["applications_open"]);
    const refused = cohorts.update(
      guildId,
      cohort.id,
      { name: "Renamed", timeZone: "Europe/London", mentorsPerGroup: 3, menteesPerGroup: 3 },
      organiser,
    );
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toThrow(
      `${cohort.name} is applications_open: its timeZone and mentorsPerGroup can only change while it is a draft.`,
    );
    expect(await row(cohort.id)).toMatchObject({ name: cohort.name, time_zone: "Asia/Singapore" });
    // The values it has already are no change.
    const renamed = await cohorts.update(
      guildId,
      cohort.id,
      { name: "Renamed", venue: "Hall", timeZone: "Asia/Singapore", mentorsPerGroup: 2, menteesPerGroup: 3 },
      organiser,
    );
    expect(renamed).toMatchObject({ name: "Renamed", venue: "Hall", state: "applications_open" });
  });

  it("changes nothing once finished or cancelled", async () => {
    const finished = await cohortIn(guildId, [
      "applications_open",
      "matching",
      "published",
      "running",
      "finished",
    ]);
    const cancelled = await cohortIn(guildId, ["cancelled"]);
    for (const [cohort, state] of [
      [finished, "finished"],
      [cancelled, "cancelled"],
    ] as const) {
      const refused = cohorts.update(guildId, cohort.id, { venue: "Elsewhere" }, organiser);
      await expect(refused).rejects.toBeInstanceOf(ConflictError);
      await expect(refused).rejects.toThrow(`${cohort.name} is ${state}: it can no longer change.`);
      expect((await row(cohort.id))?.venue).toBe("Library");
    }
  });

  it("finds neither an unknown cohort nor another community's, and refuses a name taken in the community", async () => {
    const cohort = await cohortIn(otherGuildId);
    await expect(
      cohorts.update(guildId, cohort.id, { name: "Taken over" }, organiser),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await row(cohort.id))?.name).toBe(cohort.name);
    const unknown = "00000000-0000-4000-8000-000000000000";
    await expect(cohorts.update(guildId, unknown, { name: "X" }, organiser)).rejects.toBeInstanceOf(
      NotFoundError,
    );

    const mine = await cohortIn();
    const taken = await cohortIn();
    const clash = cohorts.update(guildId, mine.id, { name: ` ${taken.name} ` }, organiser);
    await expect(clash).rejects.toBeInstanceOf(ConflictError);
    await expect(clash).rejects.toThrow(`A cohort named "${taken.name}" exists already.`);
    // The same name in another community is no clash.
    expect((await cohorts.update(guildId, mine.id, { name: cohort.name }, organiser)).name).toBe(cohort.name);
  });

  it("after draft, changes the name alone without naming a fixed field", async () => {
    const cohort = await cohortIn(guildId, ["applications_open"]);
    expect((await cohorts.update(guildId, cohort.id, { name: "Only renamed" }, organiser)).name).toBe(
      "Only renamed",
    );
  });

  it("says which cohort or community it did not find, and what a bad creation or state was", async () => {
    const unknown = "00000000-0000-4000-8000-000000000001";
    for (const attempt of [
      () => cohorts.get(guildId, unknown),
      () => cohorts.update(guildId, unknown, { name: "X" }, organiser),
      () => cohorts.changeState(guildId, unknown, "applications_open", organiser),
    ])
      await expect(attempt()).rejects.toThrow(`No cohort ${unknown} here.`);
    await expect(cohorts.create("300000000000000009", { name: "Nowhere" }, organiser)).rejects.toThrow(
      "No community 300000000000000009 here.",
    );
    const cohort = await cohortIn();
    await expect(cohorts.changeState(guildId, cohort.id, "archived", organiser)).rejects.toThrow(
      "A cohort cannot go from ? to archived: no such state",
    );
    const error = await cohorts
      .create(guildId, { name: "n".repeat(101), venue: "v".repeat(201) }, organiser)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field)).toEqual(["name", "venue"]);
    const atLimits = await cohorts.create(
      guildId,
      { name: "c".repeat(100), venue: "v".repeat(200) },
      organiser,
    );
    expect(atLimits.venue).toHaveLength(200);
    const clash = cohorts.create(guildId, { name: `  ${cohort.name}  ` }, organiser);
    await expect(clash).rejects.toBeInstanceOf(ConflictError);
    await expect(clash).rejects.toThrow(`A cohort named "${cohort.name}" exists already.`);
  });

  it("refuses a state change that lost the race to another, and records only the winner's", async () => {
    const cohort = await cohortIn();
    await cohorts.changeState(guildId, cohort.id, "applications_open", organiser);
    // A second organiser's request read the cohort while it was still a draft.
    const late = new CohortService(
      handle.db.withPlugin(readsBefore("cohorts", (rows) => rows.map((r) => ({ ...r, state: "draft" })))),
    );
    const refused = late.changeState(guildId, cohort.id, "cancelled", { userId: "200000000000000009" });
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toThrow("The cohort changed meanwhile; reload it and try again.");
    expect((await cohorts.get(guildId, cohort.id)).state).toBe("applications_open");
    const { rows } = await sql<{ details: unknown }>`
      select details from audit_log where entity_id = ${cohort.id} and action = 'cohort.state_changed'`.execute(
      handle.db,
    );
    expect(rows).toEqual([{ details: { from: "draft", to: "applications_open" } }]);
  });
});
