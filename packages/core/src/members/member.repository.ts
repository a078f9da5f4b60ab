import type { Executor } from "../db/executor.ts";
import { likePattern } from "../db/like-pattern.ts";

export interface MemberProfile {
  userId: string;
  displayName: string;
  avatar?: string | null;
}

/** A member of a community as the organisers' member search shows them. */
export interface MemberSummary {
  userId: string;
  displayName: string;
  avatar: string | null;
  joinedAt: Date;
}

export class MemberRepository {
  constructor(private readonly db: Executor) {}

  /** Records the Discord user (refreshing name and avatar) and that they belong to the guild. */
  async upsertInCommunity(guildId: string, member: MemberProfile): Promise<void> {
    await this.db
      .insertInto("members")
      .values({ user_id: member.userId, display_name: member.displayName, avatar: member.avatar ?? null })
      .onConflict((oc) =>
        oc.column("user_id").doUpdateSet((eb) => ({
          display_name: eb.ref("excluded.display_name"),
          avatar: eb.ref("excluded.avatar"),
        })),
      )
      .execute();
    await this.db
      .insertInto("community_members")
      .values({ guild_id: guildId, user_id: member.userId })
      .onConflict((oc) => oc.columns(["guild_id", "user_id"]).doNothing())
      .execute();
  }

  /**
   * A member named by an import: created with the given name (or a placeholder until they show up on
   * Discord), an existing member's name only replaced when the file gives one.
   */
  async ensureImported(guildId: string, userId: string, displayName: string | null): Promise<void> {
    await this.db
      .insertInto("members")
      .values({ user_id: userId, display_name: displayName ?? `Member …${userId.slice(-4)}` })
      .onConflict((oc) =>
        displayName === null
          ? oc.column("user_id").doNothing()
          : oc.column("user_id").doUpdateSet({ display_name: displayName }),
      )
      .execute();
    await this.db
      .insertInto("community_members")
      .values({ guild_id: guildId, user_id: userId })
      .onConflict((oc) => oc.columns(["guild_id", "user_id"]).doNothing())
      .execute();
  }

  async isInCommunity(guildId: string, userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("community_members")
      .select("user_id")
      .where("guild_id", "=", guildId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Members whose name contains `text` or whose id starts with it, by name; all of them for "". */
  async search(guildId: string, text: string, limit: number): Promise<MemberSummary[]> {
    let query = this.db
      .selectFrom("community_members")
      .innerJoin("members", "members.user_id", "community_members.user_id")
      .select([
        "members.user_id as userId",
        "members.display_name as displayName",
        "members.avatar",
        "community_members.joined_at as joinedAt",
      ])
      .where("community_members.guild_id", "=", guildId);
    if (text !== "")
      query = query.where((eb) =>
        eb.or([
          eb("members.display_name", "ilike", likePattern(text)),
          eb("members.user_id", "like", likePattern(text, "start")),
        ]),
      );
    return query.orderBy("members.display_name").orderBy("members.user_id").limit(limit).execute();
  }

  /** Display names of the given users (those unknown are left out). */
  async names(userIds: readonly string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom("members")
      .select(["user_id", "display_name"])
      .where("user_id", "in", [...new Set(userIds)])
      .execute();
    return new Map(rows.map((r) => [r.user_id, r.display_name]));
  }
}
