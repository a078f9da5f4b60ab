import { type Actor, CohortService } from "../cohorts/cohort.service.ts";
import { CommunityService } from "../communities/community.service.ts";
import type { Database } from "../db/database.ts";
import type { CohortState } from "../db/schema.ts";
import { MemberService } from "../members/member.service.ts";

let counter = 0;

/** A unique Discord-like id for test data (snowflakes are 17 to 20 digits). */
export function testSnowflake(): string {
  counter += 1;
  return `${100_000_000_000_000_000n + BigInt(Date.now() % 1_000_000) * 1_000_000n + BigInt(counter)}`;
}

/** A registered community with the given members, ready for cohorts and applications. */
export async function createTestCommunity(db: Database, memberCount = 0, timeZone = "Asia/Singapore") {
  const guildId = testSnowflake();
  const community = await new CommunityService(db).register({ guildId, name: "JuniorDev SG", timeZone });
  const memberIds: string[] = [];
  for (let i = 0; i < memberCount; i++) {
    const userId = testSnowflake();
    await new MemberService(db).ensureInCommunity(guildId, { userId, displayName: `Member ${i + 1}` });
    memberIds.push(userId);
  }
  return { guildId, community, memberIds };
}

/**
 * Two registered communities, for tests that a record is reached only through its own guild id: the
 * first with the given members (as createTestCommunity), the other empty; `otherGuildId` names it.
 */
export async function twoCommunities(db: Database, memberCount = 0, timeZone = "Asia/Singapore") {
  const first = await createTestCommunity(db, memberCount, timeZone);
  const { guildId: otherGuildId } = await createTestCommunity(db);
  return { ...first, otherGuildId };
}

/** The program's own schedule: 6 sessions, every 3 weeks on Tuesday from 3 September 2019, 19:00 to 22:00. */
export const programSchedule = {
  count: 6,
  everyWeeks: 3,
  weekday: 2 as const,
  firstDate: "2019-09-03",
  startTime: "19:00",
  endTime: "22:00",
};

// Written out here rather than read from the code, so a wrong state table in the code fails its tests.
const PATH_TO: Record<CohortState, CohortState[]> = {
  draft: [],
  applications_open: ["applications_open"],
  matching: ["applications_open", "matching"],
  published: ["applications_open", "matching", "published"],
  running: ["applications_open", "matching", "published", "running"],
  finished: ["applications_open", "matching", "published", "running", "finished"],
  cancelled: ["cancelled"],
};

let cohortCount = 0;

/** A new cohort of the community, taken through the legal changes to `state` (the record as created). */
export async function createTestCohort(
  db: Database,
  guildId: string,
  state: CohortState,
  name = `Cohort ${++cohortCount}`,
  actor: Actor = { userId: null },
) {
  const cohorts = new CohortService(db);
  const cohort = await cohorts.create(guildId, { name }, actor);
  for (const step of PATH_TO[state]) await cohorts.changeState(guildId, cohort.id, step, actor);
  return cohort;
}
