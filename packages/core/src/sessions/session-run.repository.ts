import type { Selectable } from "kysely";
import type { Executor } from "../db/executor.ts";
import type { GroupSessionRunsTable } from "../db/schema.ts";

export interface SessionRun {
  sessionId: string;
  groupId: string;
  openedAt: Date;
  openedBy: string;
  agendaPosition: number;
  closedAt: Date | null;
  shareBack: string | null;
  shareBackBy: string | null;
  shareBackAt: Date | null;
}

/** A group's run of a session: opened by `/session start`, closed by `/session end`. */
export class SessionRunRepository {
  constructor(private readonly db: Executor) {}

  /** Opens the run; undefined when the group has one for this session already. */
  async open(guildId: string, sessionId: string, groupId: string, userId: string, at: Date) {
    const row = await this.db
      .insertInto("group_session_runs")
      .values({
        guild_id: guildId,
        session_id: sessionId,
        group_id: groupId,
        opened_at: at,
        opened_by: userId,
      })
      .onConflict((oc) => oc.columns(["session_id", "group_id"]).doNothing())
      .returningAll()
      .executeTakeFirst();
    return row && toRun(row);
  }

  async get(guildId: string, sessionId: string, groupId: string): Promise<SessionRun | undefined> {
    const row = await this.db
      .selectFrom("group_session_runs")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("session_id", "=", sessionId)
      .where("group_id", "=", groupId)
      .executeTakeFirst();
    return row && toRun(row);
  }

  /** The group's run that is open now, whatever the session. */
  async openForGroup(guildId: string, groupId: string): Promise<SessionRun | undefined> {
    const row = await this.db
      .selectFrom("group_session_runs")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("group_id", "=", groupId)
      .where("closed_at", "is", null)
      .executeTakeFirst();
    return row && toRun(row);
  }

  async listForSession(guildId: string, sessionId: string): Promise<SessionRun[]> {
    const rows = await this.db
      .selectFrom("group_session_runs")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("session_id", "=", sessionId)
      .execute();
    return rows.map(toRun);
  }

  /** Moves the agenda on by one, only from `from` (two mentors pressing at once move it once). */
  async advance(guildId: string, sessionId: string, groupId: string, from: number) {
    const row = await this.db
      .updateTable("group_session_runs")
      .set({ agenda_position: from + 1 })
      .where("guild_id", "=", guildId)
      .where("session_id", "=", sessionId)
      .where("group_id", "=", groupId)
      .where("agenda_position", "=", from)
      .where("closed_at", "is", null)
      .returningAll()
      .executeTakeFirst();
    return row && toRun(row);
  }

  async share(guildId: string, sessionId: string, groupId: string, text: string, userId: string, at: Date) {
    const row = await this.db
      .updateTable("group_session_runs")
      .set({ share_back: text, share_back_by: userId, share_back_at: at })
      .where("guild_id", "=", guildId)
      .where("session_id", "=", sessionId)
      .where("group_id", "=", groupId)
      .returningAll()
      .executeTakeFirst();
    return row && toRun(row);
  }

  /** Closes the run once; undefined when it was closed already. */
  async close(guildId: string, sessionId: string, groupId: string, at: Date) {
    const row = await this.db
      .updateTable("group_session_runs")
      .set({ closed_at: at })
      .where("guild_id", "=", guildId)
      .where("session_id", "=", sessionId)
      .where("group_id", "=", groupId)
      .where("closed_at", "is", null)
      .returningAll()
      .executeTakeFirst();
    return row && toRun(row);
  }
}

function toRun(row: Selectable<GroupSessionRunsTable>): SessionRun {
  return {
    sessionId: row.session_id,
    groupId: row.group_id,
    openedAt: row.opened_at,
    openedBy: row.opened_by,
    agendaPosition: row.agenda_position,
    closedAt: row.closed_at,
    shareBack: row.share_back,
    shareBackBy: row.share_back_by,
    shareBackAt: row.share_back_at,
  };
}

/** The group whose text channel this is, in a cohort on Discord now (published or running). */
export async function groupOfTextChannel(db: Executor, guildId: string, channelId: string) {
  return db
    .selectFrom("groups")
    .innerJoin("cohorts", "cohorts.id", "groups.cohort_id")
    .select(["groups.id as groupId", "groups.cohort_id as cohortId"])
    .where("groups.guild_id", "=", guildId)
    .where("groups.text_channel_id", "=", channelId)
    .where("cohorts.state", "in", ["published", "running"])
    .executeTakeFirst();
}
