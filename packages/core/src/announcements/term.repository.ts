import type { Executor } from "../db/executor.ts";

/** A cohort as the term's scheduler sees it: its settings and where its community posts. */
export interface TermCohort {
  id: string;
  guildId: string;
  name: string;
  state: "published" | "running" | "finished";
  timeZone: string;
  venue: string | null;
  announcementOffsetsMinutes: number[];
  reminderOffsetMinutes: number;
  attendanceThresholdMinutes: number;
  shareBackChannelId: string | null;
  announcementChannelId: string | null;
}

export interface TermSettingsPatch {
  announcementOffsetsMinutes?: number[];
  reminderOffsetMinutes?: number;
  attendanceThresholdMinutes?: number;
  shareBackChannelId?: string | null;
}

/** Reads for the scheduler and the session commands: cohorts whose term is on Discord. */
export class TermRepository {
  constructor(private readonly db: Executor) {}

  private base() {
    return this.db
      .selectFrom("cohorts")
      .innerJoin("communities", "communities.guild_id", "cohorts.guild_id")
      .select([
        "cohorts.id",
        "cohorts.guild_id",
        "cohorts.name",
        "cohorts.state",
        "cohorts.time_zone",
        "cohorts.venue",
        "cohorts.announcement_offsets_minutes",
        "cohorts.reminder_offset_minutes",
        "cohorts.attendance_threshold_minutes",
        "cohorts.share_back_channel_id",
        "communities.announcement_channel_id",
      ]);
  }

  /** Published or running cohorts of every community (the bot serves them all). */
  async activeCohorts(guildIds?: readonly string[]): Promise<TermCohort[]> {
    let query = this.base().where("cohorts.state", "in", ["published", "running"]);
    if (guildIds) {
      if (guildIds.length === 0) return [];
      query = query.where("cohorts.guild_id", "in", [...guildIds]);
    }
    return (await query.orderBy("cohorts.created_at").execute()).map(toTermCohort);
  }

  async cohort(guildId: string, cohortId: string): Promise<TermCohort | undefined> {
    const row = await this.base()
      .where("cohorts.guild_id", "=", guildId)
      .where("cohorts.id", "=", cohortId)
      .executeTakeFirst();
    // A finished cohort is still read: a notice queued before the end (a cancellation) still goes out.
    return row && ["published", "running", "finished"].includes(row.state) ? toTermCohort(row) : undefined;
  }

  async updateSettings(guildId: string, cohortId: string, patch: TermSettingsPatch): Promise<void> {
    await this.db
      .updateTable("cohorts")
      .set({
        // Stryker disable next-line ConditionalExpression: Kysely leaves a key whose value is undefined out of an update.
        ...(patch.announcementOffsetsMinutes !== undefined && {
          announcement_offsets_minutes: patch.announcementOffsetsMinutes,
        }),
        // Stryker disable next-line ConditionalExpression: Kysely leaves a key whose value is undefined out of an update.
        ...(patch.reminderOffsetMinutes !== undefined && {
          reminder_offset_minutes: patch.reminderOffsetMinutes,
        }),
        // Stryker disable next-line ConditionalExpression: Kysely leaves a key whose value is undefined out of an update.
        ...(patch.attendanceThresholdMinutes !== undefined && {
          attendance_threshold_minutes: patch.attendanceThresholdMinutes,
        }),
        // Stryker disable next-line ConditionalExpression: Kysely leaves a key whose value is undefined out of an update.
        ...(patch.shareBackChannelId !== undefined && { share_back_channel_id: patch.shareBackChannelId }),
      })
      .where("guild_id", "=", guildId)
      .where("id", "=", cohortId)
      .execute();
  }

  /** The version of each of the cohort's sessions (bumped by the database on every change). */
  async sessionVersions(guildId: string, cohortId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom("cohort_sessions")
      .select(["id", "version"])
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .execute();
    return new Map(rows.map((r) => [r.id, r.version]));
  }
}

function toTermCohort(row: {
  id: string;
  guild_id: string;
  name: string;
  state: string;
  time_zone: string;
  venue: string | null;
  announcement_offsets_minutes: number[];
  reminder_offset_minutes: number;
  attendance_threshold_minutes: number;
  share_back_channel_id: string | null;
  announcement_channel_id: string | null;
}): TermCohort {
  return {
    id: row.id,
    guildId: row.guild_id,
    name: row.name,
    state: row.state as TermCohort["state"],
    timeZone: row.time_zone,
    venue: row.venue,
    announcementOffsetsMinutes: row.announcement_offsets_minutes,
    reminderOffsetMinutes: row.reminder_offset_minutes,
    attendanceThresholdMinutes: row.attendance_threshold_minutes,
    shareBackChannelId: row.share_back_channel_id,
    announcementChannelId: row.announcement_channel_id,
  };
}
