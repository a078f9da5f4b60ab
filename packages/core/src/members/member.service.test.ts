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

  it("refuses an avatar hash over 200 characters and takes one of 200", async () => {
    const a = await createTestCommunity(handle.db);
    const members = new MemberService(handle.db);
    const userId = testSnowflake();
    const error = await members
      .ensureInCommunity(a.guildId, { userId, displayName: "Ana", avatar: "a".repeat(201) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field)).toEqual(["avatar"]);
    await members.ensureInCommunity(a.guildId, { userId, displayName: "Ana", avatar: "a".repeat(200) });
    expect(await new MemberRepository(handle.db).isInCommunity(a.guildId, userId)).toBe(true);
  });

  it("names a malformed guild id, takes a display name of 100 characters but not 101, and stores it trimmed", async () => {
    const a = await createTestCommunity(handle.db);
    const members = new MemberService(handle.db);
    const userId = testSnowflake();
    const badGuild = await members
      .ensureInCommunity("not-a-guild", { userId, displayName: "Ana" })
      .catch((e: unknown) => e);
    expect(badGuild).toBeInstanceOf(ValidationError);
    expect((badGuild as ValidationError).problems.map((p) => p.field)).toEqual(["guildId"]);
    const long = await members
      .ensureInCommunity(a.guildId, { userId, displayName: "n".repeat(101) })
      .catch((e: unknown) => e);
    expect(long).toBeInstanceOf(ValidationError);
    expect((long as ValidationError).problems.map((p) => p.field)).toEqual(["displayName"]);
    expect(await new MemberRepository(handle.db).isInCommunity(a.guildId, userId)).toBe(false);
    await members.ensureInCommunity(a.guildId, { userId, displayName: ` ${"n".repeat(100)} ` });
    const profile = await handle.db
      .selectFrom("members")
      .select("display_name")
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow();
    expect(profile.display_name).toBe("n".repeat(100));
  });
});

describe(`member search and names (${testDatabaseKind()})`, () => {
  it("finds members of one community by any part of the name or the start of the id, by name", async () => {
    const a = await createTestCommunity(handle.db);
    const b = await createTestCommunity(handle.db);
    const members = new MemberService(handle.db);
    const [ana, ben, carla, other] = [testSnowflake(), testSnowflake(), testSnowflake(), testSnowflake()];
    await members.ensureInCommunity(a.guildId, { userId: ben, displayName: "Ben Tan", avatar: "b1" });
    await members.ensureInCommunity(a.guildId, { userId: ana, displayName: "Ana Lim" });
    await members.ensureInCommunity(a.guildId, { userId: carla, displayName: "Carla 100%" });
    await members.ensureInCommunity(b.guildId, { userId: other, displayName: "Ana Other" });

    const found = await members.search(a.guildId, " an ");
    expect(found.map((m) => m.displayName)).toEqual(["Ana Lim", "Ben Tan"]);
    expect(found[1]).toMatchObject({ userId: ben, displayName: "Ben Tan", avatar: "b1" });
    expect(found[1]?.joinedAt).toBeTruthy();
    expect((await members.search(a.guildId, "")).map((m) => m.userId)).toEqual([ana, ben, carla]);
    expect((await members.search(a.guildId, "", 2)).map((m) => m.userId)).toEqual([ana, ben]);
    expect((await members.search(a.guildId, ben)).map((m) => m.userId)).toEqual([ben]);
    // The id matches from its start only; `%` is a character, not a wildcard.
    expect(await members.search(a.guildId, ben.slice(3))).toEqual([]);
    expect((await members.search(a.guildId, "0%")).map((m) => m.userId)).toEqual([carla]);
    expect((await members.search(b.guildId, "ana")).map((m) => m.userId)).toEqual([other]);
  });

  it("orders members of the same name by id", async () => {
    const a = await createTestCommunity(handle.db);
    const members = new MemberService(handle.db);
    const [first, second] = [testSnowflake(), testSnowflake()];
    await members.ensureInCommunity(a.guildId, { userId: second, displayName: "Sam" });
    await members.ensureInCommunity(a.guildId, { userId: first, displayName: "Sam" });
    expect((await members.search(a.guildId, "sam")).map((m) => m.userId)).toEqual([first, second]);
  });

  it("names the known users once each and leaves the unknown out", async () => {
    const a = await createTestCommunity(handle.db);
    const members = new MemberService(handle.db);
    const [ana, ben] = [testSnowflake(), testSnowflake()];
    await members.ensureInCommunity(a.guildId, { userId: ana, displayName: "Ana" });
    await members.ensureInCommunity(a.guildId, { userId: ben, displayName: "Ben" });
    expect(await members.names([])).toEqual(new Map());
    expect(await members.names([ana, ana, testSnowflake()])).toEqual(new Map([[ana, "Ana"]]));
    expect(await members.names([ben, ana])).toEqual(
      new Map([
        [ben, "Ben"],
        [ana, "Ana"],
      ]),
    );
  });
});

describe(`members named by an import (${testDatabaseKind()})`, () => {
  it("adds an unknown user with a placeholder name, to that community only", async () => {
    const a = await createTestCommunity(handle.db);
    const b = await createTestCommunity(handle.db);
    const repository = new MemberRepository(handle.db);
    const user = testSnowflake();
    await repository.ensureImported(a.guildId, user, null);
    await repository.ensureImported(a.guildId, user, null);
    expect(await repository.names([user])).toEqual(new Map([[user, `Member …${user.slice(-4)}`]]));
    expect(await repository.isInCommunity(a.guildId, user)).toBe(true);
    expect(await repository.isInCommunity(b.guildId, user)).toBe(false);
    const rows = await handle.db
      .selectFrom("community_members")
      .select("guild_id")
      .where("user_id", "=", user)
      .execute();
    expect(rows).toEqual([{ guild_id: a.guildId }]);
  });

  it("keeps a known member's name unless the file gives one", async () => {
    const a = await createTestCommunity(handle.db);
    const b = await createTestCommunity(handle.db);
    const repository = new MemberRepository(handle.db);
    const user = testSnowflake();
    await new MemberService(handle.db).ensureInCommunity(a.guildId, { userId: user, displayName: "Ana" });
    await repository.ensureImported(b.guildId, user, null);
    expect(await repository.names([user])).toEqual(new Map([[user, "Ana"]]));
    expect(await repository.isInCommunity(b.guildId, user)).toBe(true);
    await repository.ensureImported(b.guildId, user, "Ana Lim");
    expect(await repository.names([user])).toEqual(new Map([[user, "Ana Lim"]]));
  });
});
