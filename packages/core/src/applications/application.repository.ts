import type { Selectable } from "kysely";
import type { Executor } from "../db/executor.ts";
import type { ApplicationState, ApplicationsTable } from "../db/schema.ts";
import type { ApplicationDetails } from "./application-input.ts";

export interface ApplicationRecord extends ApplicationDetails {
  id: string;
  guildId: string;
  cohortId: string;
  userId: string;
  state: ApplicationState;
  appliedAt: Date;
  withdrawnAt: Date | null;
}

export const LIVE_APPLICATION_INDEX = "applications_one_live_per_member";

export class ApplicationRepository {
  constructor(private readonly db: Executor) {}

  async insert(guildId: string, cohortId: string, userId: string, details: ApplicationDetails) {
    const row = await this.db
      .insertInto("applications")
      .values({ guild_id: guildId, cohort_id: cohortId, user_id: userId, ...toColumns(details) })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async get(guildId: string, id: string): Promise<ApplicationRecord | undefined> {
    const row = await this.db
      .selectFrom("applications")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async findLive(cohortId: string, userId: string): Promise<ApplicationRecord | undefined> {
    const row = await this.db
      .selectFrom("applications")
      .selectAll()
      .where("cohort_id", "=", cohortId)
      .where("user_id", "=", userId)
      .where("state", "<>", "withdrawn")
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async updateDetails(guildId: string, id: string, details: ApplicationDetails) {
    const row = await this.db
      .updateTable("applications")
      .set(toColumns(details))
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .where("state", "=", "submitted")
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async withdraw(guildId: string, id: string, from: ApplicationState) {
    const row = await this.db
      .updateTable("applications")
      .set((eb) => ({ state: "withdrawn", withdrawn_at: eb.fn("now") }))
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .where("state", "=", from)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async list(
    guildId: string,
    cohortId: string,
    filter: { states?: ApplicationState[]; role?: "mentor" | "mentee" } = {},
  ): Promise<ApplicationRecord[]> {
    let query = this.db
      .selectFrom("applications")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId);
    if (filter.states && filter.states.length > 0) query = query.where("state", "in", filter.states);
    if (filter.role) query = query.where("role", "=", filter.role);
    const rows = await query.orderBy("applied_at").orderBy("id").execute();
    return rows.map(toRecord);
  }
  /** The applications a matching considers (not withdrawn or declined), with the applicant's name. */
  async listForMatching(guildId: string, cohortId: string) {
    const rows = await this.db
      .selectFrom("applications")
      .innerJoin("members", "members.user_id", "applications.user_id")
      .selectAll("applications")
      .select("members.display_name")
      .where("applications.guild_id", "=", guildId)
      .where("applications.cohort_id", "=", cohortId)
      .where("applications.state", "in", ["submitted", "placed", "waitlisted"])
      .orderBy("applications.applied_at")
      .orderBy("applications.id")
      .execute();
    return rows.map((row) => ({ ...toRecord(row), displayName: row.display_name }));
  }

  /** Marks the matched applications placed and the others waitlisted. */
  async markPlacement(guildId: string, cohortId: string, placedUserIds: string[], waitingUserIds: string[]) {
    for (const [state, userIds] of [
      ["placed", placedUserIds],
      ["waitlisted", waitingUserIds],
    ] as const) {
      if (userIds.length === 0) continue;
      await this.db
        .updateTable("applications")
        .set({ state })
        .where("guild_id", "=", guildId)
        .where("cohort_id", "=", cohortId)
        .where("user_id", "in", userIds)
        .where("state", "in", ["submitted", "placed", "waitlisted"])
        .execute();
    }
  }
}

function toColumns(details: ApplicationDetails) {
  return {
    role: details.role,
    gender: details.gender,
    single_gender_group: details.singleGenderGroup,
    areas: details.areas,
    interests: details.interests,
    experience: details.experience,
    employer: details.employer,
    goals: details.goals,
  };
}

function toRecord(row: Selectable<ApplicationsTable>): ApplicationRecord {
  return {
    id: row.id,
    guildId: row.guild_id,
    cohortId: row.cohort_id,
    userId: row.user_id,
    role: row.role,
    gender: row.gender,
    singleGenderGroup: row.single_gender_group,
    areas: row.areas as ApplicationDetails["areas"],
    interests: row.interests,
    experience: row.experience,
    employer: row.employer,
    goals: row.goals,
    state: row.state,
    appliedAt: row.applied_at,
    withdrawnAt: row.withdrawn_at,
  };
}
