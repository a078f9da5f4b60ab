import type { Selectable } from "kysely";
import type { Executor } from "../db/executor.ts";
import type { CohortSessionsTable, StoredAgendaItem } from "../db/schema.ts";

export interface SessionRecord {
  id: string;
  guildId: string;
  cohortId: string;
  number: number;
  startsAt: Date;
  endsAt: Date;
  status: "scheduled" | "cancelled";
  theme: string | null;
  speakers: string[];
  discussionPrompts: string[];
  agenda: StoredAgendaItem[];
  discordEventId: string | null;
}

export interface NewSession {
  number: number;
  startsAt: Date;
  endsAt: Date;
  agenda: StoredAgendaItem[];
}

export type SessionChanges = Partial<
  Pick<
    SessionRecord,
    "startsAt" | "endsAt" | "status" | "theme" | "speakers" | "discussionPrompts" | "agenda"
  >
>;

export class SessionRepository {
  constructor(private readonly db: Executor) {}

  async replaceAll(guildId: string, cohortId: string, sessions: NewSession[]): Promise<SessionRecord[]> {
    await this.db
      .deleteFrom("cohort_sessions")
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .execute();
    if (sessions.length === 0) return [];
    const rows = await this.db
      .insertInto("cohort_sessions")
      .values(
        sessions.map((s) => ({
          guild_id: guildId,
          cohort_id: cohortId,
          number: s.number,
          starts_at: s.startsAt,
          ends_at: s.endsAt,
          agenda: JSON.stringify(s.agenda),
        })),
      )
      .returningAll()
      .execute();
    return rows.map(toRecord).sort((a, b) => a.number - b.number);
  }

  async list(guildId: string, cohortId: string): Promise<SessionRecord[]> {
    const rows = await this.db
      .selectFrom("cohort_sessions")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .orderBy("number")
      .execute();
    return rows.map(toRecord);
  }

  async get(guildId: string, id: string): Promise<SessionRecord | undefined> {
    const row = await this.db
      .selectFrom("cohort_sessions")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async update(guildId: string, id: string, changes: SessionChanges): Promise<SessionRecord | undefined> {
    const row = await this.db
      .updateTable("cohort_sessions")
      .set({
        ...(changes.startsAt !== undefined && { starts_at: changes.startsAt }),
        ...(changes.endsAt !== undefined && { ends_at: changes.endsAt }),
        ...(changes.status !== undefined && { status: changes.status }),
        ...(changes.theme !== undefined && { theme: changes.theme }),
        ...(changes.speakers !== undefined && { speakers: changes.speakers }),
        ...(changes.discussionPrompts !== undefined && { discussion_prompts: changes.discussionPrompts }),
        ...(changes.agenda !== undefined && { agenda: JSON.stringify(changes.agenda) }),
      })
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }
}

function toRecord(row: Selectable<CohortSessionsTable>): SessionRecord {
  return {
    id: row.id,
    guildId: row.guild_id,
    cohortId: row.cohort_id,
    number: row.number,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status,
    theme: row.theme,
    speakers: row.speakers,
    discussionPrompts: row.discussion_prompts,
    agenda: row.agenda,
    discordEventId: row.discord_event_id,
  };
}
