import type { Database } from "../db/database.ts";
import { ProblemList } from "../errors.ts";
import { checkDiscordId, checkText } from "../validation.ts";
import { type MemberProfile, MemberRepository, type MemberSummary } from "./member.repository.ts";

export class MemberService {
  constructor(private readonly db: Database) {}

  /** Called whenever a Discord user shows up in a community (a command, a login, a join). */
  async ensureInCommunity(guildId: string, member: MemberProfile): Promise<void> {
    const problems = new ProblemList();
    checkDiscordId(problems, "guildId", guildId);
    checkDiscordId(problems, "userId", member.userId);
    checkText(problems, "displayName", member.displayName, { max: 100 });
    if (member.avatar != null) checkText(problems, "avatar", member.avatar, { max: 200 });
    problems.throwIfAny();
    await new MemberRepository(this.db).upsertInCommunity(guildId, {
      ...member,
      displayName: member.displayName.trim(),
    });
  }

  /** The organisers' member search: by name (any part) or Discord id (its start). */
  search(guildId: string, text: string, limit = 50): Promise<MemberSummary[]> {
    return new MemberRepository(this.db).search(guildId, text.trim(), limit);
  }

  /** Display names of the given users (those unknown are left out). */
  names(userIds: readonly string[]): Promise<Map<string, string>> {
    return new MemberRepository(this.db).names(userIds);
  }
}
