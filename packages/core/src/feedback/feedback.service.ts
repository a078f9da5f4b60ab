import { TermRepository } from "../announcements/term.repository.ts";
import type { Database } from "../db/database.ts";
import { ConflictError, ForbiddenError, ProblemList } from "../errors.ts";
import { type GroupRecord, GroupRepository } from "../groups/group.repository.ts";
import { type SessionRecord, SessionRepository } from "../sessions/session.repository.ts";
import { checkInteger, checkText } from "../validation.ts";
import { type FeedbackEntry, FeedbackRepository, type FinalSurvey } from "./feedback.repository.ts";

export const FEEDBACK_COMMENT_MAX = 1000;

/** Members' ratings (1–5) and comments per session, and the cohort's final survey. */
export class FeedbackService {
  constructor(private readonly db: Database) {}

  async rate(guildId: string, sessionId: string, userId: string, rating: number): Promise<void> {
    const problems = new ProblemList();
    checkInteger(problems, "rating", rating, { min: 1, max: 5 });
    problems.throwIfAny();
    const repo = new FeedbackRepository(this.db);
    if (!(await repo.isMemberOfSessionCohort(guildId, sessionId, userId)))
      throw new ForbiddenError("Only the members of this cohort's groups give feedback on its sessions.");
    await repo.rate(guildId, sessionId, userId, rating);
  }

  async comment(guildId: string, sessionId: string, userId: string, comment: string): Promise<void> {
    const problems = new ProblemList();
    checkText(problems, "comment", comment, { min: 0, max: FEEDBACK_COMMENT_MAX });
    problems.throwIfAny();
    const saved = await new FeedbackRepository(this.db).comment(
      guildId,
      sessionId,
      userId,
      comment.trim() || null,
    );
    if (!saved) throw new ConflictError("Choose a rating from 1 to 5 first, then add your comment.");
  }

  /**
   * What a group's feedback prompts after a session need, read again when the (retried) prompt job
   * runs: the cohort, the session, the group and whether it was the cohort's last scheduled session.
   * Undefined when any of them is gone.
   */
  async promptContext(
    guildId: string,
    ids: { cohortId: string; sessionId: string; groupId: string },
  ): Promise<
    | { cohort: { id: string; name: string }; session: SessionRecord; group: GroupRecord; isLast: boolean }
    | undefined
  > {
    const cohort = await new TermRepository(this.db).cohort(guildId, ids.cohortId);
    const sessions = await new SessionRepository(this.db).list(guildId, ids.cohortId);
    const session = sessions.find((s) => s.id === ids.sessionId);
    const group = (await new GroupRepository(this.db).listForCohort(guildId, ids.cohortId)).find(
      (g) => g.id === ids.groupId,
    );
    if (!cohort || !session || !group) return undefined;
    const isLast = sessions.filter((s) => s.status === "scheduled").at(-1)?.id === session.id;
    return { cohort: { id: cohort.id, name: cohort.name }, session, group, isLast };
  }

  forSession(guildId: string, sessionId: string): Promise<FeedbackEntry[]> {
    return new FeedbackRepository(this.db).forSession(guildId, sessionId);
  }

  async finalSurvey(guildId: string, survey: FinalSurvey): Promise<void> {
    const problems = new ProblemList();
    checkInteger(problems, "overall", survey.overall, { min: 1, max: 5 });
    if (survey.mostValuable !== null)
      checkText(problems, "mostValuable", survey.mostValuable, { min: 0, max: 1000 });
    if (survey.changeNext !== null)
      checkText(problems, "changeNext", survey.changeNext, { min: 0, max: 1000 });
    problems.throwIfAny();
    const repo = new FeedbackRepository(this.db);
    if (!(await repo.isMemberOfCohort(guildId, survey.cohortId, survey.userId)))
      throw new ForbiddenError("Only the members of this cohort's groups answer its final survey.");
    await repo.saveSurvey(guildId, {
      ...survey,
      mostValuable: survey.mostValuable?.trim() || null,
      changeNext: survey.changeNext?.trim() || null,
    });
  }

  surveys(guildId: string, cohortId: string): Promise<FinalSurvey[]> {
    return new FeedbackRepository(this.db).surveys(guildId, cohortId);
  }
}
