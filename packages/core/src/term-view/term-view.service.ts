import { AttendanceRepository, type AttendanceStatus } from "../attendance/attendance.repository.ts";
import { AttendanceService } from "../attendance/attendance.service.ts";
import { CheckInService } from "../check-ins/check-in.service.ts";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { Database } from "../db/database.ts";
import { NotFoundError } from "../errors.ts";
import { FeedbackRepository } from "../feedback/feedback.repository.ts";
import { type GroupRecord, GroupRepository } from "../groups/group.repository.ts";
import { MemberRepository } from "../members/member.repository.ts";
import { type SessionRecord, SessionRepository } from "../sessions/session.repository.ts";
import { SessionRunRepository } from "../sessions/session-run.repository.ts";

export interface AttendanceCounts {
  present: number;
  absent: number;
  excused: number;
  /** Current group members with no record for the session (it has not run, or the run is open). */
  unrecorded: number;
}

export interface FeedbackSummary {
  responses: number;
  /** How many gave 1, 2, 3, 4 and 5 (index 0 is the count of 1s). */
  counts: [number, number, number, number, number];
  /** Mean rating to two decimals; null without responses. */
  average: number | null;
}

export interface SessionOverview {
  session: SessionRecord;
  attendance: AttendanceCounts;
  groups: Array<{ groupId: string; name: string } & AttendanceCounts>;
  feedback: FeedbackSummary;
  shareBacks: number;
}

export interface SessionDetail {
  session: SessionRecord;
  shareBacks: Array<{
    groupId: string;
    groupName: string;
    text: string;
    byUserId: string | null;
    byName: string | null;
    at: Date | null;
  }>;
  /** Totals count every record (a member who left or was erased still counts). */
  attendance: AttendanceCounts;
  groups: Array<{
    groupId: string;
    name: string;
    members: Array<{
      userId: string;
      displayName: string | null;
      role: "mentor" | "mentee";
      status: AttendanceStatus | null;
      source: "voice" | "manual" | null;
      minutesPresent: number;
    }>;
  }>;
  /** Comments without their authors: feedback is read as the group's, not a person's. */
  feedback: FeedbackSummary & { comments: Array<{ rating: number; comment: string }> };
}

export interface OverdueCheckIns {
  /** The last session that has ended, whose end the check-ins are counted from; null before the first. */
  since: { sessionId: string; number: number; endedAt: Date } | null;
  pairs: Array<{
    groupId: string;
    groupName: string;
    mentorUserId: string;
    mentorName: string | null;
    menteeUserId: string;
    menteeName: string | null;
  }>;
}

/** The organisers' views of a running term: attendance, share-backs, feedback and buddy check-ins. */
export class TermViewService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Each session of the cohort with its attendance (in all and per group), feedback and share-backs. */
  async overview(guildId: string, cohortId: string): Promise<SessionOverview[]> {
    await new CohortService(this.db).get(guildId, cohortId);
    const groups = await new GroupRepository(this.db).listForCohort(guildId, cohortId);
    const sessions = await new SessionRepository(this.db).list(guildId, cohortId);
    const result: SessionOverview[] = [];
    for (const session of sessions) {
      const records = await new AttendanceRepository(this.db).list(guildId, session.id);
      const statusOf = new Map(records.map((r) => [r.userId, r.status]));
      const perGroup = groups.map((g) => ({
        groupId: g.id,
        name: g.name,
        ...countStatuses(people(g).map((p) => statusOf.get(p.userId))),
      }));
      const ratings = await new FeedbackRepository(this.db).forSession(guildId, session.id);
      const runs = await new SessionRunRepository(this.db).listForSession(guildId, session.id);
      result.push({
        session,
        attendance: totals(records, perGroup),
        groups: perGroup,
        feedback: summarise(ratings.map((r) => r.rating)),
        shareBacks: runs.filter((r) => r.shareBack !== null).length,
      });
    }
    return result;
  }

  /** One session: each group's share-back, each member's attendance and minutes, the feedback. */
  async session(guildId: string, sessionId: string): Promise<SessionDetail> {
    const session = await new SessionRepository(this.db).get(guildId, sessionId);
    if (!session) throw new NotFoundError("session", sessionId);
    const groups = await new GroupRepository(this.db).listForCohort(guildId, session.cohortId);
    const records = await new AttendanceRepository(this.db).list(guildId, sessionId);
    const runs = await new SessionRunRepository(this.db).listForSession(guildId, sessionId);
    const ratings = await new FeedbackRepository(this.db).forSession(guildId, sessionId);
    const names = await new MemberRepository(this.db).names([
      ...groups.flatMap((g) => people(g).map((p) => p.userId)),
      // Stryker disable next-line ArrayDeclaration: an id no one has adds no name to the read
      ...runs.flatMap((r) => (r.shareBackBy ? [r.shareBackBy] : [])),
    ]);
    const recordOf = new Map(records.map((r) => [r.userId, r]));
    const groupName = new Map(groups.map((g) => [g.id, g.name]));
    const detailGroups = groups.map((g) => ({
      groupId: g.id,
      name: g.name,
      members: people(g).map(({ userId, role }) => {
        const record = recordOf.get(userId);
        return {
          userId,
          displayName: names.get(userId) ?? null,
          role,
          status: record?.status ?? null,
          source: record?.source ?? null,
          minutesPresent: record ? Math.floor(record.secondsPresent / 60) : 0,
        };
      }),
    }));
    return {
      session,
      shareBacks: runs
        .filter((r) => r.shareBack !== null)
        .map((r) => ({
          groupId: r.groupId,
          // Stryker disable next-line StringLiteral: a run is of one of the cohort's groups, whose name is found
          groupName: groupName.get(r.groupId) ?? "",
          text: r.shareBack!,
          byUserId: r.shareBackBy,
          byName: r.shareBackBy ? (names.get(r.shareBackBy) ?? null) : null,
          at: r.shareBackAt,
        }))
        .sort((a, b) => a.groupName.localeCompare(b.groupName)),
      attendance: totals(
        records,
        detailGroups.map((g) => countStatuses(g.members.map((m) => m.status ?? undefined))),
      ),
      groups: detailGroups,
      feedback: {
        ...summarise(ratings.map((r) => r.rating)),
        comments: ratings.flatMap((r) => (r.comment ? [{ rating: r.rating, comment: r.comment }] : [])),
      },
    };
  }

  /** Buddy pairs with no check-in since the end of the cohort's last session (by the clock). */
  async overdueCheckIns(guildId: string, cohortId: string): Promise<OverdueCheckIns> {
    await new CohortService(this.db).get(guildId, cohortId);
    const now = this.now().getTime();
    const last = (await new SessionRepository(this.db).list(guildId, cohortId))
      .filter((s) => s.status === "scheduled" && s.endsAt.getTime() <= now)
      .at(-1);
    if (!last) return { since: null, pairs: [] };
    const pairs = await new CheckInService(this.db, this.now).pairsToNudge(guildId, cohortId, last.endsAt);
    const groups = await new GroupRepository(this.db).listForCohort(guildId, cohortId);
    const groupName = new Map(groups.map((g) => [g.id, g.name]));
    const names = await new MemberRepository(this.db).names(
      pairs.flatMap((p) => [p.mentorUserId, p.menteeUserId]),
    );
    return {
      since: { sessionId: last.id, number: last.number, endedAt: last.endsAt },
      pairs: pairs.map((p) => ({
        groupId: p.groupId,
        // Stryker disable next-line StringLiteral: a pair is of one of the cohort's groups, whose name is found
        groupName: groupName.get(p.groupId) ?? "",
        mentorUserId: p.mentorUserId,
        mentorName: names.get(p.mentorUserId) ?? null,
        menteeUserId: p.menteeUserId,
        menteeName: names.get(p.menteeUserId) ?? null,
      })),
    };
  }

  /**
   * An organiser's correction of one member's record (audited by the attendance service); NotFound
   * for a session of another community or someone who is neither in its cohort's groups nor recorded.
   */
  async correctAttendance(
    guildId: string,
    sessionId: string,
    userId: string,
    status: AttendanceStatus,
    actorUserId: string,
  ) {
    const session = await new SessionRepository(this.db).get(guildId, sessionId);
    if (!session) throw new NotFoundError("session", sessionId);
    const groups = await new GroupRepository(this.db).listForCohort(guildId, session.cohortId);
    const inGroup = groups.some((g) => people(g).some((p) => p.userId === userId));
    const recorded = (await new AttendanceRepository(this.db).list(guildId, sessionId, [userId])).length > 0;
    if (!inGroup && !recorded) throw new NotFoundError("member", `${userId} in this session's groups`);
    return new AttendanceService(this.db).correct(guildId, sessionId, userId, status, {
      userId: actorUserId,
      isOrganiser: true,
    });
  }
}

function people(group: GroupRecord) {
  return [
    ...group.mentors.map((userId) => ({ userId, role: "mentor" as const })),
    ...group.mentees.map((userId) => ({ userId, role: "mentee" as const })),
  ];
}

function countStatuses(statuses: Array<AttendanceStatus | undefined>): AttendanceCounts {
  const counts = { present: 0, absent: 0, excused: 0, unrecorded: 0 };
  for (const status of statuses) counts[status ?? "unrecorded"]++;
  return counts;
}

/** Every record of the session counts, and the current members without one are unrecorded. */
function totals(
  records: ReadonlyArray<{ status: AttendanceStatus }>,
  groups: ReadonlyArray<AttendanceCounts>,
): AttendanceCounts {
  const recorded = countStatuses(records.map((r) => r.status));
  return { ...recorded, unrecorded: groups.reduce((n, g) => n + g.unrecorded, 0) };
}

export function summarise(ratings: readonly number[]): FeedbackSummary {
  const counts: FeedbackSummary["counts"] = [0, 0, 0, 0, 0];
  for (const rating of ratings) counts[rating - 1]!++;
  const sum = ratings.reduce((a, b) => a + b, 0);
  return {
    responses: ratings.length,
    counts,
    average: ratings.length > 0 ? Math.round((sum / ratings.length) * 100) / 100 : null,
  };
}
