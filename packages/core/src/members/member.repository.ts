import type { Executor } from "../db/executor.ts";

export interface MemberProfile {
  userId: string;
  displayName: string;
  avatar?: string | null;
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
}
