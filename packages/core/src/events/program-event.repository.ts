import type { Selectable } from "kysely";
import type { Executor } from "../db/executor.ts";
import type { ProgramEventsTable } from "../db/schema.ts";

export interface ProgramEvent {
  id: string;
  guildId: string;
  cohortId: string;
  title: string;
  description: string | null;
  location: string;
  startsAt: Date;
  endsAt: Date;
  status: "scheduled" | "cancelled";
  discordEventId: string | null;
  announcementMessageId: string | null;
  createdBy: string;
}

export type NewProgramEvent = Pick<
  ProgramEvent,
  "guildId" | "cohortId" | "title" | "description" | "location" | "startsAt" | "endsAt" | "createdBy"
>;

export class ProgramEventRepository {
  constructor(private readonly db: Executor) {}

  async insert(event: NewProgramEvent): Promise<ProgramEvent> {
    const row = await this.db
      .insertInto("program_events")
      .values({
        guild_id: event.guildId,
        cohort_id: event.cohortId,
        title: event.title,
        description: event.description,
        location: event.location,
        starts_at: event.startsAt,
        ends_at: event.endsAt,
        created_by: event.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEvent(row);
  }

  async get(guildId: string, id: string): Promise<ProgramEvent | undefined> {
    const row = await this.db
      .selectFrom("program_events")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toEvent(row);
  }

  async listUpcoming(guildIds: readonly string[] | undefined, after: Date): Promise<ProgramEvent[]> {
    let query = this.db.selectFrom("program_events").selectAll().where("starts_at", ">", after);
    if (guildIds) {
      if (guildIds.length === 0) return [];
      query = query.where("guild_id", "in", [...guildIds]);
    }
    return (await query.orderBy("starts_at").execute()).map(toEvent);
  }

  async recordDiscord(
    guildId: string,
    id: string,
    ids: { discordEventId?: string; announcementMessageId?: string },
  ) {
    // Nothing to record is no update (an update setting nothing is an SQL error).
    if (ids.discordEventId === undefined && ids.announcementMessageId === undefined) return;
    await this.db
      .updateTable("program_events")
      .set({
        // Stryker disable next-line ConditionalExpression: Kysely leaves a key whose value is undefined out of an update.
        ...(ids.discordEventId !== undefined && { discord_event_id: ids.discordEventId }),
        // Stryker disable next-line ConditionalExpression: Kysely leaves a key whose value is undefined out of an update.
        ...(ids.announcementMessageId !== undefined && {
          announcement_message_id: ids.announcementMessageId,
        }),
      })
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .execute();
  }

  /**
   * Records the Discord event unless one is recorded already; returns the one that stands. Two
   * publishers at once (a command and the scheduler's sync) each made one: the first recorded wins.
   */
  async recordDiscordEventOnce(guildId: string, id: string, discordEventId: string): Promise<string | null> {
    const row = await this.db
      .updateTable("program_events")
      .set((eb) => ({ discord_event_id: eb.fn.coalesce("discord_event_id", eb.val(discordEventId)) }))
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .returning("discord_event_id")
      .executeTakeFirst();
    return row?.discord_event_id ?? null;
  }

  async answer(guildId: string, eventId: string, userId: string, going: boolean) {
    await this.db
      .insertInto("program_event_answers")
      .values({ guild_id: guildId, event_id: eventId, user_id: userId, going })
      .onConflict((oc) => oc.columns(["event_id", "user_id"]).doUpdateSet({ going }))
      .execute();
  }

  async counts(guildId: string, eventId: string): Promise<{ going: number; notGoing: number }> {
    const rows = await this.db
      .selectFrom("program_event_answers")
      .select(["going", (eb) => eb.fn.countAll<string>().as("n")])
      .where("guild_id", "=", guildId)
      .where("event_id", "=", eventId)
      .groupBy("going")
      .execute();
    const of = (going: boolean) => Number(rows.find((r) => r.going === going)?.n ?? 0);
    return { going: of(true), notGoing: of(false) };
  }
}

function toEvent(row: Selectable<ProgramEventsTable>): ProgramEvent {
  return {
    id: row.id,
    guildId: row.guild_id,
    cohortId: row.cohort_id,
    title: row.title,
    description: row.description,
    location: row.location,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status,
    discordEventId: row.discord_event_id,
    announcementMessageId: row.announcement_message_id,
    createdBy: row.created_by,
  };
}
