import { AuditRepository } from "../audit/audit.repository.ts";
import { CodeOfConductService } from "../code-of-conduct/code-of-conduct.service.ts";
import { type CohortRecord, CohortRepository } from "../cohorts/cohort.repository.ts";
import type { Database } from "../db/database.ts";
import { isUniqueViolation } from "../db/database-errors.ts";
import type { Executor } from "../db/executor.ts";
import type { ApplicationState } from "../db/schema.ts";
import { ConflictError, ForbiddenError, IllegalStateChangeError, NotFoundError } from "../errors.ts";
import { MemberRepository } from "../members/member.repository.ts";
import { type LeftGroup, leaveGroup } from "../waitlist/waitlist.service.ts";
import {
  type ApplicationRecord,
  ApplicationRepository,
  type ApplicationSearch,
  LIVE_APPLICATION_INDEX,
} from "./application.repository.ts";
import { CodeOfConductNotAcceptedError } from "./application-errors.ts";
import { type ApplicationInput, parseApplicationDetails } from "./application-input.ts";

/** States from which an applicant may still withdraw. */
const WITHDRAWABLE: readonly ApplicationState[] = ["submitted", "waitlisted", "placed"];

export class ApplicationService {
  constructor(private readonly db: Database) {}

  /** A member applies as mentee or volunteers as mentor, while the cohort takes applications. */
  async apply(guildId: string, cohortId: string, userId: string, input: ApplicationInput) {
    const details = parseApplicationDetails(input);
    await this.requireOpenCohort(this.db, guildId, cohortId);
    if (!(await new MemberRepository(this.db).isInCommunity(guildId, userId)))
      throw new ForbiddenError("Only members of this community can apply.");
    if (!(await new CodeOfConductService(this.db).hasAcceptedCurrent(guildId, userId)))
      throw new CodeOfConductNotAcceptedError();
    try {
      return await this.db.transaction().execute(async (trx) => {
        const applications = new ApplicationRepository(trx);
        const existing = await applications.findLive(cohortId, userId);
        if (existing) throw alreadyApplied(existing);
        const application = await applications.insert(guildId, cohortId, userId, details);
        await audit(trx, guildId, userId, "application.submitted", application.id, { role: details.role });
        return application;
      });
    } catch (error) {
      // Two submissions at the same moment: the database's unique index decides.
      if (isUniqueViolation(error, LIVE_APPLICATION_INDEX))
        throw new ConflictError(
          "You have already applied to this cohort; change or withdraw that application.",
        );
      throw error;
    }
  }

  /** The applicant changes their answers, while applications are open and it is not yet placed. */
  async change(guildId: string, applicationId: string, userId: string, input: ApplicationInput) {
    const details = parseApplicationDetails(input);
    const application = await this.ownApplication(guildId, applicationId, userId);
    await this.requireOpenCohort(this.db, guildId, application.cohortId);
    if (application.state !== "submitted")
      throw new IllegalStateChangeError(
        "application",
        application.state,
        "changed",
        "only a submitted one can change",
      );
    return this.db.transaction().execute(async (trx) => {
      const changed = await new ApplicationRepository(trx).updateDetails(guildId, applicationId, details);
      if (!changed) throw new ConflictError("The application changed meanwhile; reload it and try again.");
      await audit(trx, guildId, userId, "application.changed", applicationId, {});
      return changed;
    });
  }

  /** Withdraws; a placed member also leaves their group (`leftGroup`: a mentee's seat is then vacant). */
  async withdraw(
    guildId: string,
    applicationId: string,
    userId: string,
  ): Promise<ApplicationRecord & { leftGroup?: LeftGroup }> {
    const application = await this.ownApplication(guildId, applicationId, userId);
    if (!WITHDRAWABLE.includes(application.state))
      throw new IllegalStateChangeError("application", application.state, "withdrawn");
    return this.db.transaction().execute(async (trx) => {
      const withdrawn = await new ApplicationRepository(trx).withdraw(
        guildId,
        applicationId,
        application.state,
      );
      if (!withdrawn) throw new ConflictError("The application changed meanwhile; reload it and try again.");
      await audit(trx, guildId, userId, "application.withdrawn", applicationId, { from: application.state });
      const leftGroup =
        application.state === "placed"
          ? await leaveGroup(trx, guildId, application.cohortId, application.userId, "withdrawal")
          : undefined;
      return leftGroup ? { ...withdrawn, leftGroup } : withdrawn;
    });
  }

  /** The member's application to the cohort that is not withdrawn, if any. */
  async findLive(guildId: string, cohortId: string, userId: string): Promise<ApplicationRecord | undefined> {
    const live = await new ApplicationRepository(this.db).findLive(cohortId, userId);
    return live?.guildId === guildId ? live : undefined;
  }

  /** The member's most recent application to the cohort, withdrawn ones included. */
  latest(guildId: string, cohortId: string, userId: string): Promise<ApplicationRecord | undefined> {
    return new ApplicationRepository(this.db).latest(guildId, cohortId, userId);
  }

  list(
    guildId: string,
    cohortId: string,
    filter?: { states?: ApplicationState[]; role?: "mentor" | "mentee" },
  ) {
    return new ApplicationRepository(this.db).list(guildId, cohortId, filter);
  }

  /** The organisers' view of a cohort's applications. */
  search(guildId: string, cohortId: string, search: ApplicationSearch) {
    return new ApplicationRepository(this.db).search(guildId, cohortId, search);
  }

  counts(guildId: string, cohortId: string) {
    return new ApplicationRepository(this.db).counts(guildId, cohortId);
  }

  private async ownApplication(guildId: string, applicationId: string, userId: string) {
    const application = await new ApplicationRepository(this.db).get(guildId, applicationId);
    // Someone else's application is reported as missing: its existence is not theirs to know.
    if (!application || application.userId !== userId) throw new NotFoundError("application", applicationId);
    return application;
  }

  private async requireOpenCohort(db: Executor, guildId: string, cohortId: string) {
    const cohort = await new CohortRepository(db).get(guildId, cohortId);
    if (!cohort) throw new NotFoundError("cohort", cohortId);
    requireTakingApplications(cohort);
    return cohort;
  }
}

export function requireTakingApplications(cohort: CohortRecord): void {
  if (cohort.state !== "applications_open")
    throw new ConflictError(`${cohort.name} is not taking applications now.`);
}

function alreadyApplied(existing: ApplicationRecord) {
  return new ConflictError(
    `You have already applied to this cohort as ${existing.role} (${existing.state}); change or withdraw that application.`,
  );
}

function audit(
  db: Executor,
  guildId: string,
  userId: string,
  action: string,
  applicationId: string,
  details: Record<string, unknown>,
) {
  return new AuditRepository(db).record({
    guildId,
    actorUserId: userId,
    action,
    entityType: "application",
    entityId: applicationId,
    details,
  });
}
