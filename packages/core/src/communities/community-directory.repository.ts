import type { Executor } from "../db/executor.ts";
import type { DirectoryEntry } from "../db/schema.ts";

export type { DirectoryEntry };

/** What the bot last saw of a guild: the roles a person can hold, the channels it can post in. */
export interface CommunityDirectory {
  roles: DirectoryEntry[];
  channels: DirectoryEntry[];
  seenAt: Date;
}

export class CommunityDirectoryRepository {
  constructor(private readonly db: Executor) {}

  async save(guildId: string, directory: Omit<CommunityDirectory, "seenAt">, seenAt: Date) {
    const values = {
      roles: JSON.stringify(directory.roles),
      channels: JSON.stringify(directory.channels),
      seen_at: seenAt,
    };
    await this.db
      .insertInto("community_directories")
      .values({ guild_id: guildId, ...values })
      .onConflict((oc) => oc.column("guild_id").doUpdateSet(values))
      .execute();
  }

  async get(guildId: string): Promise<CommunityDirectory | undefined> {
    const row = await this.db
      .selectFrom("community_directories")
      .select(["roles", "channels", "seen_at"])
      .where("guild_id", "=", guildId)
      .executeTakeFirst();
    return row && { roles: row.roles, channels: row.channels, seenAt: row.seen_at };
  }
}
