import { CodeOfConductService } from "../code-of-conduct/code-of-conduct.service.ts";
import type { CohortRecord } from "../cohorts/cohort.repository.ts";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { Database } from "../db/database.ts";
import { ConflictError } from "../errors.ts";
import type { Role } from "../matching/types.ts";
import type { ApplicationRecord } from "./application.repository.ts";
import { ApplicationService, requireTakingApplications } from "./application.service.ts";
import {
  type ApplicationDraftRecord,
  ApplicationDraftRepository,
  type DraftAnswers,
} from "./application-draft.repository.ts";
import { CodeOfConductNotAcceptedError, DraftGoneError } from "./application-errors.ts";
import { type ApplicationDetails, parseApplicationDetails } from "./application-input.ts";

export interface StartedDraft {
  cohort: CohortRecord;
  draft: ApplicationDraftRecord;
  /** The live application this draft changes; none for a first application. */
  existing: ApplicationRecord | undefined;
}

/**
 * An application filled in step by step (Discord's selects and modal): the answers wait in the
 * database between steps, are checked all together for the summary, and become an application (or
 * change the member's live one) on confirmation.
 */
export class ApplicationDraftService {
  constructor(private readonly db: Database) {}

  /**
   * Opens the form for the community's current cohort: pre-filled from the member's live
   * application (then confirming changes it), or from an unfinished draft for the same cohort.
   */
  async start(guildId: string, userId: string, role: Role): Promise<StartedDraft> {
    const cohort = await new CohortService(this.db).current(guildId);
    requireTakingApplications(cohort);
    if (!(await new CodeOfConductService(this.db).hasAcceptedCurrent(guildId, userId)))
      throw new CodeOfConductNotAcceptedError();
    const existing = await new ApplicationService(this.db).findLive(guildId, cohort.id, userId);
    if (existing && existing.state !== "submitted")
      throw new ConflictError(
        `Your application to ${cohort.name} is ${existing.state} already, so it can no longer change; use /withdraw to leave.`,
      );
    const drafts = new ApplicationDraftRepository(this.db);
    const previous = await drafts.get(guildId, userId);
    const answers = existing ? answersOf(existing) : previous?.cohortId === cohort.id ? previous.answers : {};
    const draft = await drafts.put(guildId, userId, cohort.id, role, answers);
    return { cohort, draft, existing };
  }

  async get(guildId: string, userId: string): Promise<ApplicationDraftRecord> {
    const draft = await new ApplicationDraftRepository(this.db).get(guildId, userId);
    if (!draft) throw new DraftGoneError();
    return draft;
  }

  /** Records some answers; the others stay as they were. */
  async answer(guildId: string, userId: string, answers: DraftAnswers): Promise<ApplicationDraftRecord> {
    const draft = await new ApplicationDraftRepository(this.db).merge(guildId, userId, answers);
    if (!draft) throw new DraftGoneError();
    return draft;
  }

  /** Every answer checked: clean details, or a ValidationError naming each missing or bad one. */
  async review(
    guildId: string,
    userId: string,
  ): Promise<{ draft: ApplicationDraftRecord; details: ApplicationDetails }> {
    const draft = await this.get(guildId, userId);
    return { draft, details: detailsOf(draft) };
  }

  /** Sends the application (or changes the live one) and closes the draft. */
  async submit(
    guildId: string,
    userId: string,
  ): Promise<{ application: ApplicationRecord; changed: boolean }> {
    const draft = await this.get(guildId, userId);
    const details = detailsOf(draft);
    const applications = new ApplicationService(this.db);
    const live = await applications.findLive(guildId, draft.cohortId, userId);
    const application = live
      ? await applications.change(guildId, live.id, userId, details)
      : await applications.apply(guildId, draft.cohortId, userId, details);
    await new ApplicationDraftRepository(this.db).delete(guildId, userId);
    return { application, changed: live !== undefined };
  }

  /** Drops the draft; a live application stays as it was. */
  async discard(guildId: string, userId: string): Promise<boolean> {
    return new ApplicationDraftRepository(this.db).delete(guildId, userId);
  }
}

/**
 * An all-women or all-men group is a promise the matching keeps for female and male mentees only;
 * for anyone else the answer would mean nothing, so it is not kept.
 */
function detailsOf(draft: ApplicationDraftRecord): ApplicationDetails {
  const details = parseApplicationDetails({ ...draft.answers, role: draft.role });
  const binding = details.role === "mentee" && (details.gender === "female" || details.gender === "male");
  return { ...details, singleGenderGroup: binding && details.singleGenderGroup };
}

function answersOf(application: ApplicationRecord): DraftAnswers {
  return {
    gender: application.gender,
    singleGenderGroup: application.singleGenderGroup,
    areas: application.areas,
    interests: application.interests,
    experience: application.experience,
    employer: application.employer,
    goals: application.goals,
  };
}
