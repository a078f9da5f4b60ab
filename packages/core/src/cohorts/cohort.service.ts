import { AuditRepository } from "../audit/audit.repository.ts";
import { CommunityRepository } from "../communities/community.repository.ts";
import type { Database } from "../db/database.ts";
import { isUniqueViolation } from "../db/database-errors.ts";
import type { CohortState } from "../db/schema.ts";
import { ConflictError, IllegalStateChangeError, NotFoundError, ProblemList } from "../errors.ts";
import type { ScheduleInput } from "../sessions/schedule.ts";
import { writeSchedule } from "../sessions/session.service.ts";
import { checkInteger, checkText, checkTimeZone } from "../validation.ts";
import { type CohortRecord, CohortRepository } from "./cohort.repository.ts";
import { canChangeState, isCohortState, nextStates } from "./cohort-state.ts";

export interface CreateCohortInput {
  name: string;
  /** Defaults to the community's time zone. */
  timeZone?: string;
  venue?: string | null;
  mentorsPerGroup?: number;
  menteesPerGroup?: number;
}

export interface CohortPatch {
  name?: string;
  venue?: string | null;
  timeZone?: string;
  mentorsPerGroup?: number;
  menteesPerGroup?: number;
}

/** The time zone and group shape shape the schedule and the matching: fixed once the cohort leaves draft. */
const DRAFT_ONLY = ["timeZone", "mentorsPerGroup", "menteesPerGroup"] as const;

export interface Actor {
  /** The Discord user acting; null for the system. */
  userId: string | null;
}

export class CohortService {
  constructor(private readonly db: Database) {}

  /**
   * A new draft cohort; with `schedule`, its sessions are laid out in the same transaction, so a bad
   * schedule leaves no cohort behind.
   */
  async create(
    guildId: string,
    input: CreateCohortInput,
    actor: Actor,
    schedule?: Omit<ScheduleInput, "timeZone">,
  ): Promise<CohortRecord> {
    const community = await new CommunityRepository(this.db).get(guildId);
    if (!community) throw new NotFoundError("community", guildId);
    const problems = new ProblemList();
    checkText(problems, "name", input.name, { max: 100 });
    const timeZone = input.timeZone ?? community.timeZone;
    checkTimeZone(problems, "timeZone", timeZone);
    if (input.venue != null) checkText(problems, "venue", input.venue, { min: 0, max: 200 });
    const mentorsPerGroup = input.mentorsPerGroup ?? 2;
    const menteesPerGroup = input.menteesPerGroup ?? 3;
    checkInteger(problems, "mentorsPerGroup", mentorsPerGroup, { min: 1, max: 10 });
    checkInteger(problems, "menteesPerGroup", menteesPerGroup, { min: 1, max: 20 });
    problems.throwIfAny();
    try {
      return await this.db.transaction().execute(async (trx) => {
        const cohort = await new CohortRepository(trx).insert({
          guildId,
          name: input.name.trim(),
          timeZone,
          venue: input.venue?.trim() || null,
          mentorsPerGroup,
          menteesPerGroup,
        });
        await new AuditRepository(trx).record({
          guildId,
          actorUserId: actor.userId,
          action: "cohort.created",
          entityType: "cohort",
          entityId: cohort.id,
          details: { name: cohort.name },
        });
        if (schedule) await writeSchedule(trx, cohort, schedule, actor);
        return cohort;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError(`A cohort named "${input.name.trim()}" exists already.`);
      throw error;
    }
  }

  /** Renames or re-places a cohort until it ends; its time zone and group shape only while a draft. */
  async update(guildId: string, cohortId: string, patch: CohortPatch, actor: Actor): Promise<CohortRecord> {
    const problems = new ProblemList();
    if (patch.name !== undefined) checkText(problems, "name", patch.name, { max: 100 });
    if (patch.venue != null) checkText(problems, "venue", patch.venue, { min: 0, max: 200 });
    if (patch.timeZone !== undefined) checkTimeZone(problems, "timeZone", patch.timeZone);
    if (patch.mentorsPerGroup !== undefined)
      checkInteger(problems, "mentorsPerGroup", patch.mentorsPerGroup, { min: 1, max: 10 });
    if (patch.menteesPerGroup !== undefined)
      checkInteger(problems, "menteesPerGroup", patch.menteesPerGroup, { min: 1, max: 20 });
    problems.throwIfAny();
    try {
      return await this.db.transaction().execute(async (trx) => {
        const cohorts = new CohortRepository(trx);
        const cohort = await cohorts.get(guildId, cohortId);
        if (!cohort) throw new NotFoundError("cohort", cohortId);
        if (cohort.state === "finished" || cohort.state === "cancelled")
          throw new ConflictError(`${cohort.name} is ${cohort.state}: it can no longer change.`);
        const fixed = DRAFT_ONLY.filter((key) => patch[key] !== undefined && patch[key] !== cohort[key]);
        if (cohort.state !== "draft" && fixed.length > 0)
          throw new ConflictError(
            `${cohort.name} is ${cohort.state}: its ${fixed.join(" and ")} can only change while it is a draft.`,
          );
        const changes = {
          ...(patch.name !== undefined && { name: patch.name.trim() }),
          ...(patch.venue !== undefined && { venue: patch.venue?.trim() || null }),
          ...(patch.timeZone !== undefined && { timeZone: patch.timeZone }),
          ...(patch.mentorsPerGroup !== undefined && { mentorsPerGroup: patch.mentorsPerGroup }),
          ...(patch.menteesPerGroup !== undefined && { menteesPerGroup: patch.menteesPerGroup }),
        };
        const updated = await cohorts.update(guildId, cohortId, changes);
        if (!updated) throw new NotFoundError("cohort", cohortId);
        await new AuditRepository(trx).record({
          guildId,
          actorUserId: actor.userId,
          action: "cohort.updated",
          entityType: "cohort",
          entityId: cohortId,
          details: changes,
        });
        return updated;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError(`A cohort named "${patch.name?.trim()}" exists already.`);
      throw error;
    }
  }

  async get(guildId: string, cohortId: string): Promise<CohortRecord> {
    const cohort = await new CohortRepository(this.db).get(guildId, cohortId);
    if (!cohort) throw new NotFoundError("cohort", cohortId);
    return cohort;
  }

  /**
   * The cohort that Discord commands act on: the most recently created one that is neither finished
   * nor cancelled. None: organisers create one first.
   */
  async current(guildId: string): Promise<CohortRecord> {
    // The list comes newest first, ordered by the database's microsecond timestamps.
    const latest = (await new CohortRepository(this.db).list(guildId)).find(
      (cohort) => cohort.state !== "finished" && cohort.state !== "cancelled",
    );
    if (!latest)
      throw new ConflictError(
        "There is no cohort in progress; an organiser creates one in the dashboard or with /cohort create.",
      );
    return latest;
  }

  list(guildId: string): Promise<CohortRecord[]> {
    return new CohortRepository(this.db).list(guildId);
  }

  async changeState(guildId: string, cohortId: string, to: CohortState | string, actor: Actor) {
    if (!isCohortState(to)) throw new IllegalStateChangeError("cohort", "?", String(to), "no such state");
    return this.db.transaction().execute(async (trx) => {
      const cohorts = new CohortRepository(trx);
      const cohort = await cohorts.get(guildId, cohortId);
      if (!cohort) throw new NotFoundError("cohort", cohortId);
      if (!canChangeState(cohort.state, to)) {
        const allowed = nextStates(cohort.state);
        throw new IllegalStateChangeError(
          "cohort",
          cohort.state,
          to,
          allowed.length
            ? `from ${cohort.state} it can go to ${allowed.join(" or ")}`
            : `${cohort.state} is final`,
        );
      }
      const changed = await cohorts.changeState(guildId, cohortId, cohort.state, to);
      if (!changed) throw new ConflictError("The cohort changed meanwhile; reload it and try again.");
      await new AuditRepository(trx).record({
        guildId,
        actorUserId: actor.userId,
        action: "cohort.state_changed",
        entityType: "cohort",
        entityId: cohortId,
        details: { from: cohort.state, to },
      });
      return changed;
    });
  }
}
