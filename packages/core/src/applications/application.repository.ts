import { type Selectable, sql } from "kysely";
import type { Executor } from "../db/executor.ts";
import { likePattern } from "../db/like-pattern.ts";
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

export interface ApplicationSearch {
  role?: "mentor" | "mentee";
  states?: ApplicationState[];
  gender?: ApplicationRecord["gender"];
  area?: ApplicationRecord["areas"][number];
  /** Part of the applicant's name, employer or Discord id; case does not matter. */
  text?: string;
  sort?: "appliedAt" | "name" | "role" | "state" | "gender";
  order?: "asc" | "desc";
  /** A page of the table: at most `limit` rows after skipping `offset`. */
  limit?: number;
  offset?: number;
}

export interface ApplicationListItem extends ApplicationRecord {
  displayName: string;
}

/** One page of the table, and how many applications match its filters in all. */
export interface ApplicationPage {
  items: ApplicationListItem[];
  total: number;
}

export interface ApplicationCounts {
  total: number;
  byRole: Record<string, number>;
  byGender: Record<string, number>;
  byArea: Record<string, number>;
  byState: Record<string, number>;
}

const SORT_COLUMNS = {
  appliedAt: "applications.applied_at",
  name: "members.display_name",
  role: "applications.role",
  state: "applications.state",
  gender: "applications.gender",
} as const;

// Stryker disable next-line StringLiteral: a module-level constant is read at import, before Stryker activates a mutant; application.repository.test.ts checks the name against pg_indexes
export const LIVE_APPLICATION_INDEX = "applications_one_live_per_member";

export class ApplicationRepository {
  constructor(private readonly db: Executor) {}

  async insert(
    guildId: string,
    cohortId: string,
    userId: string,
    details: ApplicationDetails,
    options: { appliedAt?: Date } = {},
  ) {
    const row = await this.db
      .insertInto("applications")
      .values({
        guild_id: guildId,
        cohort_id: cohortId,
        user_id: userId,
        ...toColumns(details),
        ...(options.appliedAt && { applied_at: options.appliedAt }),
      })
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

  async latest(guildId: string, cohortId: string, userId: string): Promise<ApplicationRecord | undefined> {
    const row = await this.db
      .selectFrom("applications")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .where("user_id", "=", userId)
      .orderBy("applied_at", "desc")
      .orderBy("id")
      .limit(1)
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
  /**
   * The organisers' table: filtered, searched and sorted, with each applicant's name, and how many
   * applications match the filters in all (for "page k of m"). One round trip answers both: the page
   * as one JSON array (the driver parses one value, not every field of every row) beside the count.
   * They are apart in the statement: a count over the page's query (count(*) over ()) would make the
   * database read, join and sort the whole cohort for every page, where the page reads its rows along
   * the cohort's index.
   */
  async search(guildId: string, cohortId: string, search: ApplicationSearch): Promise<ApplicationPage> {
    const direction = search.order ?? "asc";
    let sorted = this.filtered(guildId, cohortId, search)
      .innerJoin("members", "members.user_id", "applications.user_id")
      .select(PAGE_COLUMNS)
      .select("members.display_name")
      .orderBy(SORT_COLUMNS[search.sort ?? "appliedAt"], direction)
      .orderBy("applications.applied_at")
      .orderBy("applications.id");
    if (search.limit !== undefined) sorted = sorted.limit(search.limit);
    if (search.offset !== undefined) sorted = sorted.offset(search.offset);
    // json_agg keeps the order of the sorted subquery it reads (PostgreSQL aggregates a subquery's rows
    // in the order it yields them); the tests of every sort check it.
    const { items, total } = await this.db
      .selectNoFrom([
        sql<JsonPageRow[]>`(select coalesce(json_agg(page), '[]') from ${sorted} as page)`.as("items"),
        this.counted(guildId, cohortId, search).as("total"),
      ])
      .executeTakeFirstOrThrow();
    const item = (row: JsonPageRow) => fromJsonPageRow(guildId, cohortId, row);
    return { items: items.map(item), total: Number(total) };
  }

  private counted(guildId: string, cohortId: string, search: ApplicationSearch) {
    return this.filtered(guildId, cohortId, search).select((eb) => eb.fn.countAll<number>().as("n"));
  }

  /** The cohort's applications that match the filters (a name is matched in a subquery: no join). */
  private filtered(guildId: string, cohortId: string, search: ApplicationSearch) {
    let query = this.db
      .selectFrom("applications")
      .where("applications.guild_id", "=", guildId)
      .where("applications.cohort_id", "=", cohortId);
    if (search.role) query = query.where("applications.role", "=", search.role);
    if (search.states && search.states.length > 0)
      query = query.where("applications.state", "in", search.states);
    if (search.gender) query = query.where("applications.gender", "=", search.gender);
    if (search.area) query = query.where(sql<boolean>`${search.area} = any(applications.areas)`);
    const text = search.text?.trim();
    if (text) {
      const pattern = likePattern(text);
      query = query.where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom("members as named")
              .select("named.user_id")
              .whereRef("named.user_id", "=", "applications.user_id")
              .where("named.display_name", "ilike", pattern),
          ),
          eb("applications.employer", "ilike", pattern),
          eb("applications.user_id", "=", text),
        ]),
      );
    }
    return query;
  }

  /**
   * Live applications (not withdrawn) counted by role, gender, area and state. The database counts,
   * so a page load reads a handful of rows whatever the cohort's size.
   */
  async counts(guildId: string, cohortId: string): Promise<ApplicationCounts> {
    const live = this.db
      .selectFrom("applications")
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .where("state", "<>", "withdrawn");
    const [groups, areas] = await Promise.all([
      live
        .select(["role", "gender", "state", (eb) => eb.fn.countAll<number>().as("n")])
        .groupBy(["role", "gender", "state"])
        .execute(),
      sql<{ area: string; n: number }>`
        select area, count(*)::int as n from applications, unnest(areas) as area
        where guild_id = ${guildId} and cohort_id = ${cohortId} and state <> 'withdrawn'
        group by area`
        .execute(this.db)
        .then((result) => result.rows),
    ]);
    const counts: ApplicationCounts = { total: 0, byRole: {}, byGender: {}, byArea: {}, byState: {} };
    const add = (into: Record<string, number>, key: string, n: number) => {
      into[key] = (into[key] ?? 0) + n;
    };
    for (const row of groups) {
      const n = Number(row.n);
      counts.total += n;
      add(counts.byRole, row.role, n);
      add(counts.byGender, row.gender, n);
      add(counts.byState, row.state, n);
    }
    for (const row of areas) add(counts.byArea, row.area, Number(row.n));
    return counts;
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

/** The columns of the table's page: its community and cohort are the query's own. */
const PAGE_COLUMNS = [
  "applications.id",
  "applications.user_id",
  "applications.role",
  "applications.gender",
  "applications.single_gender_group",
  "applications.areas",
  "applications.interests",
  "applications.experience",
  "applications.employer",
  "applications.goals",
  "applications.state",
  "applications.applied_at",
  "applications.withdrawn_at",
] as const;

/** A row of the table's page as json_agg writes it: times as ISO 8601 text. */
type JsonPageRow = Omit<
  Selectable<ApplicationsTable>,
  "guild_id" | "cohort_id" | "updated_at" | "applied_at" | "withdrawn_at"
> & {
  applied_at: string;
  withdrawn_at: string | null;
  display_name: string;
};

function fromJsonPageRow(guildId: string, cohortId: string, row: JsonPageRow): ApplicationListItem {
  const withdrawnAt = row.withdrawn_at === null ? null : new Date(row.withdrawn_at);
  return {
    ...toRecord({
      ...row,
      guild_id: guildId,
      cohort_id: cohortId,
      applied_at: new Date(row.applied_at),
      withdrawn_at: withdrawnAt,
    }),
    displayName: row.display_name,
  };
}

function toRecord(row: Omit<Selectable<ApplicationsTable>, "updated_at">): ApplicationRecord {
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
