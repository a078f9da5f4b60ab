import { ApplicationRepository } from "../applications/application.repository.ts";
import { AuditRepository } from "../audit/audit.repository.ts";
import { CohortRepository } from "../cohorts/cohort.repository.ts";
import type { Actor } from "../cohorts/cohort.service.ts";
import type { Database } from "../db/database.ts";
import type { Executor } from "../db/executor.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { type GroupRecord, GroupRepository } from "../groups/group.repository.ts";
import { runMatcherWithVerdict } from "../matching/matcher.ts";
import type { CheckVerdict, MatchResult } from "../matching/types.ts";
import { validateCohortValue } from "../matching/validate-cohort.ts";
import { type Applicant, buildCohortFile, type MatchingConstraints } from "./cohort-input.ts";
import { saveDraftGroups } from "./matching-edit.service.ts";
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
    // The matcher may work for most of a second on a large cohort: it runs outside the transaction,
    // which only writes, and only if the applications are still the ones it matched.
    const cohort = await this.requireMatchingCohort(this.db, guildId, cohortId);
    const applicants = await new ApplicationRepository(this.db).listForMatching(guildId, cohortId);
    const history = await new GroupRepository(this.db).previousGroupmates(
      guildId,
      cohortId,
      applicants.map((a) => a.userId),
    );
    const file = buildCohortFile(cohort, applicants, history, constraints);
    const parsed = validateCohortValue(file);
    if (!parsed.ok)
      throw new ValidationError(parsed.problems.map((p) => ({ field: p.path, message: p.message })));
    const { result, verdict } = runMatcherWithVerdict(parsed.cohort);

    return this.db.transaction().execute(async (trx): Promise<MatchingOutcome> => {
      await this.requireMatchingCohort(trx, guildId, cohortId);
      const applications = new ApplicationRepository(trx);
      const now = await applications.listForMatching(guildId, cohortId);
      if (signature(now) !== signature(applicants))
        throw new ConflictError("Applications changed while the matching ran (a withdrawal?); run it again.");
      await saveDraftGroups(trx, guildId, cohortId, result);
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
      return {
        runId: run.id,
        result,
        verdict,
        groups: await new GroupRepository(trx).listForCohort(guildId, cohortId),
      };
    });
  }

  private async requireMatchingCohort(db: Executor, guildId: string, cohortId: string) {
    const cohort = await new CohortRepository(db).get(guildId, cohortId);
    if (!cohort) throw new NotFoundError("cohort", cohortId);
    if (cohort.state !== "matching")
      throw new ConflictError(
        `${cohort.name} is ${cohort.state}: close applications (state matching) to match it.`,
      );
    return cohort;
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

/** What the matcher saw of the applications: who, in which answers. */
function signature(applicants: Applicant[]): string {
  return JSON.stringify(
    applicants.map((a) => [a.id, a.role, a.gender, a.areas, a.singleGenderGroup, a.employer]),
  );
}
