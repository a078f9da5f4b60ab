import { DateTime } from "luxon";
import { AuditRepository } from "../audit/audit.repository.ts";
import { type CohortRecord, CohortRepository } from "../cohorts/cohort.repository.ts";
import type { Actor } from "../cohorts/cohort.service.ts";
import type { Database } from "../db/database.ts";
import type { Executor } from "../db/executor.ts";
import type { CohortState } from "../db/schema.ts";
import { ConflictError, NotFoundError, type Problem, ProblemList } from "../errors.ts";
import { optionalText, textList } from "../validation.ts";
import { defaultAgenda, validateAgenda } from "./agenda.ts";
import {
  layOutSessions,
  moveSession,
  type ScheduleInput,
  ScheduleInputError,
  type SessionMove,
} from "./schedule.ts";
import { type SessionRecord, SessionRepository } from "./session.repository.ts";

/** Until groups are published the whole schedule may be laid out again; after, only session by session. */
const RESCHEDULABLE: readonly CohortState[] = ["draft", "applications_open", "matching"];
const FINAL: readonly CohortState[] = ["finished", "cancelled"];

export interface SessionEdit {
  theme?: string | null;
  speakers?: unknown;
  discussionPrompts?: unknown;
  agenda?: unknown;
}

export class SessionService {
  constructor(private readonly db: Database) {}

  /** Lays out the cohort's sessions in its time zone (N sessions, every K weeks, on a weekday). */
  async planSchedule(
    guildId: string,
    cohortId: string,
    input: Omit<ScheduleInput, "timeZone">,
    actor: Actor,
  ) {
    return this.db.transaction().execute(async (trx) => {
      const cohort = await requireCohort(trx, guildId, cohortId);
      if (!RESCHEDULABLE.includes(cohort.state))
        throw new ConflictError(
          `${cohort.name} is ${cohort.state}: move or cancel single sessions instead of laying out a new schedule.`,
        );
      return writeSchedule(trx, cohort, input, actor);
    });
  }

  /** The dates a schedule would have, in the cohort's time zone, without saving anything. */
  async previewSchedule(guildId: string, cohortId: string, input: Omit<ScheduleInput, "timeZone">) {
    const cohort = await requireCohort(this.db, guildId, cohortId);
    return { timeZone: cohort.timeZone, sessions: layOutSessions({ ...input, timeZone: cohort.timeZone }) };
  }

  list(guildId: string, cohortId: string): Promise<SessionRecord[]> {
    return new SessionRepository(this.db).list(guildId, cohortId);
  }

  /** Moves one session; the others stay where they are, and it stays between its neighbours. */
  async move(guildId: string, sessionId: string, move: SessionMove, actor: Actor) {
    return this.changeOne(guildId, sessionId, actor, "session.moved", async (session, cohort, siblings) => {
      const moved = moveSession(session, move, cohort.timeZone);
      validateAgenda(session.agenda, moved);
      keepOrder(session, moved, await siblings(), cohort.timeZone);
      return { startsAt: moved.startsAt, endsAt: moved.endsAt };
    });
  }

  async cancel(guildId: string, sessionId: string, actor: Actor) {
    return this.changeOne(guildId, sessionId, actor, "session.cancelled", () => ({ status: "cancelled" }));
  }

  /** Schedules a cancelled session again, where it was: refused if a neighbour has moved past it since. */
  async reinstate(guildId: string, sessionId: string, actor: Actor) {
    return this.changeOne(
      guildId,
      sessionId,
      actor,
      "session.reinstated",
      async (session, cohort, siblings) => {
        keepOrder(session, session, await siblings(), cohort.timeZone);
        return { status: "scheduled" };
      },
    );
  }

  /** Edits the theme, speakers, discussion prompts or agenda of one session. */
  async edit(guildId: string, sessionId: string, edit: SessionEdit, actor: Actor) {
    return this.changeOne(guildId, sessionId, actor, "session.edited", (session) => {
      const problems = new ProblemList();
      const theme = edit.theme === undefined ? undefined : optionalText(problems, "theme", edit.theme, 200);
      const speakers =
        edit.speakers === undefined
          ? undefined
          : textList(problems, "speakers", edit.speakers, { maxItems: 10, maxLength: 100 });
      const prompts =
        edit.discussionPrompts === undefined
          ? undefined
          : textList(problems, "discussionPrompts", edit.discussionPrompts, { maxItems: 20, maxLength: 300 });
      problems.throwIfAny();
      const agenda = edit.agenda === undefined ? undefined : validateAgenda(edit.agenda, session);
      return { theme, speakers, discussionPrompts: prompts, agenda };
    });
  }

  private async changeOne(
    guildId: string,
    sessionId: string,
    actor: Actor,
    action: string,
    change: (
      session: SessionRecord,
      cohort: CohortRecord,
      /** The cohort's sessions, read only by the changes that need them. */
      siblings: () => Promise<SessionRecord[]>,
    ) => Parameters<SessionRepository["update"]>[2] | Promise<Parameters<SessionRepository["update"]>[2]>,
  ): Promise<SessionRecord> {
    return this.db.transaction().execute(async (trx) => {
      const sessions = new SessionRepository(trx);
      const session = await sessions.get(guildId, sessionId);
      if (!session) throw new NotFoundError("session", sessionId);
      const cohort = await requireCohort(trx, guildId, session.cohortId);
      if (FINAL.includes(cohort.state))
        throw new ConflictError(`${cohort.name} is ${cohort.state}: its sessions are final.`);
      const siblings = () => sessions.list(guildId, cohort.id);
      const changes = Object.fromEntries(
        Object.entries(await change(session, cohort, siblings)).filter(([, value]) => value !== undefined),
      );
      const updated = await sessions.update(guildId, sessionId, changes);
      if (!updated) throw new NotFoundError("session", sessionId);
      await audit(trx, guildId, actor, action, sessionId, changes);
      return updated;
    });
  }
}

/** Replaces a cohort's sessions with a schedule laid out in its time zone, each with the default agenda. */
export async function writeSchedule(
  trx: Executor,
  cohort: CohortRecord,
  input: Omit<ScheduleInput, "timeZone">,
  actor: Actor,
): Promise<SessionRecord[]> {
  const planned = layOutSessions({ ...input, timeZone: cohort.timeZone });
  const sessions = await new SessionRepository(trx).replaceAll(
    cohort.guildId,
    cohort.id,
    planned.map((s) => ({
      number: s.number,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      agenda: defaultAgenda(Math.round((s.endsAt.getTime() - s.startsAt.getTime()) / 60_000)),
    })),
  );
  await audit(trx, cohort.guildId, actor, "schedule.planned", cohort.id, { ...input });
  return sessions;
}

/**
 * A moved session stays after the session before it and before the one after it (cancelled ones aside):
 * the program's agenda runs in order, and members know a session by its number.
 */
function keepOrder(
  session: SessionRecord,
  moved: { startsAt: Date; endsAt: Date },
  siblings: SessionRecord[],
  timeZone: string,
) {
  const held = siblings.filter((s) => s.status === "scheduled");
  const before = held.filter((s) => s.number < session.number).at(-1);
  const after = held.find((s) => s.number > session.number);
  const local = (at: Date) => DateTime.fromJSDate(at, { zone: timeZone }).toFormat("yyyy-MM-dd HH:mm");
  const problems: Problem[] = [];
  if (before && moved.startsAt < before.endsAt)
    problems.push({
      field: "date",
      message: `session ${session.number} must start after session ${before.number} ends (${local(before.endsAt)}); sessions keep their order`,
    });
  if (after && moved.endsAt > after.startsAt)
    problems.push({
      field: "date",
      message: `session ${session.number} must end before session ${after.number} starts (${local(after.startsAt)}); sessions keep their order`,
    });
  if (problems.length > 0) throw new ScheduleInputError(problems);
}

async function requireCohort(db: Executor, guildId: string, cohortId: string) {
  const cohort = await new CohortRepository(db).get(guildId, cohortId);
  if (!cohort) throw new NotFoundError("cohort", cohortId);
  return cohort;
}

function audit(
  db: Executor,
  guildId: string,
  actor: Actor,
  action: string,
  entityId: string,
  details: object,
) {
  return new AuditRepository(db).record({
    guildId,
    actorUserId: actor.userId,
    action,
    entityType: action.startsWith("schedule") ? "cohort" : "session",
    entityId,
    details: details as Record<string, unknown>,
  });
}
