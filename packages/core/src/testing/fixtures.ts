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
