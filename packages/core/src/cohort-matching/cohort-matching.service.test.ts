import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApplicationRepository } from "../applications/application.repository.ts";
import { ApplicationService } from "../applications/application.service.ts";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { MemberService } from "../members/member.service.ts";
import { createTestCommunity } from "../testing/fixtures.ts";
import { readsBefore } from "../testing/stale-reads.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { CohortMatchingService } from "./cohort-matching.service.ts";

let handle: DatabaseHandle;
let guildId: string;
let people: string[];
const organiser = { userId: null };

// 4 mentors (two women, two men) and 7 mentees: two groups of 2 + 3, one mentee over capacity.
const MENTORS = [
  { gender: "female", areas: ["career", "growth"] },
  { gender: "male", areas: ["technical", "career"] },
  { gender: "female", areas: ["growth"] },
  { gender: "male", areas: ["career"] },
] as const;
const MENTEE_GENDERS = ["female", "male", "nonbinary", "female", "unstated", "male", "female"] as const;

beforeAll(async () => {
  handle = await createTestDatabase();
  ({ guildId, memberIds: people } = await createTestCommunity(
    handle.db,
    MENTORS.length + MENTEE_GENDERS.length,
  ));
});
afterAll(() => handle.close());

async function cohortWithApplications(name: string, guild = guildId, who = people) {
  const cohorts = new CohortService(handle.db);
  const cohort = await cohorts.create(guild, { name }, organiser);
  await cohorts.changeState(guild, cohort.id, "applications_open", organiser);
  const applications = new ApplicationService(handle.db);
  for (const [index, mentor] of MENTORS.entries()) {
    await applications.apply(guild, cohort.id, who[index]!, {
      role: "mentor",
      experience: "senior",
      ...mentor,
      areas: [...mentor.areas],
    });
  }
  for (const [index, gender] of MENTEE_GENDERS.entries()) {
    await applications.apply(guild, cohort.id, who[MENTORS.length + index]!, {
      role: "mentee",
      gender,
      areas: ["career"],
      experience: index % 2 === 0 ? "junior" : "student",
    });
  }
  await cohorts.changeState(guild, cohort.id, "matching", organiser);
  return cohort;
}

describe(`matching a cohort's applications (${testDatabaseKind()})`, () => {
  it("stores balanced draft groups with buddies, and places or waitlists every applicant", async () => {
    const cohort = await cohortWithApplications("Matched");
    const outcome = await new CohortMatchingService(handle.db).run(guildId, cohort.id, organiser);

    expect(outcome.verdict.hardViolations).toBe(0);
    expect(outcome.verdict.unbalancedGroups).toBe(0);
    expect(outcome.groups).toHaveLength(2);
    for (const group of outcome.groups) {
      expect(group.mentors).toHaveLength(2);
      expect(group.mentees).toHaveLength(3);
      expect(Object.keys(group.buddies).sort()).toEqual([...group.mentees].sort());
      for (const mentor of Object.values(group.buddies)) expect(group.mentors).toContain(mentor);
    }
    // Intake is capped by mentors: the last mentee to apply waits, with a reason.
    const lastMentee = people.at(-1)!;
    expect(outcome.result.waitlist).toEqual([
      { id: lastMentee, reason: expect.stringMatching(/capacity|seat/) },
    ]);

    const states = await new ApplicationService(handle.db).list(guildId, cohort.id);
    expect(states.filter((a) => a.state === "placed")).toHaveLength(10);
    expect(states.filter((a) => a.state === "waitlisted").map((a) => a.userId)).toEqual([lastMentee]);
  });

  it("replaces the draft groups when run again, and keeps every run with its input", async () => {
    const cohort = await cohortWithApplications("Rerun");
    const service = new CohortMatchingService(handle.db);
    const first = await service.run(guildId, cohort.id, organiser);
    const second = await service.run(guildId, cohort.id, organiser, { seed: 7 });
    expect(second.runId).not.toBe(first.runId);
    const current = await service.current(guildId, cohort.id);
    expect(current.groups).toHaveLength(2);
    expect(current.run?.id).toBe(second.runId);
    expect(current.run?.seed).toBe(7);
  });

  it("keeps organisers' pins and refuses pins naming someone who did not apply", async () => {
    const cohort = await cohortWithApplications("Pinned");
    const service = new CohortMatchingService(handle.db);
    const mentor = people[0]!;
    const mentee = people[MENTORS.length + 1]!;
    const outcome = await service.run(guildId, cohort.id, organiser, { together: [[mentor, mentee]] });
    const group = outcome.groups.find((g) => g.mentors.includes(mentor));
    expect(group?.mentees).toContain(mentee);

    const error = await service
      .run(guildId, cohort.id, organiser, { together: [[mentor, "999999999999999999"]] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems[0]?.field).toMatch(/^\/together\/0/);
  });

  it("remembers who was grouped in an earlier cohort", async () => {
    const cohorts = new CohortService(handle.db);
    const earlier = await cohortWithApplications("Earlier");
    const service = new CohortMatchingService(handle.db);
    const { groups } = await service.run(guildId, earlier.id, organiser);
    await cohorts.changeState(guildId, earlier.id, "published", organiser);

    const later = await cohortWithApplications("Later");
    await service.run(guildId, later.id, organiser);
    const input = (await service.current(guildId, later.id)).run?.input as {
      people: Array<{ id: string; previouslyGroupedWith?: string[] }>;
    };
    const firstGroup = groups[0]!;
    const someone = firstGroup.mentees[0]!;
    const mates = [...firstGroup.mentors, ...firstGroup.mentees].filter((id) => id !== someone).sort();
    expect(input.people.find((p) => p.id === someone)?.previouslyGroupedWith).toEqual(mates);
  });

  it("matches only a cohort whose applications are closed", async () => {
    const cohort = await new CohortService(handle.db).create(guildId, { name: "Still a draft" }, organiser);
    await expect(
      new CohortMatchingService(handle.db).run(guildId, cohort.id, organiser),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("cannot store a buddy who is not a mentor of the mentee's group, even bypassing the service", async () => {
    const cohort = await cohortWithApplications("Guarded");
    const { groups } = await new CohortMatchingService(handle.db).run(guildId, cohort.id, organiser);
    const [first, second] = groups;
    const mentee = first!.mentees[0]!;
    await handle.db.deleteFrom("buddy_pairs").where("mentee_user_id", "=", mentee).execute();
    const insert = (mentor: string) =>
      handle.db
        .insertInto("buddy_pairs")
        .values({ group_id: first!.id, mentee_user_id: mentee, mentor_user_id: mentor })
        .execute();
    // Another mentee of the group, and a mentor of another group: both refused by foreign keys.
    await expect(insert(first!.mentees[1]!)).rejects.toMatchObject({ code: "23503" });
    await expect(insert(second!.mentors[0]!)).rejects.toMatchObject({ code: "23503" });
    await insert(first!.mentors[0]!);
    // One buddy per mentee.
    await expect(insert(first!.mentors[1]!)).rejects.toMatchObject({ code: "23505" });
  });

  /** The cohort's application rows as the matcher's first read sees them now (to replay later). */
  async function applicationRowsAsRead(cohortId: string) {
    let rows: Record<string, unknown>[] = [];
    const capture = readsBefore("applications", (read) => {
      rows = read;
      return read;
    });
    await new ApplicationRepository(handle.db.withPlugin(capture)).listForMatching(guildId, cohortId);
    return rows;
  }

  it("refuses to save a matching of applications that changed while it ran, and saves nothing", async () => {
    const cohort = await cohortWithApplications("Withdrawn meanwhile");
    // The applications as the matcher reads them before anyone withdraws.
    const before = await applicationRowsAsRead(cohort.id);
    const applications = new ApplicationService(handle.db);
    const leaving = (await applications.list(guildId, cohort.id)).find((a) => a.role === "mentee")!;
    await applications.withdraw(guildId, leaving.id, leaving.userId);
    // The matcher read them before the withdrawal; its transaction reads them after.
    let reads = 0;
    const service = new CohortMatchingService(
      handle.db.withPlugin(readsBefore("applications", (rows) => (reads++ === 0 ? before : rows))),
    );
    const refused = service.run(guildId, cohort.id, organiser);
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toThrow(
      "Applications changed while the matching ran (a withdrawal?); run it again.",
    );
    expect(await new CohortMatchingService(handle.db).current(guildId, cohort.id)).toEqual({
      groups: [],
      run: undefined,
    });
    expect((await applications.list(guildId, cohort.id)).map((a) => a.state).sort()).toEqual([
      ...Array(10).fill("submitted"),
      "withdrawn",
    ]);
  });

  it("refuses a matching of an application whose answers changed while it ran, as many as before", async () => {
    const cohort = await cohortWithApplications("Changed meanwhile");
    const before = await applicationRowsAsRead(cohort.id);
    // Organisers reopen applications, a mentee volunteers as mentor instead, and they close again.
    const cohorts = new CohortService(handle.db);
    await cohorts.changeState(guildId, cohort.id, "applications_open", organiser);
    const applications = new ApplicationService(handle.db);
    const mentee = (await applications.list(guildId, cohort.id)).find((a) => a.role === "mentee")!;
    await applications.change(guildId, mentee.id, mentee.userId, {
      role: "mentor",
      gender: mentee.gender,
      areas: mentee.areas,
      experience: "senior",
    });
    await cohorts.changeState(guildId, cohort.id, "matching", organiser);
    let reads = 0;
    const service = new CohortMatchingService(
      handle.db.withPlugin(readsBefore("applications", (rows) => (reads++ === 0 ? before : rows))),
    );
    await expect(service.run(guildId, cohort.id, organiser)).rejects.toThrow(
      "Applications changed while the matching ran (a withdrawal?); run it again.",
    );
    expect((await new CohortMatchingService(handle.db).current(guildId, cohort.id)).groups).toEqual([]);
  });

  it("audits a run with its id and what came of it", async () => {
    const cohort = await cohortWithApplications("Audited");
    const outcome = await new CohortMatchingService(handle.db).run(guildId, cohort.id, {
      userId: people[0]!,
    });
    const { rows } = await sql<Record<string, unknown>>`
      select actor_user_id, entity_type, details from audit_log
      where entity_id = ${cohort.id} and action = 'cohort.matched'`.execute(handle.db);
    expect(rows).toEqual([
      {
        actor_user_id: people[0],
        entity_type: "cohort",
        details: { runId: outcome.runId, groups: 2, waitlisted: 1, hardViolations: 0 },
      },
    ]);
  });

  it("says which cohort it did not find, and why it does not match one still open", async () => {
    const unknown = "00000000-0000-4000-8000-000000000004";
    const service = new CohortMatchingService(handle.db);
    await expect(service.run(guildId, unknown, organiser)).rejects.toThrow(`No cohort ${unknown} here.`);
    await expect(service.current(guildId, unknown)).rejects.toThrow(`No cohort ${unknown} here.`);
    const cohorts = new CohortService(handle.db);
    const open = await cohorts.create(guildId, { name: "Still open" }, organiser);
    await cohorts.changeState(guildId, open.id, "applications_open", organiser);
    await expect(service.run(guildId, open.id, organiser)).rejects.toThrow(
      "Still open is applications_open: close applications (state matching) to match it.",
    );
  });
});

describe(`matching in two communities (${testDatabaseKind()})`, () => {
  it("never runs or reads one community's matching through another's guild id", async () => {
    const cohort = await cohortWithApplications("Scoped");
    const other = await createTestCommunity(handle.db);
    const service = new CohortMatchingService(handle.db);
    await expect(service.run(other.guildId, cohort.id, organiser)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.current(other.guildId, cohort.id)).rejects.toBeInstanceOf(NotFoundError);
    await service.run(guildId, cohort.id, organiser);
    await expect(service.current(other.guildId, cohort.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await service.current(guildId, cohort.id)).groups).toHaveLength(2);
  });

  it("remembers earlier groupmates only from the community being matched", async () => {
    const size = MENTORS.length + MENTEE_GENDERS.length;
    const a = await createTestCommunity(handle.db, size);
    const b = await createTestCommunity(handle.db);
    // The same people belong to both communities and apply in each: only the guild tells them apart
    // (and the matcher lists earlier mates only among the cohort's applicants).
    for (const userId of a.memberIds)
      await new MemberService(handle.db).ensureInCommunity(b.guildId, { userId, displayName: "Both" });
    const both = a.memberIds[MENTORS.length]!;
    const service = new CohortMatchingService(handle.db);
    const cohorts = new CohortService(handle.db);

    const inB = await cohortWithApplications("B earlier", b.guildId, a.memberIds);
    const { groups } = await service.run(b.guildId, inB.id, organiser);
    await cohorts.changeState(b.guildId, inB.id, "published", organiser);
    const group = groups.find((g) => g.mentees.includes(both))!;
    const matesInB = [...group.mentors, ...group.mentees].filter((id) => id !== both).sort();

    const grouped = async (guild: string, cohortId: string) => {
      await service.run(guild, cohortId, organiser);
      const input = (await service.current(guild, cohortId)).run?.input as {
        people: Array<{ id: string; previouslyGroupedWith?: string[] }>;
      };
      return input.people.find((p) => p.id === both)?.previouslyGroupedWith ?? [];
    };
    // In A nobody was grouped before: B's groups are not A's history.
    expect(
      await grouped(a.guildId, (await cohortWithApplications("A later", a.guildId, a.memberIds)).id),
    ).toEqual([]);
    // In B the same person's earlier mates are listed.
    expect(
      await grouped(b.guildId, (await cohortWithApplications("B later", b.guildId, a.memberIds)).id),
    ).toEqual(matesInB);
  });
});
