import { DateTime } from "luxon";
import { type TermCohort, TermRepository } from "../announcements/term.repository.ts";
import type { AttendanceEntry } from "../attendance/attendance.repository.ts";
import { closeAttendance } from "../attendance/attendance.service.ts";
import { AuditRepository } from "../audit/audit.repository.ts";
import { CohortRepository } from "../cohorts/cohort.repository.ts";
import type { Database } from "../db/database.ts";
import type { Executor } from "../db/executor.ts";
import { ConflictError, ForbiddenError, ValidationError } from "../errors.ts";
import { type GroupRecord, GroupRepository } from "../groups/group.repository.ts";
import { type SessionRecord, SessionRepository } from "./session.repository.ts";
import { groupOfTextChannel, type SessionRun, SessionRunRepository } from "./session-run.repository.ts";

/** Who runs `/session`: a Discord user, and whether the community counts them as an organiser. */
export interface RunActor {
  userId: string;
  isOrganiser: boolean;
}

/** Where `/session` ran: the guild and the text channel. */
export interface RunPlace {
  guildId: string;
  channelId: string;
}

export interface RunContext {
  cohort: TermCohort;
  group: GroupRecord;
  session: SessionRecord;
  run: SessionRun;
}

export const SHARE_BACK_MAX = 4000;

/**
 * A group's evening, run by its mentors (or an organiser) from the group's own channel:
 * start → next … → share → end. Refusals name the reason: not a group's channel, not one of this
 * group's mentors, no session today (organisers may override the day), started or ended already.
 */
export class SessionRunService {
  constructor(private readonly db: Database) {}

  async start(place: RunPlace, actor: RunActor, now: Date, options: { override?: boolean } = {}) {
    return this.db.transaction().execute(async (trx) => {
      const { cohort, group } = await locate(trx, place, actor);
      if (options.override && !actor.isOrganiser)
        throw new ForbiddenError("Only organisers can start a session on another day.");
      const session = await sessionOfDay(trx, cohort, group, now, options.override === true);
      const runs = new SessionRunRepository(trx);
      const open = await runs.openForGroup(place.guildId, group.id);
      if (open && open.sessionId !== session.id)
        throw new ConflictError("Your group has another session open; end it with `/session end` first.");
      const run = await runs.open(place.guildId, session.id, group.id, actor.userId, now);
      if (!run) {
        const existing = await runs.get(place.guildId, session.id, group.id);
        throw new ConflictError(
          // Stryker disable next-line OptionalChaining: the insert met this very run, so it is there
          existing?.closedAt
            ? `Session ${session.number} has ended for ${group.name} already.`
            : `Session ${session.number} is running already; use \`/session next\` to move on.`,
        );
      }
      // Stryker disable next-line ConditionalExpression: changeState moves only a published cohort; a running one is left as it is
      if (cohort.state === "published")
        await new CohortRepository(trx).changeState(place.guildId, cohort.id, "published", "running");
      await audit(trx, place.guildId, actor, "session.started", session.id, { groupId: group.id });
      return { cohort, group, session, run } satisfies RunContext;
    });
  }

  /** Refuses unless the actor may run `/session` in this channel (before a modal opens). */
  async authorise(place: RunPlace, actor: RunActor): Promise<void> {
    await locate(this.db, place, actor);
  }

  /** Moves to the next agenda item; refuses after the last one. */
  async next(place: RunPlace, actor: RunActor) {
    return this.db.transaction().execute(async (trx) => {
      const ctx = await openRun(trx, place, actor);
      if (ctx.run.agendaPosition >= ctx.session.agenda.length - 1)
        throw new ConflictError(
          "That was the last item of the agenda; close the evening with `/session end`.",
        );
      const run = await new SessionRunRepository(trx).advance(
        place.guildId,
        ctx.session.id,
        ctx.group.id,
        ctx.run.agendaPosition,
      );
      if (!run) throw new ConflictError("Someone moved the agenda on just now; look at the channel.");
      return { ...ctx, run };
    });
  }

  /** Stores the group's share-back with the session (a later one replaces it). */
  async share(place: RunPlace, actor: RunActor, text: string, now: Date) {
    const trimmed = text.trim();
    if (trimmed.length === 0 || trimmed.length > SHARE_BACK_MAX)
      throw new ValidationError([
        { field: "share-back", message: `must be 1 to ${SHARE_BACK_MAX} characters` },
      ]);
    return this.db.transaction().execute(async (trx) => {
      const ctx = await latestRun(trx, place, actor);
      const run = await new SessionRunRepository(trx).share(
        place.guildId,
        ctx.session.id,
        ctx.group.id,
        trimmed,
        actor.userId,
        now,
      );
      await audit(trx, place.guildId, actor, "session.shared_back", ctx.session.id, {
        groupId: ctx.group.id,
      });
      return { ...ctx, run: run! };
    });
  }

  /** Closes the run and its attendance; says whether it was the cohort's last session. */
  async end(place: RunPlace, actor: RunActor, now: Date) {
    return this.db.transaction().execute(async (trx) => {
      const ctx = await openRun(trx, place, actor);
      const run = await new SessionRunRepository(trx).close(place.guildId, ctx.session.id, ctx.group.id, now);
      if (!run) throw new ConflictError("This session has ended already.");
      const members = [...ctx.group.mentors, ...ctx.group.mentees];
      const attendance: AttendanceEntry[] = await closeAttendance(
        trx,
        place.guildId,
        ctx.session.id,
        members,
        ctx.cohort.attendanceThresholdMinutes,
        now,
      );
      const sessions = (await new SessionRepository(trx).list(place.guildId, ctx.cohort.id)).filter(
        (s) => s.status === "scheduled",
      );
      await audit(trx, place.guildId, actor, "session.ended", ctx.session.id, { groupId: ctx.group.id });
      return { ...ctx, run, attendance, isLast: sessions.at(-1)?.id === ctx.session.id };
    });
  }

  /** The group and session a mentor's checklist is for: the open run, else the session of the day. */
  async checklistContext(place: RunPlace, actor: RunActor, now: Date) {
    return this.db.transaction().execute(async (trx) => {
      const { cohort, group } = await locate(trx, place, actor);
      const open = await new SessionRunRepository(trx).openForGroup(place.guildId, group.id);
      const session = open
        ? (await new SessionRepository(trx).get(place.guildId, open.sessionId))!
        : await sessionOfDay(trx, cohort, group, now, false);
      return { cohort, group, session };
    });
  }

  /** Every group's run of a session (the API shows share-backs and progress). */
  runsOf(guildId: string, sessionId: string): Promise<SessionRun[]> {
    return new SessionRunRepository(this.db).listForSession(guildId, sessionId);
  }
}

async function locate(trx: Executor, place: RunPlace, actor: RunActor) {
  const found = await groupOfTextChannel(trx, place.guildId, place.channelId);
  if (!found)
    throw new ForbiddenError("Run `/session` in your group's own channel: this channel is not a group's.");
  const cohort = await new TermRepository(trx).cohort(place.guildId, found.cohortId);
  const group = (await new GroupRepository(trx).listForCohort(place.guildId, found.cohortId)).find(
    (g) => g.id === found.groupId,
  );
  if (!cohort || cohort.state === "finished" || !group)
    throw new ForbiddenError("This group's cohort is not running.");
  if (!actor.isOrganiser && !group.mentors.includes(actor.userId))
    throw new ForbiddenError(
      group.mentees.includes(actor.userId)
        ? "Your mentors lead the evening: only they and the organisers can run `/session`."
        : `Only ${group.name}'s mentors and the organisers can run \`/session\` here.`,
    );
  return { cohort, group };
}

/** Today's session in the cohort's time zone; an organiser's override takes the next one not run. */
async function sessionOfDay(
  trx: Executor,
  cohort: TermCohort,
  group: GroupRecord,
  now: Date,
  override: boolean,
) {
  const sessions = (await new SessionRepository(trx).list(cohort.guildId, cohort.id)).filter(
    (s) => s.status === "scheduled",
  );
  const today = DateTime.fromJSDate(now, { zone: cohort.timeZone }).toISODate();
  const ofDay = sessions.find(
    (s) => DateTime.fromJSDate(s.startsAt, { zone: cohort.timeZone }).toISODate() === today,
  );
  if (ofDay) return ofDay;
  if (override) {
    const runs = new SessionRunRepository(trx);
    for (const s of sessions) if (!(await runs.get(cohort.guildId, s.id, group.id))) return s;
    throw new ConflictError("Every session of this cohort has been run already.");
  }
  // Stryker disable next-line EqualityOperator: a session starting now is today's, found above
  const next = sessions.find((s) => s.startsAt.getTime() > now.getTime());
  throw new ConflictError(
    next
      ? `There is no session today; the next is session ${next.number} on <t:${Math.floor(next.startsAt.getTime() / 1000)}:F>. Organisers can start one on another day with \`override:true\`.`
      : "There is no session today, and none is left in this cohort.",
  );
}

async function openRun(trx: Executor, place: RunPlace, actor: RunActor) {
  const { cohort, group } = await locate(trx, place, actor);
  const run = await new SessionRunRepository(trx).openForGroup(place.guildId, group.id);
  if (!run) throw new ConflictError("No session is open in this group; start one with `/session start`.");
  const session = (await new SessionRepository(trx).get(place.guildId, run.sessionId))!;
  return { cohort, group, session, run };
}

/** The open run, or the group's latest ended one (a share-back may come just after the end). */
async function latestRun(trx: Executor, place: RunPlace, actor: RunActor) {
  const { cohort, group } = await locate(trx, place, actor);
  const runs = new SessionRunRepository(trx);
  const sessions = await new SessionRepository(trx).list(place.guildId, cohort.id);
  let latest: { session: SessionRecord; run: SessionRun } | undefined;
  for (const session of sessions) {
    const run = await runs.get(place.guildId, session.id, group.id);
    if (run && (!latest || run.openedAt > latest.run.openedAt)) latest = { session, run };
  }
  if (!latest)
    throw new ConflictError("No session has started in this group yet; start one with `/session start`.");
  return { cohort, group, ...latest };
}

function audit(
  trx: Executor,
  guildId: string,
  actor: RunActor,
  action: string,
  sessionId: string,
  details: object,
) {
  return new AuditRepository(trx).record({
    guildId,
    actorUserId: actor.userId,
    action,
    entityType: "session",
    entityId: sessionId,
    details: details as Record<string, unknown>,
  });
}
