import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CohortRepository } from "../cohorts/cohort.repository.ts";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { GroupRepository } from "../groups/group.repository.ts";
import { ProvisioningRepository } from "../provisioning/provisioning.repository.ts";
import { createRunningTerm } from "../sessions/running-term.fixture.ts";
import { testSnowflake } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { LiveGroupRepository } from "./live-group.repository.ts";

let handle: DatabaseHandle;
let groups: LiveGroupRepository;

beforeAll(async () => {
  handle = await createTestDatabase();
  groups = new LiveGroupRepository(handle.db);
});
afterAll(() => handle.close());

const byId = (ids: readonly string[]) => [...ids].sort();

describe(`a member's live group (${testDatabaseKind()})`, () => {
  it("finds the member's group in a live cohort of this community, the newest first", async () => {
    const term = await createRunningTerm(handle.db);
    const other = await createRunningTerm(handle.db);
    const group = term.groups[0]!;
    const role = testSnowflake();
    await new ProvisioningRepository(handle.db).made(
      term.guildId,
      term.cohortId,
      "role",
      `role:${group.id}`,
      role,
    );
    const mentee = group.mentees[0]!;
    const first = {
      groupId: group.id,
      cohortId: term.cohortId,
      name: "Circle 1",
      role: "mentee",
      textChannelId: term.channels[0]!.text,
      discordRoleId: role,
      timeZone: "Asia/Singapore",
    };
    expect(await groups.forMember(term.guildId, mentee)).toEqual(first);
    expect(await groups.forMember(other.guildId, mentee)).toBeUndefined();
    expect(await groups.forMember(term.guildId, term.outsider)).toBeUndefined();
    // A newer cohort of the same community places the mentee as a mentor.
    const cohorts = new CohortService(handle.db);
    const actor = { userId: null };
    const newer = await cohorts.create(term.guildId, { name: "Next term" }, actor);
    for (const state of ["applications_open", "matching", "published"] as const)
      await cohorts.changeState(term.guildId, newer.id, state, actor);
    await new GroupRepository(handle.db).replaceAll(term.guildId, newer.id, [
      { name: "Next 1", kind: "mixed", mentors: [mentee], mentees: [term.outsider], buddies: {} },
    ]);
    expect(await groups.forMember(term.guildId, mentee)).toMatchObject({
      cohortId: newer.id,
      name: "Next 1",
      role: "mentor",
      textChannelId: null,
    });
    // Finished, it is no longer live: the first cohort's group again.
    await new CohortRepository(handle.db).changeState(term.guildId, newer.id, "published", "running");
    expect(await groups.forMember(term.guildId, mentee)).toMatchObject({ cohortId: newer.id });
    await new CohortRepository(handle.db).changeState(term.guildId, newer.id, "running", "finished");
    expect(await groups.forMember(term.guildId, mentee)).toEqual(first);
  });

  it("reads a group of this community, its members mentees first, and its buddy pairs by mentee", async () => {
    const term = await createRunningTerm(handle.db, { groups: 2 });
    const other = await createRunningTerm(handle.db);
    const [g1, g2] = term.groups as [(typeof term.groups)[0], (typeof term.groups)[0]];
    expect(await groups.group(term.guildId, g2.id)).toEqual({
      id: g2.id,
      cohortId: term.cohortId,
      name: "Circle 2",
      kind: "mixed",
      textChannelId: term.channels[1]!.text,
      discordRoleId: null,
    });
    expect(await groups.group(other.guildId, g2.id)).toBeUndefined();
    expect(await groups.members(g1.id)).toEqual([
      ...byId(g1.mentees).map((userId) => ({ userId, role: "mentee" })),
      ...byId(g1.mentors).map((userId) => ({ userId, role: "mentor" })),
    ]);
    const [m1, m2] = g1.mentors as [string, string];
    const [a, b, c] = g1.mentees as [string, string, string];
    const buddyOf = new Map([
      [a, m1],
      [b, m2],
      [c, m1],
    ]);
    const pairs = byId(g1.mentees).map((mentee) => ({
      groupId: g1.id,
      mentorUserId: buddyOf.get(mentee)!,
      menteeUserId: mentee,
    }));
    expect(await groups.pairsOfGroup(g1.id)).toEqual(pairs);
    const cohortPairs = await groups.pairsOfCohort(term.guildId, term.cohortId);
    expect(cohortPairs.slice(0, 3)).toEqual(pairs);
    expect(cohortPairs.slice(3).map((p) => p.menteeUserId)).toEqual(byId(g2.mentees));
    expect(await groups.pairsOfCohort(other.guildId, term.cohortId)).toEqual([]);
  });
});
