import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { NotFoundError } from "../errors.ts";
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
});
