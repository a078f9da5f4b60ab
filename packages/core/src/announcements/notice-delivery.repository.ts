import type { Executor } from "../db/executor.ts";

export interface NoticeDelivery {
  key: string;
  /** Claimed by this call (false: an earlier attempt claimed it). */
  fresh?: boolean;
  channelId: string;
  marker: string;
  state: "sending" | "sent";
  messageId: string | null;
}

/**
 * Once-only posts: a notice's row is claimed before the message is sent and completed after. A job
 * that finds its row `sent` does nothing; one that finds it `sending` (a process died between the
 * post and the record) looks for the post by its marker before posting.
 */
export class NoticeDeliveryRepository {
  constructor(private readonly db: Executor) {}

  async claim(key: string, guildId: string, channelId: string, marker: string): Promise<NoticeDelivery> {
    const inserted = await this.db
      .insertInto("notice_deliveries")
      .values({ key, guild_id: guildId, channel_id: channelId, marker })
      .onConflict((oc) => oc.column("key").doNothing())
      .returning("key")
      .executeTakeFirst();
    const row = await this.db
      .selectFrom("notice_deliveries")
      .selectAll()
      .where("key", "=", key)
      .executeTakeFirstOrThrow();
    return {
      key: row.key,
      fresh: inserted !== undefined,
      channelId: row.channel_id,
      marker: row.marker,
      state: row.state,
      messageId: row.message_id,
    };
  }

  async markSent(key: string, messageId: string): Promise<void> {
    await this.db
      .updateTable("notice_deliveries")
      .set({ state: "sent", message_id: messageId, sent_at: new Date() })
      .where("key", "=", key)
      .execute();
  }

  /** Of `keys`, those claimed already (sent or being sent). */
  async claimed(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.db
      .selectFrom("notice_deliveries")
      .select("key")
      .where("key", "in", [...keys])
      .execute();
    return new Set(rows.map((r) => r.key));
  }

  async list(guildId: string): Promise<NoticeDelivery[]> {
    const rows = await this.db
      .selectFrom("notice_deliveries")
      .selectAll()
      .where("guild_id", "=", guildId)
      .orderBy("claimed_at")
      .execute();
    return rows.map((row) => ({
      key: row.key,
      channelId: row.channel_id,
      marker: row.marker,
      state: row.state,
      messageId: row.message_id,
    }));
  }
}
