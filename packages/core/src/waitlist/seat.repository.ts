import type { Executor } from "../db/executor.ts";

export interface VacancyRecord {
  id: string;
  cohortId: string;
  groupId: string;
  freedBy: string | null;
  reason: "withdrawal" | "removal";
  state: "open" | "filled" | "unfilled";
}

export interface OfferRecord {
  id: string;
  vacancyId: string;
  applicationId: string;
  userId: string;
  state: "pending" | "accepted" | "declined" | "expired";
  offeredAt: Date;
  deadlineAt: Date;
}

/** Seats freed in groups, the offers made for them, and the placements they lead to. */
export class SeatRepository {
  constructor(private readonly db: Executor) {}

  /** Takes the member out of their group (their buddy pairs go with it). */
  async leaveGroup(groupId: string, userId: string): Promise<boolean> {
    const removed = await this.db
      .deleteFrom("group_members")
      .where("group_id", "=", groupId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return Number(removed.numDeletedRows) > 0;
  }

  async membership(guildId: string, cohortId: string, userId: string) {
    return this.db
      .selectFrom("group_members")
      .select(["group_id as groupId", "role"])
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
  }

  /** Withdraws the member's live applications to current cohorts (a removal); the cohorts they were in. */
  async withdrawCurrent(guildId: string, userId: string, at: Date): Promise<string[]> {
    const rows = await this.db
      .updateTable("applications")
      .set({ state: "withdrawn", withdrawn_at: at })
      .where("guild_id", "=", guildId)
      .where("user_id", "=", userId)
      .where("state", "in", ["placed", "waitlisted", "submitted"])
      .where("cohort_id", "in", (eb) =>
        eb
          .selectFrom("cohorts")
          .select("id")
          .where("guild_id", "=", guildId)
          .where("state", "in", ["applications_open", "matching", "published", "running"]),
      )
      .returning("cohort_id")
      .execute();
    return rows.map((r) => r.cohort_id);
  }

  async insertVacancy(
    guildId: string,
    v: Pick<VacancyRecord, "cohortId" | "groupId" | "freedBy" | "reason">,
  ): Promise<VacancyRecord> {
    const row = await this.db
      .insertInto("seat_vacancies")
      .values({
        guild_id: guildId,
        cohort_id: v.cohortId,
        group_id: v.groupId,
        freed_by: v.freedBy,
        reason: v.reason,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return vacancy(row);
  }

  async vacancy(guildId: string, id: string): Promise<VacancyRecord | undefined> {
    const row = await this.db
      .selectFrom("seat_vacancies")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row && vacancy(row);
  }

  async setVacancyState(guildId: string, id: string, state: VacancyRecord["state"]): Promise<void> {
    await this.db
      .updateTable("seat_vacancies")
      .set({ state })
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .execute();
  }

  /** The cohort's waitlisted mentees in application order, with nothing pending and not yet offered this seat. */
  async candidates(guildId: string, cohortId: string, vacancyId: string) {
    return this.db
      .selectFrom("applications")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .where("role", "=", "mentee")
      .where("state", "=", "waitlisted")
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("seat_offers")
              .select("seat_offers.id")
              .whereRef("seat_offers.application_id", "=", "applications.id")
              .where((eb) =>
                eb.or([
                  eb("seat_offers.vacancy_id", "=", vacancyId),
                  eb("seat_offers.state", "=", "pending"),
                ]),
              ),
          ),
        ),
      )
      .orderBy("applied_at")
      .orderBy("id")
      .execute();
  }

  async placedInGroup(guildId: string, groupId: string) {
    return this.db
      .selectFrom("applications")
      .innerJoin("group_members", (join) =>
        join
          .onRef("group_members.cohort_id", "=", "applications.cohort_id")
          .onRef("group_members.user_id", "=", "applications.user_id"),
      )
      .selectAll("applications")
      .where("applications.guild_id", "=", guildId)
      .where("group_members.group_id", "=", groupId)
      .where("applications.state", "<>", "withdrawn")
      .execute();
  }

  async insertOffer(
    guildId: string,
    o: Pick<OfferRecord, "vacancyId" | "applicationId" | "userId" | "offeredAt" | "deadlineAt">,
  ): Promise<OfferRecord> {
    const row = await this.db
      .insertInto("seat_offers")
      .values({
        guild_id: guildId,
        vacancy_id: o.vacancyId,
        application_id: o.applicationId,
        user_id: o.userId,
        offered_at: o.offeredAt,
        deadline_at: o.deadlineAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return offer(row);
  }

  async pendingOffer(vacancyId: string): Promise<OfferRecord | undefined> {
    const row = await this.db
      .selectFrom("seat_offers")
      .selectAll()
      .where("vacancy_id", "=", vacancyId)
      .where("state", "=", "pending")
      .executeTakeFirst();
    return row && offer(row);
  }

  /** Pending offers whose deadline has passed, in every community (the sweep ends them). */
  async overdue(now: Date) {
    return this.db
      .selectFrom("seat_offers")
      .select(["guild_id as guildId", "id as offerId"])
      .where("state", "=", "pending")
      .where("deadline_at", "<=", now)
      .orderBy("deadline_at")
      .execute();
  }

  async offer(guildId: string, id: string): Promise<OfferRecord | undefined> {
    const row = await this.db
      .selectFrom("seat_offers")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row && offer(row);
  }

  /** Answers a pending offer; undefined when it was no longer pending (answered or expired meanwhile). */
  async closeOffer(
    guildId: string,
    id: string,
    state: "accepted" | "declined" | "expired",
    at: Date,
  ): Promise<OfferRecord | undefined> {
    const row = await this.db
      .updateTable("seat_offers")
      .set({ state, answered_at: at })
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .where("state", "=", "pending")
      .returningAll()
      .executeTakeFirst();
    return row && offer(row);
  }

  async place(guildId: string, applicationId: string): Promise<boolean> {
    const updated = await this.db
      .updateTable("applications")
      .set({ state: "placed" })
      .where("guild_id", "=", guildId)
      .where("id", "=", applicationId)
      .where("state", "=", "waitlisted")
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }

  async joinGroup(
    guildId: string,
    cohortId: string,
    groupId: string,
    userId: string,
    buddyMentorId: string | undefined,
  ): Promise<void> {
    await this.db
      .insertInto("group_members")
      .values({ guild_id: guildId, cohort_id: cohortId, group_id: groupId, user_id: userId, role: "mentee" })
      .execute();
    if (buddyMentorId)
      await this.db
        .insertInto("buddy_pairs")
        .values({ group_id: groupId, mentee_user_id: userId, mentor_user_id: buddyMentorId })
        .execute();
  }
}

function vacancy(row: {
  id: string;
  cohort_id: string;
  group_id: string;
  freed_by: string | null;
  reason: "withdrawal" | "removal";
  state: "open" | "filled" | "unfilled";
}): VacancyRecord {
  return {
    id: row.id,
    cohortId: row.cohort_id,
    groupId: row.group_id,
    freedBy: row.freed_by,
    reason: row.reason,
    state: row.state,
  };
}

function offer(row: {
  id: string;
  vacancy_id: string;
  application_id: string;
  user_id: string;
  state: OfferRecord["state"];
  offered_at: Date;
  deadline_at: Date;
}): OfferRecord {
  return {
    id: row.id,
    vacancyId: row.vacancy_id,
    applicationId: row.application_id,
    userId: row.user_id,
    state: row.state,
    offeredAt: row.offered_at,
    deadlineAt: row.deadline_at,
  };
}

/** The cohort's offer window and the apart pairs its organisers gave the latest matching. */
export async function seatRules(db: Executor, guildId: string, cohortId: string) {
  const cohort = await db
    .selectFrom("cohorts")
    .select(["waitlist_offer_hours", "mentors_per_group", "mentees_per_group"])
    .where("guild_id", "=", guildId)
    .where("id", "=", cohortId)
    .executeTakeFirstOrThrow();
  const run = await db
    .selectFrom("matching_runs")
    .select("input")
    .where("guild_id", "=", guildId)
    .where("cohort_id", "=", cohortId)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  const apart = (run?.input as { apart?: Array<[string, string]> } | undefined)?.apart ?? [];
  return {
    offerHours: cohort.waitlist_offer_hours,
    shape: { mentors: cohort.mentors_per_group, mentees: cohort.mentees_per_group },
    apart,
  };
}
