import type { Database } from "@circles/core";
import { MemberService } from "@circles/core";
import type { GuildMember } from "discord.js";

/**
 * Every member who touches Circles is a row of the community (applications and acceptances point at
 * it). Written once per member and process; a changed display name is written again.
 */
export class MemberDirectory {
  private readonly known = new Map<string, string>();

  constructor(private readonly db: Database) {}

  async ensure(member: GuildMember): Promise<void> {
    const key = `${member.guild.id}:${member.id}`;
    const displayName = member.displayName.slice(0, 100) || member.user.username;
    if (this.known.get(key) === displayName) return;
    await new MemberService(this.db).ensureInCommunity(member.guild.id, {
      userId: member.id,
      displayName,
      avatar: member.user.avatar,
    });
    this.known.set(key, displayName);
  }

  /** After a member's data is erased: their next interaction writes them again. */
  forget(guildId: string, userId: string): void {
    this.known.delete(`${guildId}:${userId}`);
  }
}
