import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { GroupRepository } from "../groups/group.repository.ts";
import { SessionService } from "../sessions/session.service.ts";
import { createTestCommunity, twoCommunities } from "../testing/fixtures.ts";
import { readsBefore } from "../testing/stale-reads.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { ApplicationService } from "./application.service.ts";
import { MemberStatusService } from "./member-status.service.ts";

let handle: DatabaseHandle;
let status: MemberStatusService;
const organiser = { userId: null };

beforeAll(async () => {
  handle = await createTestDatabase();
  status = new MemberStatusService(handle.db);
});
afterAll(() => handle.close());

const details = (role: "mentor" | "mentee") => ({
  role,
  gender: "female",
  areas: ["career"],
  experience: role === "mentor" ? "senior" : "junior",
});

/** An open cohort of three sessions from 3 Sep 2030, the first person applied as mentor, the rest as mentees. */
async function openCohortWithApplicants(guildId: string, name: string, [mentor, ...mentees]: string[]) {
  const cohorts = new CohortService(handle.db);
  const cohort = await cohorts.create(guildId, { name }, organiser);
  await cohorts.changeState(guildId, cohort.id, "applications_open", organiser);
  const sessions = await new SessionService(handle.db).planSchedule(
    guildId,
    cohort.id,
    { count: 3, everyWeeks: 3, weekday: 2, firstDate: "2030-09-03", startTime: "19:00", endTime: "21:30" },
    organiser,
  );
  const applications = new ApplicationService(handle.db);
  await applications.apply(guildId, cohort.id, mentor!, details("mentor"));
  for (const mentee of mentees) await applications.apply(guildId, cohort.id, mentee, details("mentee"));
  return { cohorts, cohort, sessions };
}

describe(`a member's own status (${testDatabaseKind()})`, () => {
  it("shows the application, then the group and buddies once published, and the next session by time", async () => {
    const { guildId, memberIds } = await createTestCommunity(handle.db, 4);
    const [mentor, mentee, other, bystander] = memberIds as [string, string, string, string];
    expect(await status.of(guildId, mentee)).toMatchObject({ cohort: null, application: null });

    const { cohorts, cohort, sessions } = await openCohortWithApplicants(guildId, "Autumn", [
      mentor,
      mentee,
      other,
    ]);
    expect(await status.of(guildId, bystander)).toMatchObject({
      cohort: { id: cohort.id },
      application: null,
    });

    await cohorts.changeState(guildId, cohort.id, "matching", organiser);
    // Another group first: the member's own must be found by the member, not by the cohort.
    await new GroupRepository(handle.db).replaceAll(guildId, cohort.id, [
      { name: "Another circle", kind: "mixed", mentors: [bystander], mentees: [], buddies: {} },
      {
        name: "Circle 1",
        kind: "mixed",
        mentors: [mentor],
        mentees: [mentee, other],
        buddies: { [mentee]: mentor, [other]: mentor },
      },
    ]);
    // A draft grouping is the organisers' own until published.
    const matching = await status.of(guildId, mentee, new Date("2030-01-01T00:00:00Z"));
    expect(matching).toMatchObject({
      application: { state: "submitted", role: "mentee" },
      group: null,
      buddies: [],
    });
    expect(matching.nextSession?.id).toBe(sessions[0]!.id);

    await cohorts.changeState(guildId, cohort.id, "published", organiser);
    // Session 2 cancelled: "next" after the first is session 3.
    await new SessionService(handle.db).cancel(guildId, sessions[1]!.id, organiser);
    const afterFirst = new Date(sessions[0]!.endsAt.getTime() + 1000);
    const ofMentee = await status.of(guildId, mentee, afterFirst);
    expect(ofMentee.group?.name).toBe("Circle 1");
    expect(ofMentee.buddies).toEqual([mentor]);
    expect(ofMentee.nextSession?.number).toBe(3);
    expect((await status.of(guildId, mentor, afterFirst)).buddies.sort()).toEqual([mentee, other].sort());
  });

  it("shows a withdrawn application without group or sessions", async () => {
    const { guildId, memberIds } = await createTestCommunity(handle.db, 1);
    const cohorts = new CohortService(handle.db);
    const cohort = await cohorts.create(guildId, { name: "Spring" }, organiser);
    await cohorts.changeState(guildId, cohort.id, "applications_open", organiser);
    await new SessionService(handle.db).planSchedule(
      guildId,
      cohort.id,
      { count: 2, everyWeeks: 3, weekday: 2, firstDate: "2030-09-03", startTime: "19:00", endTime: "21:30" },
      organiser,
    );
    const applications = new ApplicationService(handle.db);
    const application = await applications.apply(guildId, cohort.id, memberIds[0]!, details("mentee"));
    await applications.withdraw(guildId, application.id, memberIds[0]!);
    const shown = await status.of(guildId, memberIds[0]!, new Date("2030-01-01T00:00:00Z"));
    expect(shown).toMatchObject({ application: { state: "withdrawn" }, group: null, nextSession: null });
  });
});

/**
 * A community (and an empty other one) whose current cohort, in `state`, has one group: a mentor, their
 * mentee, and a second mentee without a buddy; three sessions from 3 September 2030.
 */
async function groupedCohort(state: "published" | "running") {
  const { guildId, otherGuildId, memberIds } = await twoCommunities(handle.db, 3);
  const [mentor, mentee, unpaired] = memberIds as [string, string, string];
  const { cohorts, cohort, sessions } = await openCohortWithApplicants(guildId, "Winter", [
    mentor,
    mentee,
    unpaired,
  ]);
  await cohorts.changeState(guildId, cohort.id, "matching", organiser);
  await new GroupRepository(handle.db).replaceAll(guildId, cohort.id, [
    {
      name: "Circle 1",
      kind: "mixed",
      mentors: [mentor],
      mentees: [mentee, unpaired],
      buddies: { [mentee]: mentor },
    },
  ]);
  await cohorts.changeState(guildId, cohort.id, "published", organiser);
  if (state === "running") await cohorts.changeState(guildId, cohort.id, "running", organiser);
  return { guildId, otherGuildId, cohortId: cohort.id, sessions, mentor, mentee, unpaired };
}

describe(`a member's status in a running cohort, and its edges (${testDatabaseKind()})`, () => {
  const beforeAll2030 = new Date("2030-01-01T00:00:00Z");

  it("shows the group and buddies while the cohort runs; a mentee without a buddy has none", async () => {
    const { guildId, mentor, mentee, unpaired } = await groupedCohort("running");
    const ofMentee = await status.of(guildId, mentee, beforeAll2030);
    expect(ofMentee).toMatchObject({
      cohort: { state: "running" },
      group: { name: "Circle 1" },
      buddies: [mentor],
    });
    expect(await status.of(guildId, unpaired, beforeAll2030)).toMatchObject({
      group: { name: "Circle 1" },
      buddies: [],
    });
    expect((await status.of(guildId, mentor, beforeAll2030)).buddies).toEqual([mentee]);
  });

  it("shows a declined application without group, buddies or sessions", async () => {
    const { guildId, cohortId, mentee } = await groupedCohort("published");
    await handle.db
      .updateTable("applications")
      .set({ state: "declined" })
      .where("cohort_id", "=", cohortId)
      .where("user_id", "=", mentee)
      .execute();
    expect(await status.of(guildId, mentee, beforeAll2030)).toEqual({
      cohort: expect.objectContaining({ id: cohortId }),
      application: expect.objectContaining({ state: "declined" }),
      group: null,
      buddies: [],
      nextSession: null,
    });
  });

  it("the next session starts after now: not one starting at this very moment, nor a cancelled one", async () => {
    const { guildId, sessions, mentee } = await groupedCohort("published");
    const [first, second, third] = sessions as [
      (typeof sessions)[0],
      (typeof sessions)[0],
      (typeof sessions)[0],
    ];
    const next = async (now: Date) => (await status.of(guildId, mentee, now)).nextSession?.id;
    expect(await next(new Date(first.startsAt.getTime() - 1))).toBe(first.id);
    expect(await next(first.startsAt)).toBe(second.id);
    await new SessionService(handle.db).cancel(guildId, second.id, organiser);
    expect(await next(first.startsAt)).toBe(third.id);
    expect(await next(third.startsAt)).toBeUndefined();
  });

  it("reads nothing of another community, where the same member has no application", async () => {
    const { guildId, otherGuildId, mentee } = await groupedCohort("published");
    expect(await status.of(otherGuildId, mentee)).toEqual({
      cohort: null,
      application: null,
      group: null,
      buddies: [],
      nextSession: null,
    });
    const cohorts = new CohortService(handle.db);
    const theirs = await cohorts.create(otherGuildId, { name: "Elsewhere" }, organiser);
    await cohorts.changeState(otherGuildId, theirs.id, "applications_open", organiser);
    expect(await status.of(otherGuildId, mentee)).toMatchObject({
      cohort: { id: theirs.id },
      application: null,
    });
    expect((await status.of(guildId, mentee)).group?.name).toBe("Circle 1");
  });

  it("takes a failing read of the cohorts for an error, not for 'no cohort in progress'", async () => {
    const { guildId, mentee } = await groupedCohort("published");
    const failing = new MemberStatusService(
      handle.db.withPlugin(
        readsBefore("cohorts", () => {
          throw new Error("connection lost");
        }),
      ),
    );
    await expect(failing.of(guildId, mentee)).rejects.toThrow("connection lost");
  });
});
