import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApplicationService } from "../applications/application.service.ts";
import { MatchingRunRepository } from "../cohort-matching/matching-run.repository.ts";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import type { ApplicationState, CohortState } from "../db/schema.ts";
import { MemberService } from "../members/member.service.ts";
import { twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { SeatRepository, seatRules } from "./seat.repository.ts";
import { createTermWorld } from "./term-world.fixture.ts";
import { WaitlistService } from "./waitlist.service.ts";

let handle: DatabaseHandle;
let seats: SeatRepository;
let waitlist: WaitlistService;
const clock = new Date("2030-09-10T00:00:00Z");
const organiser = { userId: null };

beforeAll(async () => {
  handle = await createTestDatabase();
  seats = new SeatRepository(handle.db);
  waitlist = new WaitlistService(handle.db, () => clock);
});
afterAll(() => handle.close());

async function withdraw(guildId: string, cohortId: string, userId: string) {
  const applications = new ApplicationService(handle.db);
  const live = (await applications.findLive(guildId, cohortId, userId))!;
  return applications.withdraw(guildId, live.id, userId);
}

/** The seat a placed mentee's withdrawal frees. */
async function freeSeat(guildId: string, cohortId: string, mentee: string) {
  return (await withdraw(guildId, cohortId, mentee)).leftGroup!.vacancy!.id;
}

const stateOf = async (applicationId: string) =>
  handle.db
    .selectFrom("applications")
    .select(["state", "withdrawn_at"])
    .where("id", "=", applicationId)
    .executeTakeFirstOrThrow();

describe(`seats: leaving, candidates, who sits in a group (${testDatabaseKind()})`, () => {
  it("leaving a group answers whether the member was in it", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}] });
    const group = world.groups[0]!;
    expect(await seats.leaveGroup(group.id, group.mentees[0]!)).toBe(true);
    expect(await seats.leaveGroup(group.id, group.mentees[0]!)).toBe(false);
    expect(await seats.leaveGroup(group.id, world.waitlist[0]!)).toBe(false);
    expect(await seats.membership(world.guildId, world.cohortId, group.mentees[1]!)).toEqual({
      groupId: group.id,
      role: "mentee",
    });
  });

  it("a waitlisted mentee with an offer pending for one seat is no candidate for another, nor offered a seat twice", async () => {
    const world = await createTermWorld(handle.db, { groups: 2, waitlist: [{}, {}, {}] });
    const [a, b, c] = world.waitlist as [string, string, string];
    const first = await freeSeat(world.guildId, world.cohortId, world.groups[0]!.mentees[0]!);
    const second = await freeSeat(world.guildId, world.cohortId, world.groups[1]!.mentees[0]!);
    const candidates = async (vacancyId: string) =>
      (await seats.candidates(world.guildId, world.cohortId, vacancyId)).map((x) => x.user_id);

    const toA = (await waitlist.offerNext(world.guildId, first))!;
    expect(toA.offer.userId).toBe(a);
    expect(await candidates(second)).toEqual([b, c]);
    expect((await waitlist.offerNext(world.guildId, second))?.offer.userId).toBe(b);

    // Once A turns the first seat down, A may have the second one again, never the first.
    await waitlist.decline(world.guildId, toA.offer.id, a);
    expect(await candidates(first)).toEqual([c]);
    expect(await candidates(second)).toEqual([a, c]);
  });

  it("who sits in a group counts no withdrawn application, and no other community's", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}] });
    const other = await createTermWorld(handle.db);
    const group = world.groups[0]!;
    // A member removed from two current cohorts leaves only one group (ReportService): here, a row left
    // in a group for an application already withdrawn.
    const stranded = world.waitlist[0]!;
    await withdraw(world.guildId, world.cohortId, stranded);
    await seats.joinGroup(world.guildId, world.cohortId, group.id, stranded, undefined);
    const byUser = (a: { user_id: string }, b: { user_id: string }) => a.user_id.localeCompare(b.user_id);
    const placed = await seats.placedInGroup(world.guildId, group.id);
    // The application rows themselves, nothing of the group's rows mixed in.
    const applications = await handle.db
      .selectFrom("applications")
      .selectAll()
      .where("cohort_id", "=", world.cohortId)
      .where("user_id", "in", [...group.mentors, ...group.mentees])
      .execute();
    expect(placed.sort(byUser)).toEqual(applications.sort(byUser));
    expect(placed.map((p) => p.user_id).sort()).toEqual([...group.mentors, ...group.mentees].sort());
    expect(await seats.placedInGroup(other.guildId, group.id)).toEqual([]);
  });
});

/** The states a cohort taking applications goes through to reach each state. */
const PATH: Record<Exclude<CohortState, "draft">, CohortState[]> = {
  applications_open: [],
  matching: ["matching"],
  published: ["matching", "published"],
  running: ["matching", "published", "running"],
  finished: ["matching", "published", "running", "finished"],
  cancelled: ["cancelled"],
};

describe(`the rules a seat is offered by (${testDatabaseKind()})`, () => {
  it("are the cohort's offer window and group shape, and the apart pairs of its latest matching only", async () => {
    const world = await createTermWorld(handle.db);
    await handle.db
      .updateTable("cohorts")
      .set({ waitlist_offer_hours: 24, mentors_per_group: 1, mentees_per_group: 4 })
      .where("id", "=", world.cohortId)
      .execute();
    const rules = () => seatRules(handle.db, world.guildId, world.cohortId);
    expect(await rules()).toEqual({ offerHours: 24, shape: { mentors: 1, mentees: 4 }, apart: [] });

    const [m1, m2] = world.groups[0]!.mentors as [string, string];
    const [a, b] = world.groups[0]!.mentees as [string, string];
    const run = (apart: Array<[string, string]>) =>
      new MatchingRunRepository(handle.db).insert(world.guildId, world.cohortId, {
        seed: 1,
        input: { apart },
        result: { version: 1, groups: [], waitlist: [], unplacedMentors: [] },
        verdict: { hardViolations: 0, violations: [], unbalancedGroups: 0, softScore: 0 } as never,
        createdBy: null,
      });
    await run([[m1, a]]);
    await run([[m2, b]]);
    expect((await rules()).apart).toEqual([[m2, b]]);
  });
});

describe(`a removal withdraws the member's current applications (${testDatabaseKind()})`, () => {
  it("withdraws placed, waitlisted and submitted applications to live cohorts of this community only", async () => {
    const { guildId, otherGuildId, memberIds } = await twoCommunities(handle.db, 1);
    const user = memberIds[0]!;
    await new MemberService(handle.db).ensureInCommunity(otherGuildId, { userId: user, displayName: "Both" });
    const cohorts = new CohortService(handle.db);
    const applications = new ApplicationService(handle.db);
    let count = 0;
    /** A cohort of `community` in `cohortState` with the member's application in `state` (set directly). */
    const applied = async (community: string, cohortState: keyof typeof PATH, state: ApplicationState) => {
      count += 1;
      const cohort = await cohorts.create(community, { name: `Removal ${count}` }, organiser);
      await cohorts.changeState(community, cohort.id, "applications_open", organiser);
      const application = await applications.apply(community, cohort.id, user, {
        role: "mentee",
        gender: "female",
        areas: ["career"],
        experience: "junior",
      });
      for (const step of PATH[cohortState]) await cohorts.changeState(community, cohort.id, step, organiser);
      await handle.db.updateTable("applications").set({ state }).where("id", "=", application.id).execute();
      return { cohortId: cohort.id, applicationId: application.id };
    };
    const live = [
      await applied(guildId, "applications_open", "submitted"),
      await applied(guildId, "matching", "waitlisted"),
      await applied(guildId, "published", "placed"),
      await applied(guildId, "running", "placed"),
    ];
    const kept = [
      { ...(await applied(guildId, "finished", "placed")), state: "placed" },
      { ...(await applied(guildId, "cancelled", "waitlisted")), state: "waitlisted" },
      { ...(await applied(guildId, "running", "declined")), state: "declined" },
      { ...(await applied(otherGuildId, "running", "placed")), state: "placed" },
    ];
    const at = new Date("2030-10-01T08:00:00Z");

    const left = await seats.withdrawCurrent(guildId, user, at);
    expect(left.sort()).toEqual(live.map((l) => l.cohortId).sort());
    for (const { applicationId } of live)
      expect(await stateOf(applicationId)).toEqual({ state: "withdrawn", withdrawn_at: at });
    for (const { applicationId, state } of kept)
      expect(await stateOf(applicationId)).toEqual({ state, withdrawn_at: null });
  });
});
