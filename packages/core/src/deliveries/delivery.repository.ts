import type { Executor } from "../db/executor.ts";

/** Where a once-only message goes: a channel (a notice) or a member (a DM, or a fallback channel). */
export type DeliveryTarget = { channelId: string } | { userId: string };

export interface Delivery {
  key: string;
  /** Claimed by this call (false: an earlier attempt claimed it, and may have sent it). */
  fresh: boolean;
  state: "claimed" | "sent" | "failed";
  userId: string | null;
  /** A post: the channel it goes to (the one first claimed). A DM: the fallback channel used. */
  channelId: string | null;
  /** Shown under the message, so that a retry finds a post a dead process made. */
  marker: string;
  via: "channel" | "dm" | "fallback" | null;
  messageId: string | null;
}

/**
 * Channel posts and DMs that must go out once (announcements, reminders, seat offers, nudges,
 * feedback prompts): the row is claimed before the message is sent and marked after. A job that
 * finds it `sent` does nothing; one that finds it `claimed` (a process died between the send and the
 * mark) looks for the message by its marker before sending.
 */
export class DeliveryRepository {
  constructor(private readonly db: Executor) {}

  async claim(key: string, guildId: string, target: DeliveryTarget, marker: string): Promise<Delivery> {
    const inserted = await this.db
      .insertInto("deliveries")
      .values({
        key,
        guild_id: guildId,
        user_id: "userId" in target ? target.userId : null,
        channel_id: "channelId" in target ? target.channelId : null,
        marker,
      })
      .onConflict((oc) => oc.column("key").doNothing())
      .returning("key")
      .executeTakeFirst();
    const row = await this.db
      .selectFrom("deliveries")
      .selectAll()
      .where("key", "=", key)
      .executeTakeFirstOrThrow();
    return { ...toDelivery(row), fresh: inserted !== undefined };
  }

  async markSent(
    key: string,
    sent: { via: "channel" | "dm" | "fallback"; channelId?: string | null; messageId?: string | null },
  ): Promise<void> {
    await this.db
      .updateTable("deliveries")
      .set({
        state: "sent",
        via: sent.via,
        ...(sent.via === "fallback" ? { channel_id: sent.channelId ?? null } : {}),
        message_id: sent.messageId ?? null,
        sent_at: new Date(),
      })
      .where("key", "=", key)
      .execute();
  }

  async markFailed(key: string): Promise<void> {
    await this.db.updateTable("deliveries").set({ state: "failed" }).where("key", "=", key).execute();
  }

  /** Of `keys`, those claimed already (sent, being sent or failed). */
  async claimed(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.db
      .selectFrom("deliveries")
      .select("key")
      .where("key", "in", [...keys])
      .execute();
    return new Set(rows.map((r) => r.key));
  }

  async list(guildId: string): Promise<Delivery[]> {
    const rows = await this.db
      .selectFrom("deliveries")
      .selectAll()
      .where("guild_id", "=", guildId)
      .orderBy("claimed_at")
      .orderBy("key")
      .execute();
    return rows.map((row) => ({ ...toDelivery(row), fresh: false }));
  }

  /** A member's erasure: their DMs' records go with them. */
  async deleteForMember(guildId: string, userId: string): Promise<void> {
    await this.db
      .deleteFrom("deliveries")
      .where("guild_id", "=", guildId)
      .where("user_id", "=", userId)
      .execute();
  }
}

function toDelivery(row: {
  key: string;
  state: Delivery["state"];
  user_id: string | null;
  channel_id: string | null;
  marker: string;
  via: Delivery["via"];
  message_id: string | null;
}): Omit<Delivery, "fresh"> {
  return {
    key: row.key,
    state: row.state,
    userId: row.user_id,
    channelId: row.channel_id,
    marker: row.marker,
    via: row.via,
    messageId: row.message_id,
  };
}
