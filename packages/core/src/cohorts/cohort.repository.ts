import type { Selectable } from "kysely";
import type { Executor } from "../db/executor.ts";
import type { CohortState, CohortsTable } from "../db/schema.ts";

export interface CohortRecord {
  id: string;
  guildId: string;
  name: string;
  state: CohortState;
  mentorsPerGroup: number;
  menteesPerGroup: number;
  timeZone: string;
  venue: string | null;
  discordCategoryId: string | null;
  stateChangedAt: Date;
  createdAt: Date;
}

export interface NewCohort {
  guildId: string;
  name: string;
  mentorsPerGroup: number;
  menteesPerGroup: number;
  timeZone: string;
  venue: string | null;
}

export class CohortRepository {
  constructor(private readonly db: Executor) {}

  async insert(cohort: NewCohort): Promise<CohortRecord> {
    const row = await this.db
      .insertInto("cohorts")
      .values({
        guild_id: cohort.guildId,
        name: cohort.name,
        mentors_per_group: cohort.mentorsPerGroup,
        mentees_per_group: cohort.menteesPerGroup,
        time_zone: cohort.timeZone,
        venue: cohort.venue,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async get(guildId: string, id: string): Promise<CohortRecord | undefined> {
    const row = await this.db
      .selectFrom("cohorts")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async list(guildId: string): Promise<CohortRecord[]> {
    const rows = await this.db
      .selectFrom("cohorts")
      .selectAll()
      .where("guild_id", "=", guildId)
      .orderBy("created_at", "desc")
      .orderBy("id")
      .execute();
    return rows.map(toRecord);
  }

  /** Changes the state only if it still is `from`: a concurrent change makes this return undefined. */
  async changeState(guildId: string, id: string, from: CohortState, to: CohortState) {
    const row = await this.db
      .updateTable("cohorts")
      .set({ state: to })
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .where("state", "=", from)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async update(
    guildId: string,
    id: string,
    patch: Partial<
      Pick<
        CohortRecord,
        "name" | "venue" | "timeZone" | "discordCategoryId" | "mentorsPerGroup" | "menteesPerGroup"
      >
    >,
  ) {
    const row = await this.db
      .updateTable("cohorts")
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.venue !== undefined && { venue: patch.venue }),
        ...(patch.timeZone !== undefined && { time_zone: patch.timeZone }),
        ...(patch.discordCategoryId !== undefined && { discord_category_id: patch.discordCategoryId }),
        ...(patch.mentorsPerGroup !== undefined && { mentors_per_group: patch.mentorsPerGroup }),
        ...(patch.menteesPerGroup !== undefined && { mentees_per_group: patch.menteesPerGroup }),
      })
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }
}

function toRecord(row: Selectable<CohortsTable>): CohortRecord {
  return {
    id: row.id,
    guildId: row.guild_id,
    name: row.name,
    state: row.state,
    mentorsPerGroup: row.mentors_per_group,
    menteesPerGroup: row.mentees_per_group,
    timeZone: row.time_zone,
    venue: row.venue,
    discordCategoryId: row.discord_category_id,
    stateChangedAt: row.state_changed_at,
    createdAt: row.created_at,
  };
}
