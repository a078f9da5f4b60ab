import { CommunityService } from "../communities/community.service.ts";
import type { Database } from "../db/database.ts";
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
