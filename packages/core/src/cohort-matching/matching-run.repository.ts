import type { Executor } from "../db/executor.ts";
import type { CheckVerdict, MatchResult } from "../matching/types.ts";

export interface MatchingRunRecord {
  id: string;
  cohortId: string;
  seed: number;
  input: unknown;
  result: MatchResult;
  kind: "matcher" | "edit";
  pins: Record<string, string>;
  hardViolations: number;
  createdBy: string | null;
  createdAt: Date;
}

export class MatchingRunRepository {
  constructor(private readonly db: Executor) {}

  async insert(
    guildId: string,
    cohortId: string,
    run: {
      seed: number;
      input: object;
      result: MatchResult;
      verdict: CheckVerdict;
      createdBy: string | null;
      /** Set for an organiser's hand edit. */
      pins?: Record<string, string>;
    },
  ): Promise<MatchingRunRecord> {
    const row = await this.db
      .insertInto("matching_runs")
      .values({
        guild_id: guildId,
        cohort_id: cohortId,
        seed: run.seed,
        input: JSON.stringify(run.input),
        result: JSON.stringify(run.result),
        hard_violations: run.verdict.hardViolations,
        unbalanced_groups: run.verdict.unbalancedGroups,
        soft_score: run.verdict.softScore,
        created_by: run.createdBy,
        ...(run.pins && { kind: "edit" as const, pins: JSON.stringify(run.pins) }),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async latest(guildId: string, cohortId: string): Promise<MatchingRunRecord | undefined> {
    const row = await this.db
      .selectFrom("matching_runs")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    return row && toRecord(row);
  }
}

function toRecord(row: {
  id: string;
  cohort_id: string;
  seed: number;
  input: unknown;
  result: unknown;
  kind: "matcher" | "edit";
  pins: Record<string, string>;
  hard_violations: number;
  created_by: string | null;
  created_at: Date;
}): MatchingRunRecord {
  return {
    id: row.id,
    cohortId: row.cohort_id,
    seed: row.seed,
    input: row.input,
    result: row.result as MatchResult,
    kind: row.kind,
    pins: row.pins,
    hardViolations: row.hard_violations,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
