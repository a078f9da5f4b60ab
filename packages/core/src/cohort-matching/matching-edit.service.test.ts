import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApplicationService } from "../applications/application.service.ts";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import { GroupRepository } from "../groups/group.repository.ts";
import { createTestCommunity } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { CohortMatchingService } from "./cohort-matching.service.ts";
import { MatchingEditService } from "./matching-edit.service.ts";
import { MatchingRunRepository } from "./matching-run.repository.ts";

let handle: DatabaseHandle;
let guildId: string;
let people: string[];
const organiser = { userId: "200000000000000009" };

beforeAll(async () => {
  handle = await createTestDatabase();
  ({ guildId, memberIds: people } = await createTestCommunity(handle.db, 10));
});
afterAll(() => handle.close());

/** Two groups of 2 + 3: four mentors (two women, two men), six mentees. */
let n = 0;
async function matchedCohort() {
  n += 1;
  const cohorts = new CohortService(handle.db);
  const cohort = await cohorts.create(guildId, { name: `Edits ${n}` }, organiser);
  await cohorts.changeState(guildId, cohort.id, "applications_open", organiser);
  const applications = new ApplicationService(handle.db);
  for (const [index, userId] of people.entries()) {
    const mentor = index < 4;
    await applications.apply(guildId, cohort.id, userId, {
      role: mentor ? "mentor" : "mentee",
      gender: index % 2 === 0 ? "female" : "male",
      areas: ["career"],
      experience: mentor ? "senior" : "junior",
    });
  }
  await cohorts.changeState(guildId, cohort.id, "matching", organiser);
  const run = await new CohortMatchingService(handle.db).run(guildId, cohort.id, organiser);
  expect(run.verdict.hardViolations).toBe(0);
  return { cohortId: cohort.id, result: run.result };
}

const groupsOf = async (cohortId: string) =>
  (await new GroupRepository(handle.db).listForCohort(guildId, cohortId)).map((g) => [...g.mentees].sort());

describe(`hand edits of draft groups (${testDatabaseKind()})`, () => {
  it("saves a swap that keeps every hard rule at once, as a new run, and audits it", async () => {
    const { cohortId, result } = await matchedCohort();
    const [a, b] = [result.groups[0]!.mentees[0]!, result.groups[1]!.mentees[0]!];
    const outcome = await new MatchingEditService(handle.db).edit(
      guildId,
      cohortId,
      { action: "swap", personId: a, otherId: b },
      {},
      organiser,
    );
    expect(outcome).toMatchObject({ saved: true, needsConfirmation: false });
    expect(outcome.verdict.hardViolations).toBe(0);
    const groups = await groupsOf(cohortId);
    expect(groups[0]).toContain(b);
    expect(groups[1]).toContain(a);
    const latest = await new MatchingRunRepository(handle.db).latest(guildId, cohortId);
    expect(latest).toMatchObject({ id: outcome.runId, kind: "edit" });
    const audit = await handle.db
      .selectFrom("audit_log")
      .select(["actor_user_id", "details"])
      .where("action", "=", "matching.edited")
      .where("entity_id", "=", cohortId)
      .execute();
    expect(audit).toEqual([
      { actor_user_id: organiser.userId, details: expect.objectContaining({ action: "swap", personId: a }) },
    ]);
  });

  it("returns an edit that breaks a hard rule unsaved, and saves it only when confirmed", async () => {
    const { cohortId, result } = await matchedCohort();
    const before = await groupsOf(cohortId);
    const mentee = result.groups[0]!.mentees[0]!;
    const edit = { action: "move" as const, personId: mentee, toGroupId: result.groups[1]!.id };
    const edits = new MatchingEditService(handle.db);
    const refused = await edits.edit(guildId, cohortId, edit, {}, organiser);
    expect(refused).toMatchObject({ saved: false, needsConfirmation: true, hardViolationsBefore: 0 });
    expect(refused.verdict.violations.map((v) => v.rule)).toContain("group-shape");
    expect(await groupsOf(cohortId)).toEqual(before);

    const confirmed = await edits.edit(guildId, cohortId, edit, { confirm: true }, organiser);
    expect(confirmed.saved).toBe(true);
    const after = await groupsOf(cohortId);
    expect(after[0]).not.toContain(mentee);
    expect(after[1]).toContain(mentee);
  });

  it("keeps a pinned person in their group when the rest is matched again", async () => {
    const { cohortId, result } = await matchedCohort();
    const edits = new MatchingEditService(handle.db);
    const mentee = result.groups[1]!.mentees[2]!;
    const pinned = await edits.edit(guildId, cohortId, { action: "pin", personId: mentee }, {}, organiser);
    expect(pinned.pins).toEqual({ [mentee]: result.groups[1]!.id });
    const again = await edits.edit(guildId, cohortId, { action: "rematch", seed: 7 }, {}, organiser);
    expect(again.saved).toBe(true);
    expect(again.result.groups.find((g) => g.id === result.groups[1]!.id)?.mentees).toContain(mentee);
    const unpinned = await edits.edit(
      guildId,
      cohortId,
      { action: "unpin", personId: mentee },
      {},
      organiser,
    );
    expect(unpinned.pins).toEqual({});
  });

  it("refuses an edit of a draft that changed since the organiser looked, and an unknown person", async () => {
    const { cohortId, result } = await matchedCohort();
    const edits = new MatchingEditService(handle.db);
    const stale = "00000000-0000-4000-8000-000000000000";
    const swap = {
      action: "swap" as const,
      personId: result.groups[0]!.mentees[0]!,
      otherId: result.groups[1]!.mentees[0]!,
    };
    await expect(
      edits.edit(guildId, cohortId, swap, { basedOnRunId: stale }, organiser),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      edits.edit(guildId, cohortId, { action: "unpin", personId: "999999999999999999" }, {}, organiser),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("refuses edits once the cohort has left matching", async () => {
    const { cohortId, result } = await matchedCohort();
    await new CohortService(handle.db).changeState(guildId, cohortId, "applications_open", organiser);
    await expect(
      new MatchingEditService(handle.db).edit(
        guildId,
        cohortId,
        { action: "pin", personId: result.groups[0]!.mentees[0]! },
        {},
        organiser,
      ),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});
