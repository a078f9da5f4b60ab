import { type KyselyPlugin, SelectQueryNode, sql, TableNode } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CodeOfConductService } from "../code-of-conduct/code-of-conduct.service.ts";
import { CODE_OF_CONDUCT_AREAS } from "../code-of-conduct/code-of-conduct-areas.ts";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.ts";
import { MemberService } from "../members/member.service.ts";
import { createTestCommunity, testSnowflake } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { ApplicationService } from "./application.service.ts";

let handle: DatabaseHandle;
let applications: ApplicationService;
let guildId: string;
let members: string[];
let cohortId: string;
const organiser = { userId: null };

const mentee = {
  role: "mentee",
  gender: "female",
  singleGenderGroup: true,
  areas: ["growth", "career"],
  interests: ["Frontend", " job-search ", "frontend"],
  experience: "junior",
  employer: "Grab",
  goals: "Find my footing in my first year.",
};

beforeAll(async () => {
  handle = await createTestDatabase();
  applications = new ApplicationService(handle.db);
  ({ guildId, memberIds: members } = await createTestCommunity(handle.db, 6));
});
afterAll(() => handle.close());

let cohortCount = 0;
beforeEach(async () => {
  const cohorts = new CohortService(handle.db);
  cohortCount += 1;
  const cohort = await cohorts.create(guildId, { name: `Applications ${cohortCount}` }, organiser);
  await cohorts.changeState(guildId, cohort.id, "applications_open", organiser);
  cohortId = cohort.id;
});

describe(`applications (${testDatabaseKind()})`, () => {
  it("stores a clean application: areas in order, interests trimmed, lower-cased and once each", async () => {
    const application = await applications.apply(guildId, cohortId, members[0]!, mentee);
    expect(application).toMatchObject({
      state: "submitted",
      role: "mentee",
      gender: "female",
      singleGenderGroup: true,
      areas: ["career", "growth"],
      interests: ["frontend", "job-search"],
      experience: "junior",
      employer: "Grab",
    });
  });

  it("refuses a second application to the same cohort with a clear message", async () => {
    await applications.apply(guildId, cohortId, members[1]!, mentee);
    const error = await applications
      .apply(guildId, cohortId, members[1]!, { ...mentee, role: "mentor" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/already applied to this cohort as mentee/);
    expect(await applications.list(guildId, cohortId)).toHaveLength(1);
  });

  it("lets only one of two simultaneous applications in: the unique index decides the race", async () => {
    // On PostgreSQL both transactions are held after their `findLive` check until both have passed
    // it, so only the unique index can refuse the second. PGlite has one connection and runs
    // transactions one after the other: there the second is refused by the sequential check.
    const racing = testDatabaseKind() === "postgres";
    const racers = new ApplicationService(
      racing ? handle.db.withPlugin(barrierAfterLiveCheck(2)) : handle.db,
    );
    const results = await Promise.allSettled([
      racers.apply(guildId, cohortId, members[2]!, mentee),
      racers.apply(guildId, cohortId, members[2]!, mentee),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refusal = results.find((r) => r.status === "rejected")?.reason;
    expect(refusal).toBeInstanceOf(ConflictError);
    expect((refusal as Error).message).toBe(
      racing
        ? "You have already applied to this cohort; change or withdraw that application."
        : "You have already applied to this cohort as mentee (submitted); change or withdraw that application.",
    );
    expect(await applications.list(guildId, cohortId, { states: ["submitted"] })).toHaveLength(1);
  });

  it("withdraws, keeps the withdrawn one as history, and accepts a new application", async () => {
    const first = await applications.apply(guildId, cohortId, members[3]!, mentee);
    const withdrawn = await applications.withdraw(guildId, first.id, members[3]!);
    expect(withdrawn.state).toBe("withdrawn");
    expect(withdrawn.withdrawnAt).toBeInstanceOf(Date);
    const second = await applications.apply(guildId, cohortId, members[3]!, { ...mentee, role: "mentor" });
    expect(second.id).not.toBe(first.id);
    const states = (await applications.list(guildId, cohortId)).map((a) => a.state).sort();
    expect(states).toEqual(["submitted", "withdrawn"]);
    await expect(applications.withdraw(guildId, first.id, members[3]!)).rejects.toThrow(/withdrawn/);
  });

  it("changes answers while open, but never someone else's application", async () => {
    const application = await applications.apply(guildId, cohortId, members[4]!, mentee);
    const changed = await applications.change(guildId, application.id, members[4]!, {
      ...mentee,
      areas: ["technical"],
    });
    expect(changed.areas).toEqual(["technical"]);
    await expect(applications.change(guildId, application.id, members[5]!, mentee)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(applications.withdraw(guildId, application.id, members[5]!)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("names every bad answer at once and stores nothing", async () => {
    const error = await applications
      .apply(guildId, cohortId, members[5]!, {
        role: "sponsor",
        gender: "other",
        singleGenderGroup: "yes",
        areas: ["cooking"],
        interests: ["x".repeat(41)],
        experience: "guru",
        goals: "y".repeat(2001),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field).sort()).toEqual([
      "areas",
      "experience",
      "gender",
      "goals",
      "interests",
      "role",
      "singleGenderGroup",
    ]);
    expect(await applications.list(guildId, cohortId)).toEqual([]);
  });

  it("takes applications only while the cohort is open for them", async () => {
    await new CohortService(handle.db).changeState(guildId, cohortId, "matching", organiser);
    await expect(applications.apply(guildId, cohortId, members[0]!, mentee)).rejects.toThrow(
      /not taking applications/,
    );
  });

  it("takes applications only from members of the community", async () => {
    await expect(applications.apply(guildId, cohortId, testSnowflake(), mentee)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it("asks for the current code of conduct to be accepted first, and again after a new version", async () => {
    const conduct = new CodeOfConductService(handle.db);
    const sections = CODE_OF_CONDUCT_AREAS.map((area) => ({
      area,
      summary: `About ${area}.`,
      mentorText: `Mentors and ${area}.`,
      menteeText: `Mentees and ${area}.`,
    }));
    const v1 = await conduct.publish(guildId, { title: "Code of conduct", sections }, null);
    await expect(applications.apply(guildId, cohortId, members[0]!, mentee)).rejects.toThrow(
      /code of conduct/,
    );
    await conduct.accept(guildId, v1.id, members[0]!);
    await applications.apply(guildId, cohortId, members[0]!, mentee);

    const v2 = await conduct.publish(guildId, { title: "Code of conduct", sections }, null);
    expect(v2.version).toBe(v1.version + 1);
    expect(await conduct.hasAcceptedCurrent(guildId, members[0]!)).toBe(false);
    await expect(conduct.accept(guildId, v1.id, members[0]!)).rejects.toThrow(/replaced/);
    await conduct.accept(guildId, v2.id, members[0]!);
    expect(await conduct.hasAcceptedCurrent(guildId, members[0]!)).toBe(true);
    // Later tests apply without this code in their way.
    await sql`delete from code_of_conduct_versions where guild_id = ${guildId}`.execute(handle.db);
  });

  it("refuses a code of conduct that misses an area", async () => {
    const conduct = new CodeOfConductService(handle.db);
    const sections = CODE_OF_CONDUCT_AREAS.filter((a) => a !== "fees").map((area) => ({
      area,
      summary: "x",
      mentorText: "x",
      menteeText: "x",
    }));
    await expect(conduct.publish(guildId, { title: "Short", sections }, null)).rejects.toThrow(
      /missing: fees/,
    );
  });
});

describe(`applications of two communities (${testDatabaseKind()})`, () => {
  it("refuses a member of one community who applies in another", async () => {
    const other = await createTestCommunity(handle.db, 1);
    const cohorts = new CohortService(handle.db);
    const theirs = await cohorts.create(other.guildId, { name: "Theirs" }, organiser);
    await cohorts.changeState(other.guildId, theirs.id, "applications_open", organiser);
    // members[0] belongs to our community only; other.memberIds[0] to theirs only.
    await expect(applications.apply(other.guildId, theirs.id, members[0]!, mentee)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(applications.apply(guildId, cohortId, other.memberIds[0]!, mentee)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await applications.apply(other.guildId, theirs.id, other.memberIds[0]!, mentee);
    expect((await applications.list(other.guildId, theirs.id)).map((a) => a.userId)).toEqual([
      other.memberIds[0],
    ]);
  });

  it("never reaches one community's cohort or application through another's guild id", async () => {
    const other = await createTestCommunity(handle.db);
    // A member of both communities: only the guild id tells which community they act in.
    await new MemberService(handle.db).ensureInCommunity(other.guildId, {
      userId: members[5]!,
      displayName: "Member 6",
    });
    await expect(applications.apply(other.guildId, cohortId, members[5]!, mentee)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const application = await applications.apply(guildId, cohortId, members[5]!, mentee);
    await expect(
      applications.change(other.guildId, application.id, members[5]!, mentee),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(applications.withdraw(other.guildId, application.id, members[5]!)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await applications.list(other.guildId, cohortId)).toEqual([]);
    expect((await applications.list(guildId, cohortId)).map((a) => a.state)).toEqual(["submitted"]);
    const audit = await handle.db
      .selectFrom("audit_log")
      .select("guild_id")
      .where("entity_id", "=", application.id)
      .execute();
    expect(audit).toEqual([{ guild_id: guildId }]);
  });
});

describe(`the database itself guards applications (${testDatabaseKind()})`, () => {
  const row = () => ({
    guild_id: guildId,
    cohort_id: cohortId,
    user_id: members[0]!,
    role: "mentee" as const,
    gender: "female" as const,
    areas: ["career"],
    experience: "junior" as const,
    employer: null,
    goals: null,
    withdrawn_at: null,
  });

  it("keeps one live application per member and cohort even without the service", async () => {
    await handle.db.insertInto("applications").values(row()).execute();
    await expect(handle.db.insertInto("applications").values(row()).execute()).rejects.toMatchObject({
      code: "23505",
    });
  });

  it("refuses an unknown area, an empty list of areas and a withdrawn state without its date", async () => {
    await expect(
      handle.db
        .insertInto("applications")
        .values({ ...row(), areas: ["cooking"] })
        .execute(),
    ).rejects.toMatchObject({ code: "23514" });
    await expect(
      handle.db
        .insertInto("applications")
        .values({ ...row(), areas: [] })
        .execute(),
    ).rejects.toMatchObject({ code: "23514" });
    await expect(
      handle.db
        .insertInto("applications")
        .values({ ...row(), state: "withdrawn" })
        .execute(),
    ).rejects.toMatchObject({ code: "23514" });
  });

  it("refuses an application of someone who is not a member (foreign key)", async () => {
    await expect(
      handle.db
        .insertInto("applications")
        .values({ ...row(), user_id: testSnowflake() })
        .execute(),
    ).rejects.toMatchObject({ code: "23503" });
  });
});

/**
 * Holds every read of the applications table until `parties` of them have run, so concurrent
 * transactions all pass their duplicate check before any of them inserts. Bounded: a party that
 * never comes fails the test instead of hanging it.
 */
function barrierAfterLiveCheck(parties: number): KyselyPlugin {
  const held = new WeakSet<object>();
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    transformQuery({ node, queryId }) {
      const from = SelectQueryNode.is(node) ? node.from?.froms[0] : undefined;
      if (from && TableNode.is(from) && from.table.identifier.name === "applications") held.add(queryId);
      return node;
    },
    async transformResult({ queryId, result }) {
      if (!held.has(queryId)) return result;
      arrived += 1;
      if (arrived >= parties) open();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error("the other application never reached the barrier")),
          10_000,
        );
      });
      await Promise.race([opened, timeout]).finally(() => clearTimeout(timer));
      return result;
    },
  };
}
