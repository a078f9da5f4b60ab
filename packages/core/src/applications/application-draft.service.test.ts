import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CodeOfConductService } from "../code-of-conduct/code-of-conduct.service.ts";
import { programCodeOfConduct } from "../code-of-conduct/program-code-of-conduct.ts";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import { MemberService } from "../members/member.service.ts";
import { twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { ApplicationService } from "./application.service.ts";
import { ApplicationDraftService } from "./application-draft.service.ts";
import { CodeOfConductNotAcceptedError, DraftGoneError } from "./application-errors.ts";

let handle: DatabaseHandle;
let drafts: ApplicationDraftService;
let applications: ApplicationService;
let guildId: string;
let otherGuildId: string;
let members: string[];
let cohortId: string;
const organiser = { userId: null };

const answers = {
  gender: "female",
  singleGenderGroup: true,
  areas: ["growth", "career"],
  interests: ["frontend"],
  experience: "junior",
  employer: "Grab",
  goals: "Find my footing.",
};

beforeAll(async () => {
  handle = await createTestDatabase();
  drafts = new ApplicationDraftService(handle.db);
  applications = new ApplicationService(handle.db);
  ({ guildId, otherGuildId, memberIds: members } = await twoCommunities(handle.db, 10));
});
afterAll(() => handle.close());

let cohortCount = 0;
/** A new cohort taking applications: the community's current one (the newest live one). */
async function openCohort(community: string) {
  const cohorts = new CohortService(handle.db);
  cohortCount += 1;
  const cohort = await cohorts.create(community, { name: `Drafts ${cohortCount}` }, organiser);
  await cohorts.changeState(community, cohort.id, "applications_open", organiser);
  return cohort.id;
}

beforeEach(async () => {
  // Each test has its own current cohort.
  cohortId = await openCohort(guildId);
});

describe(`application drafts (${testDatabaseKind()})`, () => {
  it("keeps answers between steps, merging each step into the others, and submits them as an application", async () => {
    const user = members[0]!;
    const { draft, existing } = await drafts.start(guildId, user, "mentee");
    expect(draft).toMatchObject({ cohortId, role: "mentee", answers: {} });
    expect(existing).toBeUndefined();
    await drafts.answer(guildId, user, { gender: "female" });
    await drafts.answer(guildId, user, { areas: ["growth", "career"], experience: "junior" });
    const merged = await drafts.answer(guildId, user, { singleGenderGroup: true, interests: ["frontend"] });
    expect(merged.answers).toEqual({
      gender: "female",
      areas: ["growth", "career"],
      experience: "junior",
      singleGenderGroup: true,
      interests: ["frontend"],
    });
    const { application, changed } = await drafts.submit(guildId, user);
    expect(changed).toBe(false);
    expect(application).toMatchObject({
      cohortId,
      role: "mentee",
      gender: "female",
      singleGenderGroup: true,
      areas: ["career", "growth"],
    });
    await expect(drafts.get(guildId, user)).rejects.toBeInstanceOf(DraftGoneError);
    await expect(drafts.submit(guildId, user)).rejects.toBeInstanceOf(DraftGoneError);
  });

  it("names every missing answer at review, and keeps the draft to be completed", async () => {
    const user = members[1]!;
    await drafts.start(guildId, user, "mentor");
    await drafts.answer(guildId, user, { gender: "male" });
    const error = await drafts.review(guildId, user).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field).sort()).toEqual(["areas", "experience"]);
    await drafts.answer(guildId, user, { areas: ["technical"], experience: "senior" });
    const { details } = await drafts.review(guildId, user);
    expect(details).toMatchObject({
      role: "mentor",
      gender: "male",
      areas: ["technical"],
      experience: "senior",
    });
  });

  it("keeps an all-women or all-men group only for female and male mentees", async () => {
    const user = members[2]!;
    await drafts.start(guildId, user, "mentee");
    await drafts.answer(guildId, user, { ...answers, singleGenderGroup: false });
    expect((await drafts.review(guildId, user)).details.singleGenderGroup).toBe(false);
    await drafts.answer(guildId, user, { gender: "nonbinary", singleGenderGroup: true });
    expect((await drafts.review(guildId, user)).details.singleGenderGroup).toBe(false);
    await drafts.answer(guildId, user, { gender: "male" });
    expect((await drafts.review(guildId, user)).details.singleGenderGroup).toBe(true);
    await drafts.start(guildId, user, "mentor");
    expect((await drafts.review(guildId, user)).details.singleGenderGroup).toBe(false);
  });

  it("changes the live application on a second run, pre-filled from it", async () => {
    const user = members[3]!;
    await drafts.start(guildId, user, "mentee");
    await drafts.answer(guildId, user, answers);
    const first = (await drafts.submit(guildId, user)).application;

    const again = await drafts.start(guildId, user, "mentee");
    expect(again.existing?.id).toBe(first.id);
    expect(again.draft.answers).toMatchObject({
      gender: "female",
      areas: ["career", "growth"],
      employer: "Grab",
    });
    await drafts.answer(guildId, user, { areas: ["technical"] });
    const { application, changed } = await drafts.submit(guildId, user);
    expect(changed).toBe(true);
    expect(application.id).toBe(first.id);
    expect(application.areas).toEqual(["technical"]);
    expect(await applications.list(guildId, cohortId)).toHaveLength(1);
  });

  it("resumes an unfinished draft for the same cohort, and discards it on cancel", async () => {
    const user = members[4]!;
    await drafts.start(guildId, user, "mentee");
    await drafts.answer(guildId, user, { gender: "unstated" });
    const resumed = await drafts.start(guildId, user, "mentor");
    expect(resumed.draft).toMatchObject({ role: "mentor", answers: { gender: "unstated" } });
    expect(await drafts.discard(guildId, user)).toBe(true);
    await expect(drafts.answer(guildId, user, { gender: "male" })).rejects.toBeInstanceOf(DraftGoneError);
    expect(await drafts.discard(guildId, user)).toBe(false);
  });

  it("starts nothing while the cohort is closed, or after placement", async () => {
    const user = members[5]!;
    await drafts.start(guildId, user, "mentee");
    await drafts.answer(guildId, user, answers);
    await drafts.submit(guildId, user);
    await sql`update applications set state = 'placed' where user_id = ${user}`.execute(handle.db);
    await expect(drafts.start(guildId, user, "mentee")).rejects.toThrow(/placed already/);

    await new CohortService(handle.db).changeState(guildId, cohortId, "matching", organiser);
    const closed = await drafts.start(guildId, members[6]!, "mentee").catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(ConflictError);
    expect((closed as Error).message).toMatch(/not taking applications/);
  });

  it("asks for the current code of conduct first", async () => {
    const user = members[7]!;
    const conduct = new CodeOfConductService(handle.db);
    const version = await conduct.publish(guildId, { title: "Code", sections: programCodeOfConduct() }, null);
    await expect(drafts.start(guildId, user, "mentee")).rejects.toBeInstanceOf(CodeOfConductNotAcceptedError);
    await conduct.accept(guildId, version.id, user);
    await expect(drafts.start(guildId, user, "mentee")).resolves.toMatchObject({ cohort: { id: cohortId } });
    await sql`delete from code_of_conduct_versions where guild_id = ${guildId}`.execute(handle.db);
  });

  it("keeps both of two answers sent at once (two quick clicks)", async () => {
    const user = members[8]!;
    await drafts.start(guildId, user, "mentee");
    await Promise.all([
      drafts.answer(guildId, user, { gender: "female" }),
      drafts.answer(guildId, user, { experience: "junior" }),
      drafts.answer(guildId, user, { areas: ["career"] }),
    ]);
    expect((await drafts.get(guildId, user)).answers).toEqual({
      gender: "female",
      experience: "junior",
      areas: ["career"],
    });
  });

  it("resumes no draft left for an earlier cohort: a new cohort starts afresh", async () => {
    const user = members[8]!;
    await drafts.start(guildId, user, "mentee");
    await drafts.answer(guildId, user, { gender: "female", employer: "Grab" });
    const next = await openCohort(guildId);
    const { draft } = await drafts.start(guildId, user, "mentee");
    expect(draft).toMatchObject({ cohortId: next, answers: {} });
  });

  it("keeps the same member's drafts in two communities apart", async () => {
    const user = members[9]!;
    await new MemberService(handle.db).ensureInCommunity(otherGuildId, {
      userId: user,
      displayName: "Twice",
    });
    const theirCohort = await openCohort(otherGuildId);
    await drafts.start(guildId, user, "mentee");
    await drafts.start(otherGuildId, user, "mentor");
    await drafts.answer(guildId, user, { gender: "female" });
    await drafts.answer(otherGuildId, user, { gender: "male", areas: ["technical"] });
    expect(await drafts.get(guildId, user)).toMatchObject({
      cohortId,
      role: "mentee",
      answers: { gender: "female" },
    });
    expect(await drafts.get(otherGuildId, user)).toMatchObject({
      cohortId: theirCohort,
      role: "mentor",
      answers: { gender: "male", areas: ["technical"] },
    });

    expect(await drafts.discard(otherGuildId, user)).toBe(true);
    await expect(drafts.get(otherGuildId, user)).rejects.toBeInstanceOf(DraftGoneError);
    await drafts.answer(guildId, user, { ...answers, gender: "female" });
    const { application } = await drafts.submit(guildId, user);
    expect(application).toMatchObject({ cohortId, role: "mentee" });
    expect(await applications.list(otherGuildId, theirCohort)).toEqual([]);
  });
});
