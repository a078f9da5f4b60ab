import { sql } from "kysely";
import type { Executor } from "../db/executor.ts";

export type AttendanceStatus = "present" | "absent" | "excused";

export interface AttendanceEntry {
  sessionId: string;
  userId: string;
  status: AttendanceStatus;
  source: "voice" | "manual";
  minutesPresent: number;
  secondsPresent: number;
}

/** An open group run with its voice room and its members. */
export interface OpenRoom {
  sessionId: string;
  groupId: string;
  voiceChannelId: string | null;
  members: string[];
}

export class AttendanceRepository {
  constructor(private readonly db: Executor) {}

  /** The guild's group runs that are open now, each with its voice room and members. */
  async openRooms(guildId: string): Promise<OpenRoom[]> {
    const runs = await this.db
      .selectFrom("group_session_runs")
      .innerJoin("groups", "groups.id", "group_session_runs.group_id")
      .select(["group_session_runs.session_id", "group_session_runs.group_id", "groups.voice_channel_id"])
      .where("group_session_runs.guild_id", "=", guildId)
      .where("group_session_runs.closed_at", "is", null)
      .execute();
    if (runs.length === 0) return [];
    const members = await this.db
      .selectFrom("group_members")
      .select(["group_id", "user_id"])
      .where(
        "group_id",
        "in",
        runs.map((r) => r.group_id),
      )
      .execute();
    return runs.map((r) => ({
      sessionId: r.session_id,
      groupId: r.group_id,
      voiceChannelId: r.voice_channel_id,
      members: members.filter((m) => m.group_id === r.group_id).map((m) => m.user_id),
    }));
  }

  /** Users with an open interval in a session's room. */
  async openIntervals(sessionId: string): Promise<Map<string, Date>> {
    const rows = await this.db
      .selectFrom("voice_presence")
      .select(["user_id", "joined_at"])
      .where("session_id", "=", sessionId)
      .execute();
    return new Map(rows.map((r) => [r.user_id, r.joined_at]));
  }

  async startInterval(guildId: string, sessionId: string, groupId: string, userId: string, at: Date) {
    await this.db
      .insertInto("voice_presence")
      .values({ guild_id: guildId, session_id: sessionId, group_id: groupId, user_id: userId, joined_at: at })
      .onConflict((oc) => oc.columns(["session_id", "user_id"]).doNothing())
      .execute();
  }

  /** Ends an open interval and returns when it began (none if it was not open). */
  async endInterval(sessionId: string, userId: string): Promise<Date | undefined> {
    const row = await this.db
      .deleteFrom("voice_presence")
      .where("session_id", "=", sessionId)
      .where("user_id", "=", userId)
      .returning("joined_at")
      .executeTakeFirst();
    return row?.joined_at;
  }

  /** Adds counted voice time; a new row starts absent until the run's end decides. */
  async addSeconds(guildId: string, sessionId: string, userId: string, seconds: number) {
    const add = Math.max(0, Math.round(seconds));
    await this.db
      .insertInto("attendance")
      .values({
        guild_id: guildId,
        session_id: sessionId,
        user_id: userId,
        status: "absent",
        source: "voice",
        seconds_present: Math.min(add, 86_400),
        minutes_present: Math.min(Math.floor(add / 60), 1440),
      })
      .onConflict((oc) =>
        oc.columns(["session_id", "user_id"]).doUpdateSet({
          seconds_present: sql`least(attendance.seconds_present + ${add}, 86400)`,
          minutes_present: sql`least((attendance.seconds_present + ${add}) / 60, 1440)`,
        }),
      )
      .execute();
  }

  async setStatus(
    guildId: string,
    sessionId: string,
    userId: string,
    status: AttendanceStatus,
    source: "voice" | "manual",
  ) {
    await this.db
      .insertInto("attendance")
      .values({ guild_id: guildId, session_id: sessionId, user_id: userId, status, source })
      .onConflict((oc) => oc.columns(["session_id", "user_id"]).doUpdateSet({ status, source }))
      .execute();
  }

  async list(guildId: string, sessionId: string, userIds?: readonly string[]): Promise<AttendanceEntry[]> {
    let query = this.db
      .selectFrom("attendance")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("session_id", "=", sessionId);
    if (userIds) {
      if (userIds.length === 0) return [];
      query = query.where("user_id", "in", [...userIds]);
    }
    const rows = await query.orderBy("user_id").execute();
    return rows.map((r) => ({
      sessionId: r.session_id,
      userId: r.user_id,
      status: r.status,
      source: r.source,
      minutesPresent: r.minutes_present,
      secondsPresent: r.seconds_present,
    }));
  }
}
