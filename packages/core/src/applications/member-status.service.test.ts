import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { GroupRepository } from "../groups/group.repository.ts";
import { SessionService } from "../sessions/session.service.ts";
import { createTestCommunity } from "../testing/fixtures.ts";
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

describe(`a member's own status (${testDatabaseKind()})`, () => {
  it("shows the application, then the group and buddies once published, and the next session by time", async () => {
    const { guildId, memberIds } = await createTestCommunity(handle.db, 4);
    const [mentor, mentee, other, bystander] = memberIds as [string, string, string, string];
    const cohorts = new CohortService(handle.db);
    expect(await status.of(guildId, mentee)).toMatchObject({ cohort: null, application: null });

    const cohort = await cohorts.create(guildId, { name: "Autumn" }, organiser);
    await cohorts.changeState(guildId, cohort.id, "applications_open", organiser);
    const sessions = await new SessionService(handle.db).planSchedule(
      guildId,
      cohort.id,
      { count: 3, everyWeeks: 3, weekday: 2, firstDate: "2030-09-03", startTime: "19:00", endTime: "21:30" },
      organiser,
    );
    const applications = new ApplicationService(handle.db);
    await applications.apply(guildId, cohort.id, mentor, details("mentor"));
    await applications.apply(guildId, cohort.id, mentee, details("mentee"));
    await applications.apply(guildId, cohort.id, other, details("mentee"));
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
