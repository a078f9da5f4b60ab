import type { Executor } from "../db/executor.ts";

export interface DirectDelivery {
  key: string;
  /** Claimed by this call (false: an earlier attempt claimed it, and may have sent it). */
  fresh: boolean;
  state: "claimed" | "sent" | "failed";
}

/**
 * DMs to one member that must go out once (seat offers, check-in nudges): the row is claimed before
 * the message is sent and marked after; a claim found half-done means a process died in between.
 */
export class DirectDeliveryRepository {
  constructor(private readonly db: Executor) {}

  async claim(key: string, guildId: string, userId: string): Promise<DirectDelivery> {
    const inserted = await this.db
      .insertInto("direct_deliveries")
      .values({ key, guild_id: guildId, user_id: userId })
      .onConflict((oc) => oc.column("key").doNothing())
      .returning("key")
      .executeTakeFirst();
    const row = await this.db
      .selectFrom("direct_deliveries")
      .select(["key", "state"])
      .where("key", "=", key)
      .executeTakeFirstOrThrow();
    return { key: row.key, fresh: inserted !== undefined, state: row.state };
  }

  async markSent(key: string, via: "dm" | "fallback", channelId: string | null): Promise<void> {
    await this.db
      .updateTable("direct_deliveries")
      .set({ state: "sent", via, channel_id: channelId, sent_at: new Date() })
      .where("key", "=", key)
      .execute();
  }

  async markFailed(key: string): Promise<void> {
    await this.db.updateTable("direct_deliveries").set({ state: "failed" }).where("key", "=", key).execute();
  }

  async list(guildId: string) {
    return this.db
      .selectFrom("direct_deliveries")
      .select(["key", "user_id as userId", "state", "via"])
      .where("guild_id", "=", guildId)
      .orderBy("claimed_at")
      .execute();
  }
}
