import type { Executor } from "../db/executor.ts";
import type { ConductReportsTable } from "../db/schema.ts";

export type ReportState = "open" | "in_review" | "closed";
export type ReportOutcome = "no_action" | "warning" | "removal";

/** A report as stored: the reporter is here for the system only (the service decides what is shown). */
export interface StoredReport {
  id: string;
  number: number;
  area: string;
  body: string;
  involved: string | null;
  reportedUserId: string | null;
  reporterUserId: string | null;
  reporterDisclosed: boolean;
  state: ReportState;
  outcome: ReportOutcome | null;
  createdAt: Date;
}

export interface ReportNote {
  id: string;
  authorUserId: string;
  body: string;
  createdAt: Date;
}

export class ReportRepository {
  constructor(private readonly db: Executor) {}

  async countSince(guildId: string, reporterUserId: string, since: Date): Promise<number> {
    const row = await this.db
      .selectFrom("conduct_reports")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("guild_id", "=", guildId)
      .where("reporter_user_id", "=", reporterUserId)
      .where("created_at", ">", since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async nextNumber(guildId: string): Promise<number> {
    const row = await this.db
      .selectFrom("conduct_reports")
      .select((eb) => eb.fn.max("number").as("n"))
      .where("guild_id", "=", guildId)
      .executeTakeFirst();
    // Stryker disable next-line OptionalChaining: an aggregate without group by always returns one row (max is null for none)
    return Number(row?.n ?? 0) + 1;
  }

  async insert(
    guildId: string,
    r: Pick<
      StoredReport,
      | "number"
      | "area"
      | "body"
      | "involved"
      | "reportedUserId"
      | "reporterUserId"
      | "reporterDisclosed"
      | "createdAt"
    >,
  ): Promise<StoredReport> {
    const row = await this.db
      .insertInto("conduct_reports")
      .values({
        guild_id: guildId,
        number: r.number,
        area: r.area,
        body: r.body,
        involved: r.involved,
        reported_user_id: r.reportedUserId,
        reporter_user_id: r.reporterUserId,
        reporter_disclosed: r.reporterDisclosed,
        created_at: r.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async get(guildId: string, id: string): Promise<StoredReport | undefined> {
    const row = await this.db
      .selectFrom("conduct_reports")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async list(guildId: string, states?: ReportState[]): Promise<StoredReport[]> {
    let query = this.db.selectFrom("conduct_reports").selectAll().where("guild_id", "=", guildId);
    if (states && states.length > 0) query = query.where("state", "in", states);
    const rows = await query.orderBy("number", "desc").execute();
    return rows.map(toRecord);
  }

  async update(
    guildId: string,
    id: string,
    patch: { state?: ReportState; outcome?: ReportOutcome },
  ): Promise<StoredReport | undefined> {
    const row = await this.db
      .updateTable("conduct_reports")
      .set({ ...(patch.state && { state: patch.state }), ...(patch.outcome && { outcome: patch.outcome }) })
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async addNote(guildId: string, reportId: string, authorUserId: string, body: string): Promise<ReportNote> {
    const row = await this.db
      .insertInto("conduct_report_notes")
      .values({ guild_id: guildId, report_id: reportId, author_user_id: authorUserId, body })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { id: row.id, authorUserId: row.author_user_id, body: row.body, createdAt: row.created_at };
  }

  async notes(guildId: string, reportId: string): Promise<ReportNote[]> {
    const rows = await this.db
      .selectFrom("conduct_report_notes")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("report_id", "=", reportId)
      .orderBy("created_at")
      .execute();
    return rows.map((r) => ({
      id: r.id,
      authorUserId: r.author_user_id,
      body: r.body,
      createdAt: r.created_at,
    }));
  }
}

function toRecord(
  row: {
    [K in keyof ConductReportsTable]: K extends "outcome"
      ? ReportOutcome | null
      : K extends "state"
        ? ReportState
        : K extends "reporter_disclosed"
          ? boolean
          : K extends "id"
            ? string
            : K extends "created_at" | "updated_at"
              ? Date
              : ConductReportsTable[K];
  },
): StoredReport {
  return {
    id: row.id,
    number: row.number,
    area: row.area,
    body: row.body,
    involved: row.involved,
    reportedUserId: row.reported_user_id,
    reporterUserId: row.reporter_user_id,
    reporterDisclosed: row.reporter_disclosed,
    state: row.state,
    outcome: row.outcome,
    createdAt: row.created_at,
  };
}
