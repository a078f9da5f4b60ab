import { ApplicationRepository } from "../applications/application.repository.ts";
import { AuditRepository } from "../audit/audit.repository.ts";
import { CohortRepository } from "../cohorts/cohort.repository.ts";
import type { Actor } from "../cohorts/cohort.service.ts";
import type { Database } from "../db/database.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { type GroupRecord, GroupRepository } from "../groups/group.repository.ts";
import { checkMatching } from "../matching/check.ts";
import { matchCohort } from "../matching/matcher.ts";
import type { CheckVerdict, MatchResult } from "../matching/types.ts";
import { validateCohortValue } from "../matching/validate-cohort.ts";
import { buildCohortFile, type MatchingConstraints } from "./cohort-input.ts";
import { MatchingRunRepository } from "./matching-run.repository.ts";

export interface MatchingOutcome {
  runId: string;
  result: MatchResult;
  verdict: CheckVerdict;
  groups: GroupRecord[];
}

/** Turns a cohort's applications into draft groups, which organisers adjust and later publish. */
export class CohortMatchingService {
  constructor(private readonly db: Database) {}

  async run(guildId: string, cohortId: string, actor: Actor, constraints: MatchingConstraints = {}) {
    return this.db.transaction().execute(async (trx): Promise<MatchingOutcome> => {
      const cohort = await new CohortRepository(trx).get(guildId, cohortId);
      if (!cohort) throw new NotFoundError("cohort", cohortId);
      if (cohort.state !== "matching")
        throw new ConflictError(
          `${cohort.name} is ${cohort.state}: close applications (state matching) to match it.`,
        );
      const applications = new ApplicationRepository(trx);
      const groups = new GroupRepository(trx);
      const applicants = await applications.listForMatching(guildId, cohortId);
      const history = await groups.previousGroupmates(
        guildId,
        cohortId,
        applicants.map((a) => a.userId),
      );
      const file = buildCohortFile(cohort, applicants, history, constraints);
      const parsed = validateCohortValue(file);
      if (!parsed.ok)
        throw new ValidationError(parsed.problems.map((p) => ({ field: p.path, message: p.message })));

      const result = matchCohort(parsed.cohort);
      const verdict = checkMatching(parsed.cohort, result);
      await groups.replaceAll(
        guildId,
        cohortId,
        result.groups.map((g, index) => ({
          name: `Group ${String(index + 1).padStart(2, "0")}`,
          kind: g.kind,
          mentors: g.mentors,
          mentees: g.mentees,
          buddies: g.buddies,
        })),
      );
      const placed = result.groups.flatMap((g) => [...g.mentors, ...g.mentees]);
      const waiting = [...result.waitlist, ...result.unplacedMentors].map((p) => p.id);
      await applications.markPlacement(guildId, cohortId, placed, waiting);
      const run = await new MatchingRunRepository(trx).insert(guildId, cohortId, {
        seed: parsed.cohort.seed,
        input: file,
        result,
        verdict,
        createdBy: actor.userId,
      });
      await new AuditRepository(trx).record({
        guildId,
        actorUserId: actor.userId,
        action: "cohort.matched",
        entityType: "cohort",
        entityId: cohortId,
        details: {
          runId: run.id,
          groups: result.groups.length,
          waitlisted: result.waitlist.length,
          hardViolations: verdict.hardViolations,
        },
      });
      return { runId: run.id, result, verdict, groups: await groups.listForCohort(guildId, cohortId) };
    });
  }

  /** The draft (or published) groups and the latest run's result with its explanations. */
  async current(guildId: string, cohortId: string) {
    const cohort = await new CohortRepository(this.db).get(guildId, cohortId);
    if (!cohort) throw new NotFoundError("cohort", cohortId);
    const [groups, run] = await Promise.all([
      new GroupRepository(this.db).listForCohort(guildId, cohortId),
      new MatchingRunRepository(this.db).latest(guildId, cohortId),
    ]);
    return { groups, run };
  }
}
