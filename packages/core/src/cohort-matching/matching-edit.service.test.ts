import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApplicationService } from "../applications/application.service.ts";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { GroupRepository } from "../groups/group.repository.ts";
import { twoCommunities } from "../testing/fixtures.ts";
import { readsBefore } from "../testing/stale-reads.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { CohortMatchingService } from "./cohort-matching.service.ts";
import { MatchingEditService } from "./matching-edit.service.ts";
import { MatchingRunRepository } from "./matching-run.repository.ts";

let handle: DatabaseHandle;
let guildId: string;
let otherGuildId: string;
let people: string[];
const organiser = { userId: "200000000000000009" };
/** A seed whose re-match groups the mentees otherwise than the cohort's own seed (0) does. */
const SEED = 7;

beforeAll(async () => {
  handle = await createTestDatabase();
  ({ guildId, otherGuildId, memberIds: people } = await twoCommunities(handle.db, 10));
});
afterAll(() => handle.close());

/** Two groups of 2 + 3: four mentors (two women, two men), six mentees. */
let n = 0;
async function matchingCohort() {
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
  return cohort.id;
}

async function matchedCohort() {
  const cohortId = await matchingCohort();
  const run = await new CohortMatchingService(handle.db).run(guildId, cohortId, organiser);
  expect(run.verdict.hardViolations).toBe(0);
  return { cohortId, result: run.result };
}

/** The audit of each saved edit of the cohort, oldest first. */
const editAudits = async (cohortId: string) =>
  (
    await handle.db
      .selectFrom("audit_log")
      .select(["actor_user_id", "details"])
      .where("action", "=", "matching.edited")
      .where("entity_id", "=", cohortId)
      .orderBy("id")
      .execute()
  ).map((r) => ({ actorUserId: r.actor_user_id, details: r.details as Record<string, unknown> }));

const applicationStates = async (cohortId: string) =>
  Object.fromEntries(
    (
      await handle.db
        .selectFrom("applications")
        .select(["user_id", "state"])
        .where("cohort_id", "=", cohortId)
        .execute()
    ).map((a) => [a.user_id, a.state]),
  );

const groupsOf = async (cohortId: string) =>
  (await new GroupRepository(handle.db).listForCohort(guildId, cohortId)).map((g) => [...g.mentees].sort());

const names = async (cohortId: string) =>
  (await new GroupRepository(handle.db).listForCohort(guildId, cohortId)).map((g) => g.name);

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
    // Stored under the matching's own names, numbered from 01.
    expect(await names(cohortId)).toEqual(["Group 01", "Group 02"]);
    const latest = await new MatchingRunRepository(handle.db).latest(guildId, cohortId);
    expect(latest).toMatchObject({ id: outcome.runId, kind: "edit" });
    // As many hard violations as before (none): nothing needed confirming.
    expect(await editAudits(cohortId)).toEqual([
      {
        actorUserId: organiser.userId,
        details: {
          action: "swap",
          personId: a,
          otherId: b,
          runId: outcome.runId,
          hardViolations: 0,
          confirmed: false,
        },
      },
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
    expect(await editAudits(cohortId)).toEqual([]);

    const confirmed = await edits.edit(guildId, cohortId, edit, { confirm: true }, organiser);
    expect(confirmed.saved).toBe(true);
    const after = await groupsOf(cohortId);
    expect(after[0]).not.toContain(mentee);
    expect(after[1]).toContain(mentee);
    expect(await editAudits(cohortId)).toMatchObject([
      {
        details: { runId: confirmed.runId, hardViolations: refused.verdict.hardViolations, confirmed: true },
      },
    ]);
    expect(refused.verdict.hardViolations).toBeGreaterThan(0);
  });

  it("puts a mentee taken out of their group on the waitlist, and places them again when moved back", async () => {
    const { cohortId, result } = await matchedCohort();
    const [mentee, stays] = result.groups[0]!.mentees as [string, string];
    const edits = new MatchingEditService(handle.db);
    const out = await edits.edit(
      guildId,
      cohortId,
      { action: "move", personId: mentee, toGroupId: null },
      { confirm: true },
      organiser,
    );
    expect(out.result.waitlist.map((w) => w.id)).toEqual([mentee]);
    expect(await applicationStates(cohortId)).toMatchObject({ [mentee]: "waitlisted", [stays]: "placed" });

    // Back in: fewer hard violations than the draft had, so saved without asking.
    const back = await edits.edit(
      guildId,
      cohortId,
      { action: "move", personId: mentee, toGroupId: result.groups[0]!.id },
      {},
      organiser,
    );
    expect(back).toMatchObject({ saved: true, hardViolationsBefore: out.verdict.hardViolations });
    expect(await applicationStates(cohortId)).toMatchObject({ [mentee]: "placed", [stays]: "placed" });
    expect((await editAudits(cohortId)).map((a) => a.details.confirmed)).toEqual([true, false]);
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

  it("re-matches with the organiser's seed, or without one with the cohort's own (the first run's groups)", async () => {
    const { cohortId, result } = await matchedCohort();
    const edits = new MatchingEditService(handle.db);
    const menteesOf = (r: typeof result) => r.groups.map((g) => [...g.mentees].sort());
    const seeded = await edits.edit(guildId, cohortId, { action: "rematch", seed: SEED }, {}, organiser);
    expect(menteesOf(seeded.result)).not.toEqual(menteesOf(result));
    const unseeded = await edits.edit(guildId, cohortId, { action: "rematch" }, {}, organiser);
    expect(menteesOf(unseeded.result)).toEqual(menteesOf(result));
    const seededAgain = await edits.edit(guildId, cohortId, { action: "rematch", seed: SEED }, {}, organiser);
    expect(menteesOf(seededAgain.result)).toEqual(menteesOf(seeded.result));
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
    const conflict = edits.edit(guildId, cohortId, swap, { basedOnRunId: stale }, organiser);
    await expect(conflict).rejects.toBeInstanceOf(ConflictError);
    await expect(conflict).rejects.toThrow(
      "The groups changed meanwhile (another organiser?); reload them and try again.",
    );
    const unknown = await edits
      .edit(guildId, cohortId, { action: "unpin", personId: "999999999999999999" }, {}, organiser)
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ValidationError);
    expect((unknown as ValidationError).problems).toEqual([
      { field: "edit", message: "999999999999999999 is not pinned" },
    ]);
    expect(await editAudits(cohortId)).toEqual([]);
  });

  it("refuses to save an edit when another organiser saved one after it read the draft", async () => {
    const { cohortId, result } = await matchedCohort();
    // The draft as a slow edit reads it, before the other organiser's edit.
    let asRead: Record<string, unknown>[] = [];
    await new MatchingRunRepository(
      handle.db.withPlugin(readsBefore("matching_runs", (rows) => (asRead = rows))),
    ).latest(guildId, cohortId);
    const theirs = await new MatchingEditService(handle.db).edit(
      guildId,
      cohortId,
      { action: "swap", personId: result.groups[0]!.mentees[0]!, otherId: result.groups[1]!.mentees[0]! },
      {},
      organiser,
    );
    const groups = await groupsOf(cohortId);
    let reads = 0;
    const slow = new MatchingEditService(
      handle.db.withPlugin(readsBefore("matching_runs", (rows) => (reads++ === 0 ? asRead : rows))),
    );
    await expect(
      slow.edit(guildId, cohortId, { action: "pin", personId: result.groups[0]!.mentees[1]! }, {}, organiser),
    ).rejects.toThrow("The groups changed meanwhile (another organiser?); reload them and try again.");
    expect((await new MatchingRunRepository(handle.db).latest(guildId, cohortId))?.id).toBe(theirs.runId);
    expect(await groupsOf(cohortId)).toEqual(groups);
    expect(await editAudits(cohortId)).toHaveLength(1);
  });

  it("refuses edits once the cohort has left matching, and before its first run", async () => {
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
    ).rejects.toThrow(`Edits ${n} is applications_open: groups can be adjusted only while it is matching.`);

    const unmatched = await matchingCohort();
    const first = new MatchingEditService(handle.db).edit(
      guildId,
      unmatched,
      { action: "rematch" },
      {},
      organiser,
    );
    await expect(first).rejects.toBeInstanceOf(ConflictError);
    await expect(first).rejects.toThrow(`Run the matching of Edits ${n} first.`);
    expect(await new MatchingRunRepository(handle.db).latest(guildId, unmatched)).toBeUndefined();
  });

  it("refuses an edit, and shows no draft, when the stored matching input no longer reads", async () => {
    const { cohortId, result } = await matchedCohort();
    await handle.db
      .updateTable("matching_runs")
      .set({ input: JSON.stringify({ version: 99 }) })
      .where("cohort_id", "=", cohortId)
      .execute();
    const unreadable = "The stored matching input no longer reads; run the matching again.";
    const edits = new MatchingEditService(handle.db);
    const edit = edits.edit(
      guildId,
      cohortId,
      { action: "pin", personId: result.groups[0]!.mentees[0]! },
      {},
      organiser,
    );
    await expect(edit).rejects.toBeInstanceOf(ConflictError);
    await expect(edit).rejects.toThrow(unreadable);
    const draft = edits.draft(guildId, cohortId);
    await expect(draft).rejects.toBeInstanceOf(ConflictError);
    await expect(draft).rejects.toThrow(unreadable);
  });

  it("reads and edits nothing of another community's cohort", async () => {
    const { cohortId, result } = await matchedCohort();
    const edits = new MatchingEditService(handle.db);
    const before = await new MatchingRunRepository(handle.db).latest(guildId, cohortId);
    const edit = edits.edit(
      otherGuildId,
      cohortId,
      { action: "pin", personId: result.groups[0]!.mentees[0]! },
      {},
      organiser,
    );
    await expect(edit).rejects.toBeInstanceOf(NotFoundError);
    await expect(edit).rejects.toThrow(`No cohort ${cohortId} here.`);
    const draft = edits.draft(otherGuildId, cohortId);
    await expect(draft).rejects.toBeInstanceOf(NotFoundError);
    await expect(draft).rejects.toThrow(`No cohort ${cohortId} here.`);
    expect((await new MatchingRunRepository(handle.db).latest(guildId, cohortId))?.id).toBe(before?.id);
    expect(await editAudits(cohortId)).toEqual([]);
  });
});

describe(`the draft as the dashboard shows it (${testDatabaseKind()})`, () => {
  it("is nothing before the first run", async () => {
    const cohortId = await matchingCohort();
    expect(await new MatchingEditService(handle.db).draft(guildId, cohortId)).toBeNull();
  });

  it("is the latest run with the checker's verdict on it, the people by id and the stored groups by name", async () => {
    const { cohortId, result } = await matchedCohort();
    const edits = new MatchingEditService(handle.db);
    const mentee = result.groups[0]!.mentees[0]!;
    const broken = await edits.edit(
      guildId,
      cohortId,
      { action: "move", personId: mentee, toGroupId: result.groups[1]!.id },
      { confirm: true },
      organiser,
    );
    const draft = (await edits.draft(guildId, cohortId))!;
    expect(draft.run).toMatchObject({
      id: broken.runId,
      kind: "edit",
      hardViolations: broken.verdict.hardViolations,
    });
    expect(draft.verdict.hardViolations).toBeGreaterThan(0);
    expect(draft.verdict.violations.map((v) => v.rule)).toContain("group-shape");
    expect([...draft.people.keys()].sort()).toEqual([...people].sort());
    expect(draft.people.get(mentee)).toMatchObject({ id: mentee, role: "mentee" });
    expect(draft.people.get(people[0]!)).toMatchObject({ id: people[0], role: "mentor" });
    const stored = await handle.db
      .selectFrom("groups")
      .select(["name", "id"])
      .where("cohort_id", "=", cohortId)
      .orderBy("name")
      .execute();
    expect([...draft.storedGroupIds]).toEqual(stored.map((g) => [g.name, g.id]));
    expect([...draft.storedGroupIds.keys()]).toEqual(["Group 01", "Group 02"]);
  });
});
