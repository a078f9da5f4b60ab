import { DateTime } from "luxon";
import { AuditRepository } from "../audit/audit.repository.ts";
import { CohortRepository } from "../cohorts/cohort.repository.ts";
import type { Actor } from "../cohorts/cohort.service.ts";
import type { Database } from "../db/database.ts";
import { ConflictError, NotFoundError, ProblemList } from "../errors.ts";
import { MemberRepository } from "../members/member.repository.ts";
import { checkInteger, checkText } from "../validation.ts";
import { type ProgramEvent, ProgramEventRepository } from "./program-event.repository.ts";

export interface ProgramEventInput {
  title: string;
  /** 'YYYY-MM-DD HH:mm' in the cohort's time zone. */
  when: string;
  minutes: number;
  location: string;
  description?: string | null;
}

const WHEN = /^(\d{4})-(\d{2})-(\d{2})[ T]([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Program-wide events besides the sessions (the Developer's Gym workshops for technical skills).
 * A time is read in the cohort's time zone; one in the past, or one that does not exist on that
 * date (clocks jump forward over it), is refused with the reason.
 */
export class ProgramEventService {
  constructor(private readonly db: Database) {}

  async create(
    guildId: string,
    cohortId: string,
    input: ProgramEventInput,
    actor: Actor & { userId: string },
    now: Date,
  ) {
    const cohort = await new CohortRepository(this.db).get(guildId, cohortId);
    if (!cohort) throw new NotFoundError("cohort", cohortId);
    const problems = new ProblemList();
    checkText(problems, "title", input.title, { max: 100 });
    checkText(problems, "location", input.location, { max: 100 });
    if (input.description != null)
      checkText(problems, "description", input.description, { min: 0, max: 1000 });
    checkInteger(problems, "minutes", input.minutes, { min: 15, max: 720 });
    const startsAt = readLocalTime(problems, input.when, cohort.timeZone, now);
    problems.throwIfAny();
    return this.db.transaction().execute(async (trx) => {
      const event = await new ProgramEventRepository(trx).insert({
        guildId,
        cohortId,
        title: input.title.trim(),
        description: input.description?.trim() || null,
        location: input.location.trim(),
        startsAt: startsAt!,
        endsAt: new Date(startsAt!.getTime() + input.minutes * 60_000),
        createdBy: actor.userId,
      });
      await new AuditRepository(trx).record({
        guildId,
        actorUserId: actor.userId,
        action: "program_event.created",
        entityType: "program_event",
        entityId: event.id,
        details: { title: event.title, startsAt: event.startsAt.toISOString() },
      });
      return event;
    });
  }

  get(guildId: string, id: string): Promise<ProgramEvent | undefined> {
    return new ProgramEventRepository(this.db).get(guildId, id);
  }

  recordDiscord(
    guildId: string,
    id: string,
    ids: { discordEventId?: string; announcementMessageId?: string },
  ) {
    return new ProgramEventRepository(this.db).recordDiscord(guildId, id, ids);
  }

  /** The Discord event that stands for this program event: the first one recorded (see the repository). */
  recordDiscordEventOnce(guildId: string, id: string, discordEventId: string): Promise<string | null> {
    return new ProgramEventRepository(this.db).recordDiscordEventOnce(guildId, id, discordEventId);
  }

  upcoming(guildIds: readonly string[] | undefined, now: Date): Promise<ProgramEvent[]> {
    return new ProgramEventRepository(this.db).listUpcoming(guildIds, now);
  }

  /** Going / not going; answers change until the event starts. Returns the new counts. */
  async answer(guildId: string, eventId: string, userId: string, going: boolean, now: Date) {
    const repo = new ProgramEventRepository(this.db);
    const event = await repo.get(guildId, eventId);
    if (!event) throw new NotFoundError("event", eventId);
    if (event.status === "cancelled") throw new ConflictError("This event was cancelled.");
    if (event.startsAt.getTime() <= now.getTime()) throw new ConflictError("This event has started already.");
    if (!(await new MemberRepository(this.db).isInCommunity(guildId, userId)))
      throw new ConflictError("Join the community first.");
    await repo.answer(guildId, eventId, userId, going);
    return { event, counts: await repo.counts(guildId, eventId) };
  }
}

function readLocalTime(problems: ProblemList, when: string, zone: string, now: Date): Date | undefined {
  // Stryker disable next-line StringLiteral: no text but a date and time passes the pattern, so any other stands in for a non-string alike.
  const m = WHEN.exec(typeof when === "string" ? when.trim() : "");
  if (!m) {
    problems.add("when", "must be a local date and time like 2027-03-30 19:00");
    return undefined;
  }
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const local = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  // Stryker disable next-line LogicalOperator: a valid date keeps its day (an invalid one's day is NaN), so either check alone decides.
  if (!local.isValid || local.day !== day) {
    problems.add("when", `${when} is not a date`);
    return undefined;
  }
  if (local.hour !== hour || local.minute !== minute) {
    problems.add("when", `${when} does not exist in ${zone}: the clocks jump forward over it`);
    return undefined;
  }
  if (local.toMillis() <= now.getTime()) {
    problems.add("when", `${when} (${zone}) is in the past`);
    return undefined;
  }
  return local.toJSDate();
}
