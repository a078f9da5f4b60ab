import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { testSnowflake } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { CommunityService } from "./community.service.ts";

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
