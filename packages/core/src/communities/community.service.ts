import type { Database } from "../db/database.ts";
import { NotFoundError, ProblemList } from "../errors.ts";
import { checkDiscordId, checkText, checkTimeZone } from "../validation.ts";
import { type CommunityRecord, CommunityRepository } from "./community.repository.ts";

export interface RegisterCommunityInput {
  guildId: string;
  name: string;
  timeZone?: string;
  organiserRoleId?: string | null;
  announcementChannelId?: string | null;
}

/** A community is one Discord guild running the program. */
export class CommunityService {
  constructor(private readonly db: Database) {}

  /** Registers the guild, or refreshes its name and settings when it is known already. */
  async register(input: RegisterCommunityInput): Promise<CommunityRecord> {
    const problems = new ProblemList();
    checkDiscordId(problems, "guildId", input.guildId);
    checkText(problems, "name", input.name, { max: 100 });
    const timeZone = input.timeZone ?? "UTC";
    checkTimeZone(problems, "timeZone", timeZone);
    if (input.organiserRoleId != null) checkDiscordId(problems, "organiserRoleId", input.organiserRoleId);
    if (input.announcementChannelId != null)
      checkDiscordId(problems, "announcementChannelId", input.announcementChannelId);
    problems.throwIfAny();
    return new CommunityRepository(this.db).upsert({
      guildId: input.guildId,
      name: input.name.trim(),
      timeZone,
      organiserRoleId: input.organiserRoleId ?? null,
      announcementChannelId: input.announcementChannelId ?? null,
    });
  }

  async get(guildId: string): Promise<CommunityRecord> {
    const community = await new CommunityRepository(this.db).get(guildId);
    if (!community) throw new NotFoundError("community", guildId);
    return community;
  }
}
