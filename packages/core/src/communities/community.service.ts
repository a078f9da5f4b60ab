import { AuditRepository } from "../audit/audit.repository.ts";
import type { Actor } from "../cohorts/cohort.service.ts";
import type { Database } from "../db/database.ts";
import { NotFoundError, ProblemList } from "../errors.ts";
import { checkDiscordId, checkText, checkTimeZone } from "../validation.ts";
import { type CommunityRecord, CommunityRepository } from "./community.repository.ts";
import { CommunityDirectoryService, checkAgainstDirectory } from "./community-directory.service.ts";

export interface CommunitySettingsInput {
  timeZone?: string;
  /** null clears it. */
  organiserRoleId?: string | null;
  announcementChannelId?: string | null;
  /** The organisers' private channel (reports, mentor withdrawals); null clears it. */
  organiserChannelId?: string | null;
}

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

  /** The bot joined (or reconnected to) a guild: it is a community from now on; its settings are kept. */
  async ensureGuild(guildId: string, guildName: string): Promise<CommunityRecord> {
    const problems = new ProblemList();
    checkDiscordId(problems, "guildId", guildId);
    problems.throwIfAny();
    // Discord allows 2-100 characters; clip defensively rather than refuse a guild we are in.
    const name = guildName.trim().slice(0, 100) || guildId;
    return new CommunityRepository(this.db).insertOrRename(guildId, name);
  }

  async get(guildId: string): Promise<CommunityRecord> {
    const community = await new CommunityRepository(this.db).get(guildId);
    if (!community) throw new NotFoundError("community", guildId);
    return community;
  }

  /** The communities among `guildIds` (those a person organises), by name. */
  listByIds(guildIds: readonly string[]): Promise<CommunityRecord[]> {
    return new CommunityRepository(this.db).listByIds(guildIds);
  }

  /** Organisers change the organiser role, the announcement channel or the time zone. */
  async updateSettings(guildId: string, input: CommunitySettingsInput, actor: Actor) {
    const problems = new ProblemList();
    if (input.timeZone !== undefined) checkTimeZone(problems, "timeZone", input.timeZone);
    if (input.organiserRoleId != null) checkDiscordId(problems, "organiserRoleId", input.organiserRoleId);
    if (input.announcementChannelId != null)
      checkDiscordId(problems, "announcementChannelId", input.announcementChannelId);
    if (input.organiserChannelId != null)
      checkDiscordId(problems, "organiserChannelId", input.organiserChannelId);
    problems.throwIfAny();
    checkAgainstDirectory(problems, await new CommunityDirectoryService(this.db).get(guildId), {
      roles: { organiserRoleId: input.organiserRoleId },
      channels: {
        announcementChannelId: input.announcementChannelId,
        organiserChannelId: input.organiserChannelId,
      },
    });
    problems.throwIfAny();
    return this.db.transaction().execute(async (trx) => {
      const updated = await new CommunityRepository(trx).updateSettings(guildId, input);
      if (!updated) throw new NotFoundError("community", guildId);
      await new AuditRepository(trx).record({
        guildId,
        actorUserId: actor.userId,
        action: "community.settings_changed",
        entityType: "community",
        entityId: guildId,
        details: { ...input },
      });
      return updated;
    });
  }
}
