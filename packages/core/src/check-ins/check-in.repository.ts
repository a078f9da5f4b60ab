import type { Executor } from "../db/executor.ts";

export interface CheckInRecord {
  id: string;
  groupId: string;
  mentorUserId: string;
  menteeUserId: string;
  heldAt: Date;
  notes: string | null;
}

export class CheckInRepository {
  constructor(private readonly db: Executor) {}

  async insert(guildId: string, checkIn: Omit<CheckInRecord, "id">): Promise<CheckInRecord> {
    const row = await this.db
      .insertInto("check_ins")
      .values({
        guild_id: guildId,
        group_id: checkIn.groupId,
        mentor_user_id: checkIn.mentorUserId,
        mentee_user_id: checkIn.menteeUserId,
        held_at: checkIn.heldAt,
        notes: checkIn.notes,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** The pair's check-ins, newest first. */
  async listForPair(guildId: string, groupId: string, menteeUserId: string): Promise<CheckInRecord[]> {
    const rows = await this.db
      .selectFrom("check_ins")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("group_id", "=", groupId)
      .where("mentee_user_id", "=", menteeUserId)
      .orderBy("held_at", "desc")
      .execute();
    return rows.map(toRecord);
  }

  async listForCohort(guildId: string, cohortId: string): Promise<CheckInRecord[]> {
    const rows = await this.db
      .selectFrom("check_ins")
      .innerJoin("groups", "groups.id", "check_ins.group_id")
      .selectAll("check_ins")
      .where("check_ins.guild_id", "=", guildId)
      .where("groups.cohort_id", "=", cohortId)
      .orderBy("check_ins.held_at", "desc")
      .execute();
    return rows.map(toRecord);
  }

  /** Sessions of published or running cohorts that ended in [from, to] and were not cancelled. */
  async sessionsEndedBetween(from: Date, to: Date) {
    return this.db
      .selectFrom("cohort_sessions")
      .innerJoin("cohorts", "cohorts.id", "cohort_sessions.cohort_id")
      .select([
        "cohort_sessions.id as sessionId",
        "cohort_sessions.guild_id as guildId",
        "cohort_sessions.cohort_id as cohortId",
        "cohort_sessions.ends_at as endsAt",
      ])
      .where("cohort_sessions.status", "=", "scheduled")
      .where("cohorts.state", "in", ["published", "running"])
      .where("cohort_sessions.ends_at", ">=", from)
      .where("cohort_sessions.ends_at", "<=", to)
      .orderBy("cohort_sessions.ends_at")
      .execute();
  }

  /** Whether the pair checked in at or after `since`. */
  async heldSince(guildId: string, groupId: string, menteeUserId: string, since: Date): Promise<boolean> {
    const row = await this.db
      .selectFrom("check_ins")
      .select("id")
      .where("guild_id", "=", guildId)
      .where("group_id", "=", groupId)
      .where("mentee_user_id", "=", menteeUserId)
      .where("held_at", ">=", since)
      .executeTakeFirst();
    return row !== undefined;
  }
}

function toRecord(row: {
  id: string;
  group_id: string;
  mentor_user_id: string;
  mentee_user_id: string;
  held_at: Date;
  notes: string | null;
}): CheckInRecord {
  return {
    id: row.id,
    groupId: row.group_id,
    mentorUserId: row.mentor_user_id,
    menteeUserId: row.mentee_user_id,
    heldAt: row.held_at,
    notes: row.notes,
  };
}
