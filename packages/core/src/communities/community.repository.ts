import type { Executor } from "../db/executor.ts";

export interface CommunityRecord {
  guildId: string;
  name: string;
  timeZone: string;
  organiserRoleId: string | null;
  announcementChannelId: string | null;
  /** The organisers' private channel: reports arrived, mentors withdrawn. */
  organiserChannelId?: string | null;
  settings: Record<string, unknown>;
}

export class CommunityRepository {
  constructor(private readonly db: Executor) {}

  async upsert(community: Omit<CommunityRecord, "settings"> & { settings?: Record<string, unknown> }) {
    const row = await this.db
      .insertInto("communities")
      .values({
        guild_id: community.guildId,
        name: community.name,
        time_zone: community.timeZone,
        organiser_role_id: community.organiserRoleId,
        announcement_channel_id: community.announcementChannelId,
        settings: JSON.stringify(community.settings ?? {}),
      })
      .onConflict((oc) =>
        oc.column("guild_id").doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          time_zone: eb.ref("excluded.time_zone"),
          organiser_role_id: eb.ref("excluded.organiser_role_id"),
          announcement_channel_id: eb.ref("excluded.announcement_channel_id"),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** Adds a community with default settings, or only renames it: settings stay as organisers set them. */
  async insertOrRename(guildId: string, name: string): Promise<CommunityRecord> {
    const row = await this.db
      .insertInto("communities")
      .values({ guild_id: guildId, name })
      .onConflict((oc) => oc.column("guild_id").doUpdateSet((eb) => ({ name: eb.ref("excluded.name") })))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async listByIds(guildIds: readonly string[]): Promise<CommunityRecord[]> {
    if (guildIds.length === 0) return [];
    const rows = await this.db
      .selectFrom("communities")
      .selectAll()
      .where("guild_id", "in", [...guildIds])
      .orderBy("name")
      .orderBy("guild_id")
      .execute();
    return rows.map(toRecord);
  }

  async updateSettings(
    guildId: string,
    patch: Partial<
      Pick<CommunityRecord, "timeZone" | "organiserRoleId" | "announcementChannelId" | "organiserChannelId">
    >,
  ): Promise<CommunityRecord | undefined> {
    const row = await this.db
      .updateTable("communities")
      .set({
        ...(patch.timeZone !== undefined && { time_zone: patch.timeZone }),
        ...(patch.organiserRoleId !== undefined && { organiser_role_id: patch.organiserRoleId }),
        ...(patch.announcementChannelId !== undefined && {
          announcement_channel_id: patch.announcementChannelId,
        }),
        ...(patch.organiserChannelId !== undefined && { organiser_channel_id: patch.organiserChannelId }),
      })
      .where("guild_id", "=", guildId)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async get(guildId: string): Promise<CommunityRecord | undefined> {
    const row = await this.db
      .selectFrom("communities")
      .selectAll()
      .where("guild_id", "=", guildId)
      .executeTakeFirst();
    return row && toRecord(row);
  }
}

function toRecord(row: {
  guild_id: string;
  name: string;
  time_zone: string;
  organiser_role_id: string | null;
  announcement_channel_id: string | null;
  organiser_channel_id?: string | null;
  settings: Record<string, unknown>;
}): CommunityRecord {
  return {
    guildId: row.guild_id,
    name: row.name,
    timeZone: row.time_zone,
    organiserRoleId: row.organiser_role_id,
    announcementChannelId: row.announcement_channel_id,
    organiserChannelId: row.organiser_channel_id ?? null,
    settings: row.settings,
  };
}
