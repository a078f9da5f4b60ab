import { AuditRepository } from "../audit/audit.repository.ts";
import { LiveGroupRepository } from "../check-ins/live-group.repository.ts";
import type { Database } from "../db/database.ts";
import type { Executor } from "../db/executor.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import type { GroupKind } from "../matching/types.ts";
import { type OfferRecord, SeatRepository, seatRules, type VacancyRecord } from "./seat.repository.ts";
import { type SeatPerson, seatProblems } from "./seat-check.ts";

/** The pg-boss queues of the waitlist (run by the bot): offer a freed seat; end an unanswered offer. */
// Stryker disable next-line StringLiteral: a module-level constant is read at import, before Stryker activates a mutant; waitlist.service.test.ts checks each name
export const SEAT_OFFER_QUEUE = "waitlist-seat-offer";
// Stryker disable next-line StringLiteral: a module-level constant is read at import, before Stryker activates a mutant; waitlist.service.test.ts checks each name
export const SEAT_OFFER_EXPIRY_QUEUE = "waitlist-offer-expiry";
/** A member left their group (withdrawal, removal, erasure): the bot takes the role and tells the group. */
// Stryker disable next-line StringLiteral: a module-level constant is read at import, before Stryker activates a mutant; waitlist.service.test.ts checks each name
export const MEMBER_LEFT_GROUP_QUEUE = "member-left-group";

export interface MemberLeftGroupJob {
  guildId: string;
  userId: string;
  reason: "withdrawal" | "removal" | "erasure";
  left: LeftGroup;
}

/** What a member leaving their group left behind, for the bot to act on. */
export interface LeftGroup {
  groupId: string;
  cohortId: string;
  role: "mentor" | "mentee";
  /** A mentee's seat, to be offered down the waitlist; none for a mentor. */
  vacancy?: VacancyRecord;
  /** A mentor's mentees now without a buddy. */
  menteesWithoutBuddy: string[];
}

export interface SeatOffer {
  offer: OfferRecord;
  groupName: string;
}

export interface AcceptedSeat {
  offer: OfferRecord;
  groupId: string;
  groupName: string;
  discordRoleId: string | null;
  textChannelId: string | null;
  buddyMentorId: string | undefined;
}

/** Takes a member out of their group; a mentee's seat becomes a vacancy. Runs in the caller's transaction. */
export async function leaveGroup(
  trx: Executor,
  guildId: string,
  cohortId: string,
  userId: string,
  reason: VacancyRecord["reason"],
): Promise<LeftGroup | undefined> {
  const seats = new SeatRepository(trx);
  const member = await seats.membership(guildId, cohortId, userId);
  if (!member) return undefined;
  const groups = new LiveGroupRepository(trx);
  const menteesWithoutBuddy =
    // Stryker disable next-line ConditionalExpression: a mentee is nobody's mentor, so the filter below finds no pair of theirs
    member.role === "mentor"
      ? (await groups.pairsOfGroup(member.groupId))
          .filter((p) => p.mentorUserId === userId)
          .map((p) => p.menteeUserId)
      : [];
  await seats.leaveGroup(member.groupId, userId);
  const vacancy =
    member.role === "mentee"
      ? await seats.insertVacancy(guildId, { cohortId, groupId: member.groupId, freedBy: userId, reason })
      : undefined;
  return {
    groupId: member.groupId,
    cohortId,
    role: member.role,
    ...(vacancy ? { vacancy } : {}),
    menteesWithoutBuddy,
  };
}

/**
 * A freed seat goes down the waitlist: in application order, to the first mentee the group's rules
 * allow, one offer at a time, each with a deadline.
 */
export class WaitlistService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Offers the seat to the next allowed mentee (or gives back the offer still open); null when the
   * seat is taken or nobody is left (then it stays empty).
   */
  async offerNext(guildId: string, vacancyId: string): Promise<SeatOffer | null> {
    return this.db.transaction().execute(async (trx) => {
      const seats = new SeatRepository(trx);
      const vacancy = await seats.vacancy(guildId, vacancyId);
      if (!vacancy) throw new NotFoundError("seat", vacancyId);
      if (vacancy.state !== "open") return null;
      const group = await new LiveGroupRepository(trx).group(guildId, vacancy.groupId);
      // Stryker disable next-line ConditionalExpression,StringLiteral,CallExpression: a vacancy's group exists (foreign key, on delete cascade) in the vacancy's cohort and community
      if (!group) throw new NotFoundError("group", vacancy.groupId);
      // A retried job finds the offer it made before: the same one, not a second.
      const pending = await seats.pendingOffer(vacancyId);
      if (pending) return { offer: pending, groupName: group.name };
      const rules = await seatRules(trx, guildId, vacancy.cohortId);
      const people = (await seats.placedInGroup(guildId, vacancy.groupId)).map(seatPerson);
      for (const candidate of await seats.candidates(guildId, vacancy.cohortId, vacancyId)) {
        const problems = seatProblems(
          { id: group.id, kind: group.kind as GroupKind, people },
          seatPerson(candidate),
          rules.shape,
          rules.apart,
        );
        if (problems.length > 0) continue;
        const offeredAt = this.now();
        const offer = await seats.insertOffer(guildId, {
          vacancyId,
          applicationId: candidate.id,
          userId: candidate.user_id,
          offeredAt,
          deadlineAt: new Date(offeredAt.getTime() + rules.offerHours * 3_600_000),
        });
        await audit(trx, guildId, null, "waitlist.offered", offer.id, {
          vacancyId,
          userId: candidate.user_id,
        });
        return { offer, groupName: group.name };
      }
      await seats.setVacancyState(guildId, vacancyId, "unfilled");
      await audit(trx, guildId, null, "waitlist.unfilled", vacancyId, {});
      return null;
    });
  }

  /** A group as the bot needs it after someone left or joined: its role, channel and mentors. */
  async group(guildId: string, groupId: string) {
    const groups = new LiveGroupRepository(this.db);
    const group = await groups.group(guildId, groupId);
    if (!group) throw new NotFoundError("group", groupId);
    const members = await groups.members(groupId);
    return {
      id: group.id,
      name: group.name,
      discordRoleId: group.discordRoleId,
      textChannelId: group.textChannelId,
      mentors: members.filter((m) => m.role === "mentor").map((m) => m.userId),
    };
  }

  /** Offers past their deadline and still unanswered. */
  overdueOffers() {
    return new SeatRepository(this.db).overdue(this.now());
  }

  async getOffer(guildId: string, offerId: string): Promise<OfferRecord> {
    const offer = await new SeatRepository(this.db).offer(guildId, offerId);
    if (!offer) throw new NotFoundError("offer", offerId);
    return offer;
  }

  /** The mentee takes the seat: placed in the group, with the mentor who has the fewest buddies. */
  async accept(guildId: string, offerId: string, userId: string): Promise<AcceptedSeat> {
    const offer = await this.ownOffer(guildId, offerId, userId);
    if (offer.state === "pending" && this.now() >= offer.deadlineAt) {
      await this.expire(guildId, offerId);
      throw new ConflictError("This offer has expired; the seat went to the next person on the waitlist.");
    }
    return this.db.transaction().execute(async (trx) => {
      const seats = new SeatRepository(trx);
      const closed = await seats.closeOffer(guildId, offerId, "accepted", this.now());
      if (!closed) throw new ConflictError(`This offer is ${offer.state} already.`);
      const vacancy = (await seats.vacancy(guildId, offer.vacancyId))!;
      if (!(await seats.place(guildId, offer.applicationId)))
        throw new ConflictError("Your application is no longer on the waitlist.");
      const groups = new LiveGroupRepository(trx);
      const group = (await groups.group(guildId, vacancy.groupId))!;
      const mentors = (await groups.members(vacancy.groupId)).filter((m) => m.role === "mentor");
      const pairs = await groups.pairsOfGroup(vacancy.groupId);
      const load = (id: string) => pairs.filter((p) => p.mentorUserId === id).length;
      const buddy = [...mentors].sort(
        (a, b) => load(a.userId) - load(b.userId) || a.userId.localeCompare(b.userId),
      )[0];
      await seats.joinGroup(guildId, vacancy.cohortId, vacancy.groupId, userId, buddy?.userId);
      await seats.setVacancyState(guildId, vacancy.id, "filled");
      await audit(trx, guildId, userId, "waitlist.accepted", offerId, { groupId: group.id });
      return {
        offer: closed,
        groupId: group.id,
        groupName: group.name,
        discordRoleId: group.discordRoleId,
        textChannelId: group.textChannelId,
        buddyMentorId: buddy?.userId,
      };
    });
  }

  /** The mentee turns the seat down; the vacancy to offer next. */
  async decline(guildId: string, offerId: string, userId: string): Promise<OfferRecord> {
    const offer = await this.ownOffer(guildId, offerId, userId);
    const closed = await this.db.transaction().execute(async (trx) => {
      const done = await new SeatRepository(trx).closeOffer(guildId, offerId, "declined", this.now());
      if (done) await audit(trx, guildId, userId, "waitlist.declined", offerId, {});
      return done;
    });
    if (!closed) throw new ConflictError(`This offer is ${offer.state} already.`);
    return closed;
  }

  /** Ends an offer not answered by its deadline; undefined when it was answered or is not yet due. */
  async expire(guildId: string, offerId: string): Promise<OfferRecord | undefined> {
    const offer = await new SeatRepository(this.db).offer(guildId, offerId);
    if (offer?.state !== "pending" || this.now() < offer.deadlineAt) return undefined;
    return this.db.transaction().execute(async (trx) => {
      const closed = await new SeatRepository(trx).closeOffer(guildId, offerId, "expired", this.now());
      if (closed) await audit(trx, guildId, null, "waitlist.expired", offerId, {});
      return closed;
    });
  }

  private async ownOffer(guildId: string, offerId: string, userId: string): Promise<OfferRecord> {
    const offer = await new SeatRepository(this.db).offer(guildId, offerId);
    if (!offer || offer.userId !== userId) throw new NotFoundError("offer", offerId);
    return offer;
  }
}

function seatPerson(a: {
  user_id: string;
  role: "mentor" | "mentee";
  gender: SeatPerson["gender"];
  single_gender_group: boolean;
  areas: string[];
  interests: string[];
  experience: SeatPerson["experience"];
  employer: string | null;
  applied_at: Date;
}): SeatPerson {
  return {
    userId: a.user_id,
    role: a.role,
    gender: a.gender,
    singleGenderGroup: a.single_gender_group,
    areas: a.areas,
    interests: a.interests,
    experience: a.experience,
    employer: a.employer,
    appliedAt: a.applied_at,
  };
}

function audit(
  db: Executor,
  guildId: string,
  actorUserId: string | null,
  action: string,
  entityId: string,
  details: Record<string, unknown>,
) {
  return new AuditRepository(db).record({
    guildId,
    actorUserId,
    action,
    // Stryker disable next-line MethodExpression: "waitlist.unfilled" is a whole action name, so endsWith and startsWith agree
    entityType: action.startsWith("waitlist.unfilled") ? "seat_vacancy" : "seat_offer",
    entityId,
    details,
  });
}
