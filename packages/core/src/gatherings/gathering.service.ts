import { AuditRepository } from "../audit/audit.repository.ts";
import { type LiveGroup, LiveGroupRepository } from "../check-ins/live-group.repository.ts";
import type { Database } from "../db/database.ts";
import { ForbiddenError, NotFoundError, ProblemList, ValidationError } from "../errors.ts";
import { localInstant } from "../sessions/schedule.ts";
import { checkText, optionalText } from "../validation.ts";
import { type GatheringCounts, type GatheringRecord, GatheringRepository } from "./gathering.repository.ts";

/** Discord's limits for a scheduled event's name and location. */
export const GATHERING_LIMITS = { title: 100, where: 100 } as const;
/** An external scheduled event needs an end; a gathering is taken to last this long. */
const GATHERING_LENGTH_MS = 2 * 60 * 60 * 1000;
const WHEN_PATTERN = /^\s*(\d{4}-\d{2}-\d{2})[ T]+(\d{1,2}:\d{2})\s*$/;

export interface ProposeGatheringInput {
  title: unknown;
  /** 'YYYY-MM-DD HH:mm', local time in the cohort's time zone. */
  when: unknown;
  where?: unknown;
}

export interface ProposedGathering {
  gathering: GatheringRecord;
  group: LiveGroup;
}

/** Extra social gatherings a group arranges between sessions. */
export class GatheringService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async propose(guildId: string, userId: string, input: ProposeGatheringInput): Promise<ProposedGathering> {
    const group = await new LiveGroupRepository(this.db).forMember(guildId, userId);
    if (!group)
      throw new ForbiddenError("Only members of a group in a running cohort can propose a gathering.");
    const problems = new ProblemList();
    checkText(problems, "title", input.title, { max: GATHERING_LIMITS.title });
    const location = optionalText(problems, "where", input.where, GATHERING_LIMITS.where);
    problems.throwIfAny();
    const startsAt = parseWhen(input.when, group.timeZone);
    if (startsAt.getTime() <= this.now().getTime())
      throw new ValidationError([
        { field: "when", message: "is in the past; choose a time that is still ahead" },
      ]);
    return this.db.transaction().execute(async (trx) => {
      const gathering = await new GatheringRepository(trx).insert(guildId, {
        groupId: group.groupId,
        title: String(input.title).trim(),
        startsAt,
        endsAt: new Date(startsAt.getTime() + GATHERING_LENGTH_MS),
        location,
        proposedBy: userId,
      });
      await new AuditRepository(trx).record({
        guildId,
        actorUserId: userId,
        action: "gathering.proposed",
        entityType: "gathering",
        entityId: gathering.id,
      });
      return { gathering, group };
    });
  }

  /** Records where the gathering lives on Discord (its event and its message). */
  recordDiscord(
    guildId: string,
    id: string,
    ids: { discordEventId?: string | null; channelId?: string; messageId?: string },
  ) {
    return new GatheringRepository(this.db).setDiscord(guildId, id, ids);
  }

  /** A member of the gathering's group answers Going / Not going; the counts after it. */
  async respond(
    guildId: string,
    gatheringId: string,
    userId: string,
    going: boolean,
  ): Promise<GatheringCounts> {
    const gatherings = new GatheringRepository(this.db);
    const gathering = await gatherings.get(guildId, gatheringId);
    if (!gathering) throw new NotFoundError("gathering", gatheringId);
    const members = await new LiveGroupRepository(this.db).members(gathering.groupId);
    if (!members.some((m) => m.userId === userId))
      throw new ForbiddenError("This gathering is for its group's members.");
    await gatherings.respond(guildId, gatheringId, userId, going);
    return gatherings.counts(gatheringId);
  }

  async get(guildId: string, id: string): Promise<GatheringRecord> {
    const gathering = await new GatheringRepository(this.db).get(guildId, id);
    if (!gathering) throw new NotFoundError("gathering", id);
    return gathering;
  }
}

/** 'YYYY-MM-DD HH:mm' in `timeZone`; a time the clocks skip is refused with the reason. */
export function parseWhen(when: unknown, timeZone: string): Date {
  // Stryker disable next-line ConditionalExpression: a number or undefined turned into text fails the pattern alike.
  const match = typeof when === "string" ? WHEN_PATTERN.exec(when) : null;
  if (!match)
    throw new ValidationError([
      { field: "when", message: "must be a local date and time written YYYY-MM-DD HH:mm" },
    ]);
  const [, date, time] = match as unknown as [string, string, string];
  return localInstant(date, time.padStart(5, "0"), timeZone, "when");
}
