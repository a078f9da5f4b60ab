import { AuditRepository } from "../audit/audit.repository.ts";
import { CohortRepository } from "../cohorts/cohort.repository.ts";
import type { Actor } from "../cohorts/cohort.service.ts";
import type { Database } from "../db/database.ts";
import { DeliveryRepository } from "../deliveries/delivery.repository.ts";
import { NotFoundError, ProblemList } from "../errors.ts";
import { ProgramEventRepository } from "../events/program-event.repository.ts";
import { GroupRepository } from "../groups/group.repository.ts";
import { type SessionRecord, SessionRepository } from "../sessions/session.repository.ts";
import { checkDiscordId, checkInteger } from "../validation.ts";
import { type PlannedNotice, planSessionNotices } from "./notice-plan.ts";
import { type TermCohort, TermRepository, type TermSettingsPatch } from "./term.repository.ts";

/** Work the scheduler queues: a notice to post, an event to bring in line, a cohort to finish. */
export type TermJob =
  | (PlannedNotice & { guildId: string; cohortId: string })
  | { kind: "event-sync"; key: string; guildId: string; cohortId: string; sessionId: string; dueAt: Date }
  | { kind: "finish"; key: string; guildId: string; cohortId: string; dueAt: Date }
  | {
      kind: "program-reminder";
      key: string;
      guildId: string;
      cohortId: string;
      eventId: string;
      startsAt: Date;
      dueAt: Date;
      offsetMinutes: number;
    };

export interface SessionNotice {
  cohort: TermCohort;
  session: SessionRecord & { version: number };
  groups: { id: string; name: string; textChannelId: string | null }[];
}

/**
 * The term's schedule as jobs: which notices are due within a horizon and not yet posted, and what a
 * notice's job needs when it runs (re-read then, never trusted from when it was queued).
 */
export class TermNoticeService {
  constructor(private readonly db: Database) {}

  async jobsDue(now: Date, horizonMs: number, guildIds?: readonly string[]): Promise<TermJob[]> {
    const terms = new TermRepository(this.db);
    const jobs: TermJob[] = [];
    for (const cohort of await terms.activeCohorts(guildIds)) {
      const sessions = await new SessionRepository(this.db).list(cohort.guildId, cohort.id);
      const groups = await new GroupRepository(this.db).listForCohort(cohort.guildId, cohort.id);
      const versions = await terms.sessionVersions(cohort.guildId, cohort.id);
      const groupIds = groups.filter((g) => g.textChannelId).map((g) => g.id);
      for (const session of sessions) {
        for (const notice of planSessionNotices(session, groupIds, cohort, now))
          if (notice.dueAt.getTime() <= now.getTime() + horizonMs)
            jobs.push({ ...notice, guildId: cohort.guildId, cohortId: cohort.id });
        const version = versions.get(session.id) ?? 1;
        if (session.discordEventId && version > 1)
          jobs.push({
            kind: "event-sync",
            key: `event:${session.id}:v${version}`,
            guildId: cohort.guildId,
            cohortId: cohort.id,
            sessionId: session.id,
            dueAt: now,
          });
      }
      for (const event of await new ProgramEventRepository(this.db).listUpcoming([cohort.guildId], now)) {
        if (event.cohortId !== cohort.id || event.status !== "scheduled") continue;
        const offsets = { ...cohort, announcementOffsetsMinutes: [1440, cohort.reminderOffsetMinutes] };
        // Stryker disable next-line ArrayDeclaration: a reminder planned for a made-up group is dropped below, where only announcements are kept.
        for (const notice of planSessionNotices(event, [], offsets, now))
          if (notice.kind === "announcement" && notice.dueAt.getTime() <= now.getTime() + horizonMs)
            jobs.push({
              kind: "program-reminder",
              key: `program:${notice.key}`,
              guildId: cohort.guildId,
              cohortId: cohort.id,
              eventId: event.id,
              startsAt: event.startsAt,
              dueAt: notice.dueAt,
              offsetMinutes: notice.offsetMinutes,
            });
      }
      const last = sessions.filter((s) => s.status === "scheduled").at(-1);
      if (last)
        jobs.push({
          kind: "finish",
          key: `finish:${cohort.id}:${last.endsAt.getTime()}`,
          guildId: cohort.guildId,
          cohortId: cohort.id,
          dueAt: last.endsAt,
        });
    }
    const claimed = await new DeliveryRepository(this.db).claimed(jobs.map((j) => j.key));
    return jobs.filter((j) => !claimed.has(j.key));
  }

  /** A cohort whose term is on Discord (published or running), with its settings. */
  cohort(guildId: string, cohortId: string): Promise<TermCohort | undefined> {
    return new TermRepository(this.db).cohort(guildId, cohortId);
  }

  /** The session of a notice as it is now, with its cohort and groups; none once the term is over. */
  async sessionNotice(guildId: string, sessionId: string): Promise<SessionNotice | undefined> {
    const session = await new SessionRepository(this.db).get(guildId, sessionId);
    if (!session) return undefined;
    const cohort = await new TermRepository(this.db).cohort(guildId, session.cohortId);
    if (!cohort) return undefined;
    const version =
      (await new TermRepository(this.db).sessionVersions(guildId, cohort.id)).get(sessionId) ?? 1;
    const groups = await new GroupRepository(this.db).listForCohort(guildId, cohort.id);
    return {
      cohort,
      session: { ...session, version },
      groups: groups.map((g) => ({ id: g.id, name: g.name, textChannelId: g.textChannelId })),
    };
  }

  /**
   * Moves the cohort to finished once its last session has ended (published → running → finished);
   * false when it is not over yet or not active.
   */
  async finishIfOver(guildId: string, cohortId: string, now: Date): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const cohorts = new CohortRepository(trx);
      const cohort = await cohorts.get(guildId, cohortId);
      if (!cohort || (cohort.state !== "published" && cohort.state !== "running")) return false;
      const sessions = (await new SessionRepository(trx).list(guildId, cohortId)).filter(
        (s) => s.status === "scheduled",
      );
      const last = sessions.at(-1);
      if (!last || last.endsAt.getTime() > now.getTime()) return false;
      // Stryker disable next-line ConditionalExpression: the change is conditional on the state, so a running cohort stays as it is.
      if (cohort.state === "published") await cohorts.changeState(guildId, cohortId, "published", "running");
      await cohorts.changeState(guildId, cohortId, "running", "finished");
      await new AuditRepository(trx).record({
        guildId,
        actorUserId: null,
        action: "cohort.finished_after_last_session",
        entityType: "cohort",
        entityId: cohortId,
        details: { lastSessionEndedAt: last.endsAt.toISOString() },
      });
      return true;
    });
  }

  /** Organisers' term settings: announcement offsets, the group reminder, attendance, share-back channel. */
  async updateSettings(guildId: string, cohortId: string, patch: TermSettingsPatch, actor: Actor) {
    const problems = new ProblemList();
    if (patch.announcementOffsetsMinutes !== undefined) {
      const offsets = patch.announcementOffsetsMinutes;
      if (!Array.isArray(offsets) || offsets.length > 5)
        problems.add("announcementOffsetsMinutes", "must be a list of at most 5 offsets");
      else
        for (const [i, o] of offsets.entries())
          checkInteger(problems, `announcementOffsetsMinutes[${i}]`, o, { min: 1, max: 43_200 });
    }
    if (patch.reminderOffsetMinutes !== undefined)
      checkInteger(problems, "reminderOffsetMinutes", patch.reminderOffsetMinutes, { min: 1, max: 1440 });
    if (patch.attendanceThresholdMinutes !== undefined)
      checkInteger(problems, "attendanceThresholdMinutes", patch.attendanceThresholdMinutes, {
        min: 1,
        max: 720,
      });
    if (patch.shareBackChannelId != null)
      checkDiscordId(problems, "shareBackChannelId", patch.shareBackChannelId);
    problems.throwIfAny();
    await this.db.transaction().execute(async (trx) => {
      if (!(await new CohortRepository(trx).get(guildId, cohortId)))
        throw new NotFoundError("cohort", cohortId);
      await new TermRepository(trx).updateSettings(guildId, cohortId, patch);
      await new AuditRepository(trx).record({
        guildId,
        actorUserId: actor.userId,
        action: "cohort.term_settings_changed",
        entityType: "cohort",
        entityId: cohortId,
        details: { ...patch },
      });
    });
  }
}
