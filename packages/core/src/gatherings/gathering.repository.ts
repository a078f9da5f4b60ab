import type { Executor } from "../db/executor.ts";

export interface GatheringRecord {
  id: string;
  groupId: string;
  title: string;
  startsAt: Date;
  endsAt: Date | null;
  location: string | null;
  proposedBy: string;
  discordEventId: string | null;
  channelId: string | null;
  messageId: string | null;
}

export interface GatheringCounts {
  going: number;
  notGoing: number;
}

export class GatheringRepository {
  constructor(private readonly db: Executor) {}

  async insert(
    guildId: string,
    g: Pick<GatheringRecord, "groupId" | "title" | "startsAt" | "endsAt" | "location" | "proposedBy">,
  ): Promise<GatheringRecord> {
    const row = await this.db
      .insertInto("social_gatherings")
      .values({
        guild_id: guildId,
        group_id: g.groupId,
        title: g.title,
        starts_at: g.startsAt,
        ends_at: g.endsAt,
        location: g.location,
        proposed_by: g.proposedBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async get(guildId: string, id: string): Promise<GatheringRecord | undefined> {
    const row = await this.db
      .selectFrom("social_gatherings")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async setDiscord(
    guildId: string,
    id: string,
    ids: { discordEventId?: string | null; channelId?: string; messageId?: string },
  ): Promise<void> {
    // Nothing to record is no update (an update setting nothing is an SQL error).
    if (Object.values(ids).every((id) => id === undefined)) return;
    await this.db
      .updateTable("social_gatherings")
      .set({
        // Stryker disable next-line ConditionalExpression: Kysely leaves a key whose value is undefined out of an update.
        ...(ids.discordEventId !== undefined && { discord_event_id: ids.discordEventId }),
        // Stryker disable next-line ConditionalExpression: Kysely leaves a key whose value is undefined out of an update.
        ...(ids.channelId !== undefined && { channel_id: ids.channelId }),
        // Stryker disable next-line ConditionalExpression: Kysely leaves a key whose value is undefined out of an update.
        ...(ids.messageId !== undefined && { message_id: ids.messageId }),
      })
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .execute();
  }

  async respond(guildId: string, gatheringId: string, userId: string, going: boolean): Promise<void> {
    await this.db
      .insertInto("gathering_responses")
      .values({ guild_id: guildId, gathering_id: gatheringId, user_id: userId, going })
      .onConflict((oc) =>
        oc.columns(["gathering_id", "user_id"]).doUpdateSet({ going, updated_at: new Date() }),
      )
      .execute();
  }

  async counts(gatheringId: string): Promise<GatheringCounts> {
    const rows = await this.db
      .selectFrom("gathering_responses")
      .select(["going", (eb) => eb.fn.countAll<string>().as("n")])
      .where("gathering_id", "=", gatheringId)
      .groupBy("going")
      .execute();
    const count = (going: boolean) => Number(rows.find((r) => r.going === going)?.n ?? 0);
    return { going: count(true), notGoing: count(false) };
  }
}

function toRecord(row: {
  id: string;
  group_id: string;
  title: string;
  starts_at: Date;
  ends_at: Date | null;
  location: string | null;
  proposed_by: string;
  discord_event_id: string | null;
  channel_id: string | null;
  message_id: string | null;
}): GatheringRecord {
  return {
    id: row.id,
    groupId: row.group_id,
    title: row.title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    location: row.location,
    proposedBy: row.proposed_by,
    discordEventId: row.discord_event_id,
    channelId: row.channel_id,
    messageId: row.message_id,
  };
}
