import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { testSnowflake } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { CommunityService } from "./community.service.ts";
import { CommunityDirectoryService } from "./community-directory.service.ts";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe(`communities (${testDatabaseKind()})`, () => {
  it("registers two guilds apart, and refreshing one leaves the other as it was", async () => {
    const communities = new CommunityService(handle.db);
    const [a, b] = [testSnowflake(), testSnowflake()];
    await communities.register({ guildId: a, name: "JuniorDev SG", timeZone: "Asia/Singapore" });
    await communities.register({ guildId: b, name: "Women Who Code" });
    await communities.register({ guildId: b, name: " WWCode ", timeZone: "Europe/London" });
    expect(await communities.get(a)).toMatchObject({
      guildId: a,
      name: "JuniorDev SG",
      timeZone: "Asia/Singapore",
    });
    expect(await communities.get(b)).toMatchObject({ guildId: b, name: "WWCode", timeZone: "Europe/London" });
    await expect(communities.get(testSnowflake())).rejects.toBeInstanceOf(NotFoundError);
  });

  it("takes a guild the bot meets as a community, and on meeting it again renames it only", async () => {
    const communities = new CommunityService(handle.db);
    const [a, b] = [testSnowflake(), testSnowflake()];
    const role = testSnowflake();
    const first = await communities.ensureGuild(a, "  JuniorDev SG  ");
    expect(first).toMatchObject({ guildId: a, name: "JuniorDev SG", timeZone: "UTC", organiserRoleId: null });
    await communities.register({
      guildId: a,
      name: "JuniorDev SG",
      timeZone: "Asia/Singapore",
      organiserRoleId: role,
    });
    await communities.ensureGuild(b, "Other");
    expect(await communities.ensureGuild(a, "JuniorDev Singapore")).toMatchObject({
      name: "JuniorDev Singapore",
      timeZone: "Asia/Singapore",
      organiserRoleId: role,
    });
    expect(await communities.get(b)).toMatchObject({ name: "Other", timeZone: "UTC" });
    // A blank name (Discord gives 2-100 characters) stands as the id; a long one is clipped.
    expect((await communities.ensureGuild(b, "   ")).name).toBe(b);
    expect((await communities.ensureGuild(b, "x".repeat(120))).name).toHaveLength(100);
    const refused = communities.ensureGuild("not-an-id", "X");
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ problems: [{ field: "guildId" }] });
  });
});

describe(`community settings (${testDatabaseKind()})`, () => {
  const fieldsOf = async (promise: Promise<unknown>) => {
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems.map((p) => p.field);
  };

  it("refuses a registration with a bad id, name, time zone, role or channel, naming each", async () => {
    const communities = new CommunityService(handle.db);
    expect(
      await fieldsOf(
        communities.register({
          guildId: "guild",
          name: "x".repeat(101),
          timeZone: "Mars/Olympus",
          organiserRoleId: "role",
          announcementChannelId: "channel",
        }),
      ),
    ).toEqual(["guildId", "name", "timeZone", "organiserRoleId", "announcementChannelId"]);
    const guildId = testSnowflake();
    expect(await fieldsOf(communities.register({ guildId, name: "Ok", timeZone: "Nowhere" }))).toEqual([
      "timeZone",
    ]);
    // null clears a role or channel and is not checked as an id.
    expect(
      await communities.register({ guildId, name: "Ok", organiserRoleId: null, announcementChannelId: null }),
    ).toMatchObject({ guildId, timeZone: "UTC", organiserRoleId: null, announcementChannelId: null });
  });

  it("changes settings of its own community only, audits them, and refuses bad values or an unknown guild", async () => {
    const communities = new CommunityService(handle.db);
    const [a, b] = [testSnowflake(), testSnowflake()];
    const role = testSnowflake();
    await communities.register({ guildId: a, name: "A", timeZone: "Asia/Singapore", organiserRoleId: role });
    await communities.register({ guildId: b, name: "B", timeZone: "Asia/Singapore", organiserRoleId: role });
    const organiser = { userId: testSnowflake() };

    expect(
      await fieldsOf(
        communities.updateSettings(
          a,
          { timeZone: "Nowhere", organiserRoleId: "r", announcementChannelId: "c", organiserChannelId: "o" },
          organiser,
        ),
      ),
    ).toEqual(["timeZone", "organiserRoleId", "announcementChannelId", "organiserChannelId"]);
    await expect(
      communities.updateSettings(testSnowflake(), { timeZone: "UTC" }, organiser),
    ).rejects.toBeInstanceOf(NotFoundError);

    const channel = testSnowflake();
    const updated = await communities.updateSettings(
      a,
      { timeZone: "Europe/London", organiserRoleId: null, organiserChannelId: channel },
      organiser,
    );
    expect(updated).toMatchObject({
      guildId: a,
      timeZone: "Europe/London",
      organiserRoleId: null,
      organiserChannelId: channel,
      announcementChannelId: null,
    });
    expect(await communities.get(b)).toMatchObject({ timeZone: "Asia/Singapore", organiserRoleId: role });
    const { rows } = await sql<Record<string, unknown>>`
      select guild_id, actor_user_id, action, entity_type, entity_id, details from audit_log
      where action = 'community.settings_changed' and guild_id in (${a}, ${b})`.execute(handle.db);
    expect(rows).toEqual([
      {
        guild_id: a,
        actor_user_id: organiser.userId,
        action: "community.settings_changed",
        entity_type: "community",
        entity_id: a,
        details: { timeZone: "Europe/London", organiserRoleId: null, organiserChannelId: channel },
      },
    ]);
  });

  it("lists the communities a person organises, by name", async () => {
    const communities = new CommunityService(handle.db);
    const [z, m] = [testSnowflake(), testSnowflake()];
    await communities.register({ guildId: z, name: "Zeta" });
    await communities.register({ guildId: m, name: "Mu" });
    expect((await communities.listByIds([z, m, testSnowflake()])).map((c) => c.name)).toEqual(["Mu", "Zeta"]);
    expect(await communities.listByIds([])).toEqual([]);
  });

  it("says which community it did not find", async () => {
    const communities = new CommunityService(handle.db);
    const unknown = testSnowflake();
    await expect(communities.get(unknown)).rejects.toThrow(`No community ${unknown} here.`);
    await expect(communities.updateSettings(unknown, { timeZone: "UTC" }, { userId: null })).rejects.toThrow(
      `No community ${unknown} here.`,
    );
  });

  it("refuses a role the bot has seen the guild without, and changes nothing", async () => {
    const communities = new CommunityService(handle.db);
    const guildId = testSnowflake();
    await communities.register({ guildId, name: "Seen" });
    await new CommunityDirectoryService(handle.db).record(guildId, { roles: [], channels: [] }, new Date());
    const error = await communities
      .updateSettings(guildId, { organiserRoleId: testSnowflake() }, { userId: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field)).toEqual(["organiserRoleId"]);
    expect((await communities.get(guildId)).organiserRoleId).toBeNull();
  });

  it("registers a guild with its organiser role and announcement channel", async () => {
    const communities = new CommunityService(handle.db);
    const [guildId, roleId, channelId] = [testSnowflake(), testSnowflake(), testSnowflake()];
    await communities.register({
      guildId,
      name: "Set up",
      organiserRoleId: roleId,
      announcementChannelId: channelId,
    });
    expect(await communities.get(guildId)).toMatchObject({
      organiserRoleId: roleId,
      announcementChannelId: channelId,
    });
    const { rows } = await sql<Record<string, unknown>>`
      select organiser_role_id, announcement_channel_id from communities where guild_id = ${guildId}`.execute(
      handle.db,
    );
    expect(rows).toEqual([{ organiser_role_id: roleId, announcement_channel_id: channelId }]);
  });

  it("names a malformed id once, as malformed, even where the bot has seen the guild", async () => {
    const communities = new CommunityService(handle.db);
    const guildId = testSnowflake();
    await communities.register({ guildId, name: "Seen" });
    await new CommunityDirectoryService(handle.db).record(guildId, { roles: [], channels: [] }, new Date());
    const error = await communities
      .updateSettings(guildId, { organiserRoleId: "r", announcementChannelId: "c" }, { userId: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const problems = (error as ValidationError).problems;
    expect(problems.map((p) => p.field)).toEqual(["organiserRoleId", "announcementChannelId"]);
    expect(problems.map((p) => p.message).join(" ")).not.toMatch(/as the bot last saw it/);
  });
});
