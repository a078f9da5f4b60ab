import { ApplicationRepository } from "../applications/application.repository.ts";
import { AuditRepository } from "../audit/audit.repository.ts";
import { CohortRepository } from "../cohorts/cohort.repository.ts";
import type { Actor } from "../cohorts/cohort.service.ts";
import type { Database } from "../db/database.ts";
import type { Executor } from "../db/executor.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { GroupRepository } from "../groups/group.repository.ts";
import { checkMatching } from "../matching/check.ts";
import {
  type EditOutcome,
  movePerson,
  pinPerson,
  rematchUnpinned,
  swapPeople,
  unpinPerson,
} from "../matching/edits.ts";
import type { CheckVerdict, Cohort, MatchResult } from "../matching/types.ts";
import { validateCohortValue } from "../matching/validate-cohort.ts";
import { type MatchingRunRecord, MatchingRunRepository } from "./matching-run.repository.ts";

// Organisers adjust the draft groups by hand. Each edit starts from the latest run (the matcher's or
// an earlier edit), is judged by the checker, and is kept as a new run with the pins in force.
// The rule: an edit that leaves more hard violations than the draft had is not saved; it comes back
// with the checker's verdict and `needsConfirmation`, and is saved only when sent again with
// `confirm: true`. Any other edit is saved at once.

export type MatchingEdit =
  | { action: "move"; personId: string; toGroupId: string | null }
  | { action: "swap"; personId: string; otherId: string }
  | { action: "pin"; personId: string; groupId?: string }
  | { action: "unpin"; personId: string }
  | { action: "rematch"; seed?: number };

export interface EditOptions {
  /** Save even if the edit adds hard violations. */
  confirm?: boolean;
  /** The run the organiser was looking at; another one since then is a conflict. */
  basedOnRunId?: string;
}

export interface MatchingEditOutcome {
  saved: boolean;
  needsConfirmation: boolean;
  /** The new run when saved, else the one the edit started from. */
  runId: string;
  result: MatchResult;
  verdict: CheckVerdict;
  pins: Record<string, string>;
  hardViolationsBefore: number;
}

export class MatchingEditService {
  constructor(private readonly db: Database) {}

  async edit(
    guildId: string,
    cohortId: string,
    edit: MatchingEdit,
    options: EditOptions,
    actor: Actor,
  ): Promise<MatchingEditOutcome> {
    // The edit (a re-match may take a moment) is computed outside the transaction, which then saves
    // it only if the draft is still the one it started from.
    const { run, cohort } = await this.latestDraft(this.db, guildId, cohortId, options.basedOnRunId);
    const outcome = applyEdit(cohort, run, edit);
    if (!outcome.ok) throw new ValidationError([{ field: "edit", message: outcome.error }]);
    const base = {
      result: outcome.result,
      verdict: outcome.verdict,
      pins: { ...outcome.pins },
      hardViolationsBefore: run.hardViolations,
    };
    if (outcome.verdict.hardViolations > run.hardViolations && !options.confirm)
      return { ...base, saved: false, needsConfirmation: true, runId: run.id };

    return this.db.transaction().execute(async (trx) => {
      await this.latestDraft(trx, guildId, cohortId, run.id);
      const saved = await new MatchingRunRepository(trx).insert(guildId, cohortId, {
        seed: cohort.seed,
        input: run.input as object,
        result: outcome.result,
        verdict: outcome.verdict,
        createdBy: actor.userId,
        pins: { ...outcome.pins },
      });
      await saveDraftGroups(trx, guildId, cohortId, outcome.result);
      await new AuditRepository(trx).record({
        guildId,
        actorUserId: actor.userId,
        action: "matching.edited",
        entityType: "cohort",
        entityId: cohortId,
        details: {
          ...edit,
          runId: saved.id,
          hardViolations: outcome.verdict.hardViolations,
          confirmed: outcome.verdict.hardViolations > run.hardViolations,
        },
      });
      return { ...base, saved: true, needsConfirmation: false, runId: saved.id };
    });
  }

  /**
   * The draft as the dashboard shows it: the latest run (result, pins), the checker's full verdict on
   * it, the people by id, and the stored groups' ids (what publishing provisions). Null before the
   * first run.
   */
  async draft(guildId: string, cohortId: string) {
    const cohortRecord = await new CohortRepository(this.db).get(guildId, cohortId);
    if (!cohortRecord) throw new NotFoundError("cohort", cohortId);
    const run = await new MatchingRunRepository(this.db).latest(guildId, cohortId);
    if (!run) return null;
    const parsed = validateCohortValue(run.input);
    if (!parsed.ok)
      throw new ConflictError("The stored matching input no longer reads; run the matching again.");
    const stored = await new GroupRepository(this.db).listForCohort(guildId, cohortId);
    return {
      run,
      verdict: checkMatching(parsed.cohort, run.result),
      people: new Map(parsed.cohort.people.map((p) => [p.id, p])),
      storedGroupIds: new Map(stored.map((g) => [g.name, g.id])),
    };
  }

  private async latestDraft(db: Executor, guildId: string, cohortId: string, expectedRunId?: string) {
    const cohortRecord = await new CohortRepository(db).get(guildId, cohortId);
    if (!cohortRecord) throw new NotFoundError("cohort", cohortId);
    if (cohortRecord.state !== "matching")
      throw new ConflictError(
        `${cohortRecord.name} is ${cohortRecord.state}: groups can be adjusted only while it is matching.`,
      );
    const run = await new MatchingRunRepository(db).latest(guildId, cohortId);
    if (!run) throw new ConflictError(`Run the matching of ${cohortRecord.name} first.`);
    if (expectedRunId !== undefined && run.id !== expectedRunId)
      throw new ConflictError(
        "The groups changed meanwhile (another organiser?); reload them and try again.",
      );
    const parsed = validateCohortValue(run.input);
    if (!parsed.ok)
      throw new ConflictError("The stored matching input no longer reads; run the matching again.");
    return { run, cohort: parsed.cohort };
  }
}

function applyEdit(cohort: Cohort, run: MatchingRunRecord, edit: MatchingEdit): EditOutcome {
  const pins = run.pins;
  switch (edit.action) {
    case "move":
      return movePerson(cohort, run.result, pins, edit.personId, edit.toGroupId);
    case "swap":
      return swapPeople(cohort, run.result, pins, edit.personId, edit.otherId);
    case "pin":
      return pinPerson(cohort, run.result, pins, edit.personId, edit.groupId);
    case "unpin":
      return unpinPerson(cohort, run.result, pins, edit.personId);
    case "rematch":
      // Stryker disable next-line ConditionalExpression: { seed: undefined } is {} to the matcher (options.seed ?? cohort.seed); a given seed's use is tested
      return rematchUnpinned(cohort, run.result, pins, edit.seed === undefined ? {} : { seed: edit.seed });
  }
}

/** The draft groups as the result has them (same naming as a matching run), and who waits. */
export async function saveDraftGroups(db: Executor, guildId: string, cohortId: string, result: MatchResult) {
  await new GroupRepository(db).replaceAll(
    guildId,
    cohortId,
    result.groups.map((g, index) => ({
      name: draftGroupName(index),
      kind: g.kind,
      mentors: g.mentors,
      mentees: g.mentees,
      buddies: g.buddies,
    })),
  );
  const placed = result.groups.flatMap((g) => [...g.mentors, ...g.mentees]);
  const waiting = [...result.waitlist, ...result.unplacedMentors].map((p) => p.id);
  await new ApplicationRepository(db).markPlacement(guildId, cohortId, placed, waiting);
}

export function draftGroupName(index: number): string {
  return `Group ${String(index + 1).padStart(2, "0")}`;
}
