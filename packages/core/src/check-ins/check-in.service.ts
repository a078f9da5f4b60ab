import { AuditRepository } from "../audit/audit.repository.ts";
import type { Database } from "../db/database.ts";
import { ForbiddenError, NotFoundError, ProblemList } from "../errors.ts";
import { SessionRepository } from "../sessions/session.repository.ts";
import { optionalText } from "../validation.ts";
import { type CheckInRecord, CheckInRepository } from "./check-in.repository.ts";
import { type BuddyPair, type LiveGroup, LiveGroupRepository } from "./live-group.repository.ts";

export const CHECK_IN_NOTE_MAX = 2000;
/** A pair that has not checked in since a session is nudged this long after it ends. */
// Stryker disable next-line ArithmeticOperator: a module-level constant is read at import, before Stryker activates a mutant; check-in.service.test.ts checks it is three days.
export const CHECK_IN_NUDGE_DELAY_MS = 3 * 24 * 60 * 60 * 1000;

export interface MyBuddies {
  group: LiveGroup;
  /** A mentee's one mentor buddy, or each of a mentor's mentees. */
  buddies: string[];
}

export interface PairToNudge extends BuddyPair {
  textChannelId: string | null;
}

/** The buddy system: who is whose buddy, their one-on-one check-ins, and who needs a nudge. */
export class CheckInService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The member's buddies in their live group; NotFound when they are in no group this term. */
  async myBuddies(guildId: string, userId: string): Promise<MyBuddies> {
    const groups = new LiveGroupRepository(this.db);
    const group = await groups.forMember(guildId, userId);
    if (!group) throw new NotFoundError("group", "for you this term (you have no place in a running cohort)");
    const pairs = await groups.pairsOfGroup(group.groupId);
    const buddies =
      group.role === "mentee"
        ? pairs.filter((p) => p.menteeUserId === userId).map((p) => p.mentorUserId)
        : pairs.filter((p) => p.mentorUserId === userId).map((p) => p.menteeUserId);
    return { group, buddies };
  }

  /** Logs a one-on-one check-in between the member and one of their buddies, now. */
  async log(guildId: string, userId: string, buddyUserId: string, note: unknown): Promise<CheckInRecord> {
    const problems = new ProblemList();
    const notes = optionalText(problems, "note", note, CHECK_IN_NOTE_MAX);
    problems.throwIfAny();
    const { group, buddies } = await this.myBuddies(guildId, userId);
    if (!buddies.includes(buddyUserId))
      throw new ForbiddenError(
        buddyUserId === userId
          ? "A check-in is with your buddy, not with yourself."
          : "That member is not your buddy; `/buddy` shows who is.",
      );
    const [mentorUserId, menteeUserId] =
      group.role === "mentor" ? [userId, buddyUserId] : [buddyUserId, userId];
    return this.db.transaction().execute(async (trx) => {
      const checkIn = await new CheckInRepository(trx).insert(guildId, {
        groupId: group.groupId,
        mentorUserId,
        menteeUserId,
        heldAt: this.now(),
        notes,
      });
      // The note stays out of the audit log: it is private to the pair and the organisers.
      await new AuditRepository(trx).record({
        guildId,
        actorUserId: userId,
        action: "check_in.logged",
        entityType: "check_in",
        entityId: checkIn.id,
      });
      return checkIn;
    });
  }

  /** The organisers' view of a cohort's check-ins, notes included. */
  listForCohort(guildId: string, cohortId: string): Promise<CheckInRecord[]> {
    return new CheckInRepository(this.db).listForCohort(guildId, cohortId);
  }

  /**
   * Sessions whose nudge is due now: ended at least three days ago, and at most `windowMs` before that
   * (older ones are past nudging).
   */
  nudgesDue(windowMs = 4 * 24 * 60 * 60 * 1000) {
    const latestEnd = new Date(this.now().getTime() - CHECK_IN_NUDGE_DELAY_MS);
    return new CheckInRepository(this.db).sessionsEndedBetween(
      new Date(latestEnd.getTime() - windowMs),
      latestEnd,
    );
  }

  /** A session's number and end, for its nudge; undefined when it is gone or cancelled. */
  async session(guildId: string, sessionId: string) {
    const session = await new SessionRepository(this.db).get(guildId, sessionId);
    return session && session.status === "scheduled"
      ? { number: session.number, endsAt: session.endsAt }
      : undefined;
  }

  /** The cohort's buddy pairs that have not checked in since `since` (the end of the last session). */
  async pairsToNudge(guildId: string, cohortId: string, since: Date): Promise<PairToNudge[]> {
    const groups = new LiveGroupRepository(this.db);
    const checkIns = new CheckInRepository(this.db);
    const result: PairToNudge[] = [];
    for (const pair of await groups.pairsOfCohort(guildId, cohortId)) {
      if (await checkIns.heldSince(guildId, pair.groupId, pair.menteeUserId, since)) continue;
      const group = await groups.group(guildId, pair.groupId);
      // Stryker disable next-line OptionalChaining: the pair came from this group of this community, so it is found
      result.push({ ...pair, textChannelId: group?.textChannelId ?? null });
    }
    return result;
  }
}
