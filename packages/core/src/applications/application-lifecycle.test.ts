import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { ConflictError, ForbiddenError, IllegalStateChangeError, NotFoundError } from "../errors.ts";
import { GroupRepository } from "../groups/group.repository.ts";
import { MemberService } from "../members/member.service.ts";
import { testSnowflake, twoCommunities } from "../testing/fixtures.ts";
import { readsBefore } from "../testing/stale-reads.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { ApplicationService } from "./application.service.ts";

// An application's life beyond the happy path: what the audit log records at each step, withdrawing
// from a group seat or the waitlist, which states and cohort states refuse a change, and the reads
// that must answer only in the application's own community.

let handle: DatabaseHandle;
let applications: ApplicationService;
let guildId: string;
let otherGuildId: string;
let members: string[];
const organiser = { userId: null };
const answers = { role: "mentee", gender: "female", areas: ["career"], experience: "junior" };

beforeAll(async () => {
  handle = await createTestDatabase();
  applications = new ApplicationService(handle.db);
  ({ guildId, memberIds: members, otherGuildId } = await twoCommunities(handle.db, 6));
  for (const userId of members)
    await new MemberService(handle.db).ensureInCommunity(otherGuildId, { userId, displayName: "Both" });
});
afterAll(() => handle.close());

let count = 0;
async function openCohort(guild = guildId) {
  count += 1;
  const cohorts = new CohortService(handle.db);
  const cohort = await cohorts.create(guild, { name: `Lifecycle ${count}` }, organiser);
  await cohorts.changeState(guild, cohort.id, "applications_open", organiser);
  return cohort;
}

async function auditOf(applicationId: string) {
  const { rows } = await sql<Record<string, unknown>>`
    select guild_id, actor_user_id, action, entity_type, details from audit_log
    where entity_id = ${applicationId} order by id`.execute(handle.db);
  return rows;
}

const setState = (id: string, state: string) =>
  sql`update applications set state = ${state} where id = ${id}`.execute(handle.db);

describe(`an application's life (${testDatabaseKind()})`, () => {
  it("audits the submission with its role, a change, and the withdrawal with the state it left", async () => {
    const cohort = await openCohort();
    const user = members[0]!;
    const application = await applications.apply(guildId, cohort.id, user, answers);
    await applications.change(guildId, application.id, user, { ...answers, role: "mentor" });
    await applications.withdraw(guildId, application.id, user);
    const entry = (action: string, details: unknown) => ({
      guild_id: guildId,
      actor_user_id: user,
      action,
      entity_type: "application",
      details,
    });
    expect(await auditOf(application.id)).toEqual([
      entry("application.submitted", { role: "mentee" }),
      entry("application.changed", {}),
      entry("application.withdrawn", { from: "submitted" }),
    ]);
  });

  it("takes a placed mentee out of their group when they withdraw, leaving a vacancy", async () => {
    const cohort = await openCohort();
    const [mentor, mentee, waiting] = [members[1]!, members[2]!, members[3]!];
    const placed = await applications.apply(guildId, cohort.id, mentee, answers);
    const queued = await applications.apply(guildId, cohort.id, waiting, answers);
    await setState(placed.id, "placed");
    await setState(queued.id, "waitlisted");
    await new GroupRepository(handle.db).replaceAll(guildId, cohort.id, [
      { name: "One", kind: "mixed", mentors: [mentor], mentees: [mentee], buddies: { [mentee]: mentor } },
    ]);
    const [group] = await new GroupRepository(handle.db).listForCohort(guildId, cohort.id);

    const withdrawn = await applications.withdraw(guildId, placed.id, mentee);
    expect(withdrawn).toMatchObject({
      state: "withdrawn",
      leftGroup: {
        groupId: group!.id,
        cohortId: cohort.id,
        role: "mentee",
        vacancy: expect.objectContaining({ groupId: group!.id }),
        menteesWithoutBuddy: [],
      },
    });
    const { rows } = await sql<{ user_id: string }>`
      select user_id from group_members where group_id = ${group!.id} order by user_id`.execute(handle.db);
    expect(rows.map((r) => r.user_id)).toEqual([mentor]);
    expect((await auditOf(placed.id)).at(-1)?.details).toEqual({ from: "placed" });

    // From the waitlist: no group to leave.
    const left = await applications.withdraw(guildId, queued.id, waiting);
    expect(left.state).toBe("withdrawn");
    expect("leftGroup" in left).toBe(false);
    expect((await auditOf(queued.id)).at(-1)?.details).toEqual({ from: "waitlisted" });
  });

  it("refuses to withdraw a declined application or change one that is not submitted", async () => {
    const cohort = await openCohort();
    const user = members[4]!;
    const application = await applications.apply(guildId, cohort.id, user, answers);
    await setState(application.id, "placed");
    const change = applications.change(guildId, application.id, user, answers);
    await expect(change).rejects.toBeInstanceOf(IllegalStateChangeError);
    await expect(change).rejects.toThrow(/only a submitted one can change/);
    await setState(application.id, "declined");
    await expect(applications.withdraw(guildId, application.id, user)).rejects.toBeInstanceOf(
      IllegalStateChangeError,
    );
    const { rows } = await sql<{
      state: string;
    }>`select state from applications where id = ${application.id}`.execute(handle.db);
    expect(rows).toEqual([{ state: "declined" }]);
  });

  it("takes and changes applications only while the cohort is open for them", async () => {
    const cohort = await openCohort();
    const user = members[5]!;
    const application = await applications.apply(guildId, cohort.id, user, answers);
    await new CohortService(handle.db).changeState(guildId, cohort.id, "matching", organiser);
    const change = applications.change(guildId, application.id, user, { ...answers, role: "mentor" });
    await expect(change).rejects.toBeInstanceOf(ConflictError);
    await expect(change).rejects.toThrow(`${cohort.name} is not taking applications now.`);
    await expect(applications.apply(guildId, cohort.id, members[0]!, answers)).rejects.toThrow(
      `${cohort.name} is not taking applications now.`,
    );
    expect((await applications.latest(guildId, cohort.id, user))?.role).toBe("mentee");
  });

  it("reads a member's live and latest application, the table and the counts in their own community only", async () => {
    const cohort = await openCohort();
    const user = members[0]!;
    const application = await applications.apply(guildId, cohort.id, user, answers);
    expect((await applications.findLive(guildId, cohort.id, user))?.id).toBe(application.id);
    expect(await applications.findLive(otherGuildId, cohort.id, user)).toBeUndefined();
    expect((await applications.latest(guildId, cohort.id, user))?.id).toBe(application.id);
    expect(await applications.latest(otherGuildId, cohort.id, user)).toBeUndefined();
    expect((await applications.search(guildId, cohort.id, {})).items.map((a) => a.id)).toEqual([
      application.id,
    ]);
    expect(await applications.search(otherGuildId, cohort.id, {})).toEqual({ items: [], total: 0 });
    expect((await applications.counts(guildId, cohort.id)).total).toBe(1);
    expect((await applications.counts(otherGuildId, cohort.id)).total).toBe(0);
    await applications.withdraw(guildId, application.id, user);
    expect(await applications.findLive(guildId, cohort.id, user)).toBeUndefined();
  });
});

describe(`an application that changed meanwhile (${testDatabaseKind()})`, () => {
  const changedMeanwhile = "The application changed meanwhile; reload it and try again.";

  it("refuses a change to an application withdrawn since it was read, and writes nothing", async () => {
    const cohort = await openCohort();
    const user = members[0]!;
    const application = await applications.apply(guildId, cohort.id, user, answers);
    // Withdrawn in another tab after this request read it as submitted.
    await sql`update applications set state = 'withdrawn', withdrawn_at = now() where id = ${application.id}`.execute(
      handle.db,
    );
    const stale = new ApplicationService(handle.db.withPlugin(readApplicationsAs("submitted")));
    const change = stale.change(guildId, application.id, user, { ...answers, role: "mentor" });
    await expect(change).rejects.toBeInstanceOf(ConflictError);
    await expect(change).rejects.toThrow(changedMeanwhile);
    expect(await stateAndRole(application.id)).toEqual({ state: "withdrawn", role: "mentee" });
    expect((await auditOf(application.id)).map((e) => e.action)).toEqual(["application.submitted"]);
  });

  it("refuses to withdraw an application placed since it was read, and writes nothing", async () => {
    const cohort = await openCohort();
    const user = members[1]!;
    const application = await applications.apply(guildId, cohort.id, user, answers);
    // Groups published after this request read the application as submitted.
    await setState(application.id, "placed");
    const stale = new ApplicationService(handle.db.withPlugin(readApplicationsAs("submitted")));
    const withdraw = stale.withdraw(guildId, application.id, user);
    await expect(withdraw).rejects.toBeInstanceOf(ConflictError);
    await expect(withdraw).rejects.toThrow(changedMeanwhile);
    expect(await stateAndRole(application.id)).toEqual({ state: "placed", role: "mentee" });
    expect((await auditOf(application.id)).map((e) => e.action)).toEqual(["application.submitted"]);
  });

  it("lets the unique index refuse a live application the duplicate check missed", async () => {
    // As in a race on PostgreSQL: the other application was not there yet when this one checked.
    const cohort = await openCohort();
    const user = members[2]!;
    const first = await applications.apply(guildId, cohort.id, user, answers);
    const blind = new ApplicationService(handle.db.withPlugin(readApplicationsAs(undefined)));
    const second = blind.apply(guildId, cohort.id, user, { ...answers, role: "mentor" });
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(second).rejects.toThrow(
      "You have already applied to this cohort; change or withdraw that application.",
    );
    expect((await applications.list(guildId, cohort.id)).map((a) => a.id)).toEqual([first.id]);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from audit_log where action = 'application.submitted'
      and details->>'role' = 'mentor' and actor_user_id = ${user}`.execute(handle.db);
    expect(rows).toEqual([{ n: 0 }]);
  });
});

describe(`what a refusal tells the applicant (${testDatabaseKind()})`, () => {
  it("names the application or cohort that is not there, and why a member may not apply or change", async () => {
    const cohort = await openCohort();
    const user = members[3]!;
    const missingCohort = crypto.randomUUID();
    const noCohort = await refusal(applications.apply(guildId, missingCohort, user, answers));
    expect(noCohort).toBeInstanceOf(NotFoundError);
    expect(noCohort).toMatchObject({ entity: "cohort", id: missingCohort });
    const stranger = await refusal(applications.apply(guildId, cohort.id, testSnowflake(), answers));
    expect(stranger).toBeInstanceOf(ForbiddenError);
    expect(stranger.message).toBe("Only members of this community can apply.");

    const application = await applications.apply(guildId, cohort.id, user, answers);
    // Someone else's application is as missing as one that does not exist.
    const notTheirs = await refusal(applications.withdraw(guildId, application.id, members[4]!));
    expect(notTheirs).toBeInstanceOf(NotFoundError);
    expect(notTheirs).toMatchObject({ entity: "application", id: application.id });
    await setState(application.id, "waitlisted");
    const change = await refusal(applications.change(guildId, application.id, user, answers));
    expect(change).toBeInstanceOf(IllegalStateChangeError);
    expect(change).toMatchObject({ entity: "application", from: "waitlisted", to: "changed" });
    await setState(application.id, "declined");
    const withdraw = await refusal(applications.withdraw(guildId, application.id, user));
    expect(withdraw).toBeInstanceOf(IllegalStateChangeError);
    expect(withdraw).toMatchObject({ entity: "application", from: "declined", to: "withdrawn" });
  });
});

async function refusal(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: Error) => error,
  );
}

async function stateAndRole(applicationId: string) {
  const { rows } = await sql<{ state: string; role: string }>`
    select state, role from applications where id = ${applicationId}`.execute(handle.db);
  return rows[0];
}

/** The applications read as they were before another request: each row in `state`, or none yet. */
const readApplicationsAs = (state: string | undefined) =>
  readsBefore("applications", (rows) => (state === undefined ? [] : rows.map((row) => ({ ...row, state }))));
