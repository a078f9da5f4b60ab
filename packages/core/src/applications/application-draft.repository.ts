import { type Selectable, sql } from "kysely";
import type { Executor } from "../db/executor.ts";
import type { ApplicationDraftsTable } from "../db/schema.ts";
import type { Role } from "../matching/types.ts";
import type { ApplicationInput } from "./application-input.ts";

/** The answers given so far; checked only when the applicant asks for the summary. */
export type DraftAnswers = Omit<ApplicationInput, "role">;

export interface ApplicationDraftRecord {
  guildId: string;
  userId: string;
  cohortId: string;
  role: Role;
  answers: DraftAnswers;
  updatedAt: Date;
}

export class ApplicationDraftRepository {
  constructor(private readonly db: Executor) {}

  async get(guildId: string, userId: string): Promise<ApplicationDraftRecord | undefined> {
    const row = await this.db
      .selectFrom("application_drafts")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Starts the member's draft afresh (a previous one is replaced). */
  async put(
    guildId: string,
    userId: string,
    cohortId: string,
    role: Role,
    answers: DraftAnswers,
  ): Promise<ApplicationDraftRecord> {
    const row = await this.db
      .insertInto("application_drafts")
      .values({
        guild_id: guildId,
        user_id: userId,
        cohort_id: cohortId,
        role,
        answers: JSON.stringify(answers),
      })
      .onConflict((oc) =>
        oc.columns(["guild_id", "user_id"]).doUpdateSet((eb) => ({
          cohort_id: eb.ref("excluded.cohort_id"),
          role: eb.ref("excluded.role"),
          answers: eb.ref("excluded.answers"),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** Merges answers into the draft in one statement (two quick clicks cannot lose each other's answer). */
  async merge(
    guildId: string,
    userId: string,
    answers: DraftAnswers,
  ): Promise<ApplicationDraftRecord | undefined> {
    const row = await this.db
      .updateTable("application_drafts")
      .set({ answers: sql<string>`answers || ${JSON.stringify(answers)}::jsonb` })
      .where("guild_id", "=", guildId)
      .where("user_id", "=", userId)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async delete(guildId: string, userId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("application_drafts")
      .where("guild_id", "=", guildId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

function toRecord(row: Selectable<ApplicationDraftsTable>): ApplicationDraftRecord {
  return {
    guildId: row.guild_id,
    userId: row.user_id,
    cohortId: row.cohort_id,
    role: row.role,
    answers: row.answers as DraftAnswers,
    updatedAt: row.updated_at,
  };
}
