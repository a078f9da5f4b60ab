import type { Executor } from "../db/executor.ts";

export interface FeedbackEntry {
  sessionId: string;
  userId: string;
  rating: number;
  comment: string | null;
}

export interface FinalSurvey {
  cohortId: string;
  userId: string;
  overall: number;
  mostValuable: string | null;
  changeNext: string | null;
}

export class FeedbackRepository {
  constructor(private readonly db: Executor) {}

  /** A member's rating of a session; a second press changes it. */
  async rate(guildId: string, sessionId: string, userId: string, rating: number) {
    await this.db
      .insertInto("session_feedback")
      .values({ guild_id: guildId, session_id: sessionId, user_id: userId, rating })
      .onConflict((oc) => oc.columns(["session_id", "user_id"]).doUpdateSet({ rating }))
      .execute();
  }

  /** The comment goes with the member's rating; none yet → false. */
  async comment(
    guildId: string,
    sessionId: string,
    userId: string,
    comment: string | null,
  ): Promise<boolean> {
    const row = await this.db
      .updateTable("session_feedback")
      .set({ comment })
      .where("guild_id", "=", guildId)
      .where("session_id", "=", sessionId)
      .where("user_id", "=", userId)
      .returning("id")
      .executeTakeFirst();
    return row !== undefined;
  }

  async forSession(guildId: string, sessionId: string): Promise<FeedbackEntry[]> {
    const rows = await this.db
      .selectFrom("session_feedback")
      .select(["session_id", "user_id", "rating", "comment"])
      .where("guild_id", "=", guildId)
      .where("session_id", "=", sessionId)
      .orderBy("created_at")
      .execute();
    return rows.map((r) => ({
      sessionId: r.session_id,
      userId: r.user_id,
      rating: r.rating,
      comment: r.comment,
    }));
  }

  async saveSurvey(guildId: string, survey: FinalSurvey) {
    const values = {
      overall: survey.overall,
      most_valuable: survey.mostValuable,
      change_next: survey.changeNext,
    };
    await this.db
      .insertInto("cohort_final_surveys")
      .values({ guild_id: guildId, cohort_id: survey.cohortId, user_id: survey.userId, ...values })
      .onConflict((oc) => oc.columns(["cohort_id", "user_id"]).doUpdateSet(values))
      .execute();
  }

  async surveys(guildId: string, cohortId: string): Promise<FinalSurvey[]> {
    const rows = await this.db
      .selectFrom("cohort_final_surveys")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .orderBy("created_at")
      .execute();
    return rows.map((r) => ({
      cohortId: r.cohort_id,
      userId: r.user_id,
      overall: r.overall,
      mostValuable: r.most_valuable,
      changeNext: r.change_next,
    }));
  }

  /** Whether the user is in a group of the session's cohort (only members give feedback). */
  async isMemberOfSessionCohort(guildId: string, sessionId: string, userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("cohort_sessions")
      .innerJoin("group_members", "group_members.cohort_id", "cohort_sessions.cohort_id")
      .select("group_members.user_id")
      .where("cohort_sessions.guild_id", "=", guildId)
      .where("cohort_sessions.id", "=", sessionId)
      .where("group_members.user_id", "=", userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async isMemberOfCohort(guildId: string, cohortId: string, userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("group_members")
      .select("user_id")
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return row !== undefined;
  }
}
