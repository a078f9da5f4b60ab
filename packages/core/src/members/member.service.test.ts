import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { ValidationError } from "../errors.ts";
import { createTestCommunity, testSnowflake } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { MemberRepository } from "./member.repository.ts";
import { MemberService } from "./member.service.ts";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe(`members of two communities (${testDatabaseKind()})`, () => {
  it("is a member only of the communities the user was seen in", async () => {
    const a = await createTestCommunity(handle.db);
    const b = await createTestCommunity(handle.db);
    const user = testSnowflake();
    const members = new MemberService(handle.db);
    const repository = new MemberRepository(handle.db);

    await members.ensureInCommunity(a.guildId, { userId: user, displayName: " Ana " });
    expect(await repository.isInCommunity(a.guildId, user)).toBe(true);
    expect(await repository.isInCommunity(b.guildId, user)).toBe(false);

    await members.ensureInCommunity(b.guildId, { userId: user, displayName: "Ana L.", avatar: "a1b2" });
    expect(await repository.isInCommunity(b.guildId, user)).toBe(true);
    const rows = await handle.db
      .selectFrom("community_members")
      .select("guild_id")
      .where("user_id", "=", user)
      .orderBy("guild_id")
      .execute();
    expect(rows.map((r) => r.guild_id)).toEqual([a.guildId, b.guildId].sort());
    // One Discord user, one profile: the latest name wins.
    const profile = await handle.db
      .selectFrom("members")
      .select(["display_name", "avatar"])
      .where("user_id", "=", user)
      .executeTakeFirstOrThrow();
    expect(profile).toEqual({ display_name: "Ana L.", avatar: "a1b2" });
  });

  it("refuses a malformed id or an empty name and records nothing", async () => {
    const a = await createTestCommunity(handle.db);
    const error = await new MemberService(handle.db)
      .ensureInCommunity(a.guildId, { userId: "nope", displayName: " " })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field).sort()).toEqual(["displayName", "userId"]);
    expect(await new MemberRepository(handle.db).isInCommunity(a.guildId, "nope")).toBe(false);
  });
});
