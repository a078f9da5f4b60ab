import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { ProblemList, ValidationError } from "../errors.ts";
import { testSnowflake } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { CommunityService } from "./community.service.ts";
import { CommunityDirectoryService, checkAgainstDirectory } from "./community-directory.service.ts";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const actor = { userId: testSnowflake() };
const entry = (name: string) => ({ id: testSnowflake(), name });

async function twoCommunities() {
  const communities = new CommunityService(handle.db);
  const [a, b] = [testSnowflake(), testSnowflake()];
  await communities.ensureGuild(a, "A");
  await communities.ensureGuild(b, "B");
  return { communities, directories: new CommunityDirectoryService(handle.db), a, b };
}

const problemsOf = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).problems;
};

describe(`what the bot saw of a guild (${testDatabaseKind()})`, () => {
  it("is kept per guild and replaced whole; nothing of one guild shows in another", async () => {
    const { directories, a, b } = await twoCommunities();
    expect(await directories.get(a)).toBeUndefined();
    const [organisers, general] = [entry("Organisers"), entry("general")];
    await directories.record(
      a,
      { roles: [organisers], channels: [general] },
      new Date("2026-12-01T10:00:00Z"),
    );
    await directories.record(b, { roles: [entry("Mods")], channels: [] }, new Date("2026-12-01T10:00:00Z"));
    expect(await directories.get(a)).toEqual({
      roles: [organisers],
      channels: [general],
      seenAt: new Date("2026-12-01T10:00:00Z"),
    });
    const renamed = { ...organisers, name: "Program team" };
    await directories.record(a, { roles: [renamed], channels: [] }, new Date("2026-12-01T11:00:00Z"));
    expect(await directories.get(a)).toEqual({
      roles: [renamed],
      channels: [],
      seenAt: new Date("2026-12-01T11:00:00Z"),
    });
    expect((await directories.get(b))?.roles.map((r) => r.name)).toEqual(["Mods"]);
  });

  it("keeps Discord's limits: 250 roles, 500 channels, names of 100 characters, ids only", async () => {
    const { directories, a } = await twoCommunities();
    const roles = Array.from({ length: 260 }, (_, i) => entry(`role ${i}`));
    const channels = [
      ...Array.from({ length: 510 }, (_, i) => entry(`channel ${i}`)),
      { id: "not-an-id", name: "x" },
    ];
    await directories.record(a, { roles: [entry("r".repeat(150)), ...roles], channels }, new Date());
    const seen = await directories.get(a);
    expect(seen?.roles).toHaveLength(250);
    expect(seen?.roles[0]?.name).toBe("r".repeat(100));
    expect(seen?.channels).toHaveLength(500);
    expect(seen?.channels.map((c) => c.id)).not.toContain("not-an-id");
  });

  it("refuses a setting that names a role or channel the guild does not have, once the bot has seen it", async () => {
    const { communities, directories, a, b } = await twoCommunities();
    const unseen = testSnowflake();
    // Not seen yet: a well-formed id is taken on trust.
    await communities.updateSettings(a, { organiserRoleId: unseen }, actor);
    const [role, channel, otherRole, otherChannel] = [
      entry("Organisers"),
      entry("announcements"),
      entry("B"),
      entry("b"),
    ];
    await directories.record(a, { roles: [role], channels: [channel] }, new Date());
    await directories.record(b, { roles: [otherRole], channels: [otherChannel] }, new Date());
    // Another guild's role and channel are not this guild's.
    const problems = await problemsOf(
      communities.updateSettings(
        a,
        {
          organiserRoleId: otherRole.id,
          announcementChannelId: otherChannel.id,
          organiserChannelId: role.id,
        },
        actor,
      ),
    );
    expect(problems.map((p) => p.field).sort()).toEqual([
      "announcementChannelId",
      "organiserChannelId",
      "organiserRoleId",
    ]);
    expect(problems.find((p) => p.field === "organiserRoleId")?.message).toMatch(/not a role of this server/);
    expect((await communities.get(a)).organiserRoleId).toBe(unseen); // nothing half-written
    const saved = await communities.updateSettings(
      a,
      { organiserRoleId: role.id, announcementChannelId: channel.id, organiserChannelId: null },
      actor,
    );
    expect(saved).toMatchObject({ organiserRoleId: role.id, announcementChannelId: channel.id });
  });
});

describe(`what is kept of what the bot saw (${testDatabaseKind()})`, () => {
  it("keeps the first roles and channels up to the limits, in order, each as its id and name", async () => {
    const { directories, a } = await twoCommunities();
    const roles = Array.from({ length: 251 }, (_, i) => ({ ...entry(`role ${i}`), position: i }));
    const channels = Array.from({ length: 501 }, (_, i) => entry(`channel ${i}`));
    await directories.record(a, { roles, channels }, new Date());
    const seen = await directories.get(a);
    expect(seen?.roles).toEqual(roles.slice(0, 250).map(({ id, name }) => ({ id, name })));
    expect(seen?.channels).toEqual(channels.slice(0, 500));
  });

  it("keeps ids of 15 to 21 digits and names of up to 100 characters", async () => {
    const { directories, a } = await twoCommunities();
    const ids = [
      "1".repeat(14),
      "1".repeat(15),
      "2".repeat(21),
      "3".repeat(22),
      `x${"4".repeat(17)}`,
      `${"5".repeat(17)}x`,
    ];
    await directories.record(
      a,
      {
        roles: ids.map((id) => ({ id, name: "n".repeat(100) })),
        channels: [{ id: "6".repeat(18), name: "c".repeat(101) }],
      },
      new Date(),
    );
    expect(await directories.get(a)).toMatchObject({
      roles: [
        { id: "1".repeat(15), name: "n".repeat(100) },
        { id: "2".repeat(21), name: "n".repeat(100) },
      ],
      channels: [{ id: "6".repeat(18), name: "c".repeat(100) }],
    });
  });
});

describe("checking settings against what the bot saw", () => {
  const role = entry("Organisers");
  const channel = entry("general");
  // Two of each: a setting is checked against any of them, not all.
  const directory = {
    roles: [entry("Mods"), role],
    channels: [channel, entry("random")],
    seenAt: new Date(),
  };
  const check = (
    roles: Record<string, string | null | undefined>,
    channels: Record<string, string | null | undefined>,
    seen = directory,
  ) => {
    const problems = new ProblemList();
    checkAgainstDirectory(problems, seen, { roles, channels });
    return problems.problems;
  };

  it("names each role or channel the guild does not have, with the reason", () => {
    expect(check({ mentorRoleId: role.id }, { organiserChannelId: channel.id })).toEqual([]);
    expect(
      check(
        { organiserRoleId: channel.id, mentorRoleId: role.id },
        { announcementChannelId: role.id, organiserChannelId: channel.id },
      ),
    ).toEqual([
      {
        field: "organiserRoleId",
        message: "is not a role of this server that members can hold (as the bot last saw it)",
      },
      {
        field: "announcementChannelId",
        message: "is not a text channel of this server (as the bot last saw it)",
      },
    ]);
  });

  it("passes settings left empty, and everything before the bot has seen the guild", () => {
    expect(
      check(
        { organiserRoleId: null, mentorRoleId: undefined },
        { announcementChannelId: null, organiserChannelId: undefined },
      ),
    ).toEqual([]);
    const problems = new ProblemList();
    checkAgainstDirectory(problems, undefined, {
      roles: { organiserRoleId: "1".repeat(18) },
      channels: { a: "2".repeat(18) },
    });
    expect(problems.problems).toEqual([]);
  });
});
