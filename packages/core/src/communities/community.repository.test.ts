import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { testSnowflake } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { type CommunityRecord, CommunityRepository } from "./community.repository.ts";

// The repository's writes on their own: a refresh keeps the settings, a settings patch changes exactly
// the fields it names in its own community, and a list holds the communities asked for, by name.

let handle: DatabaseHandle;
let repo: CommunityRepository;

beforeAll(async () => {
  handle = await createTestDatabase();
  repo = new CommunityRepository(handle.db);
});
afterAll(() => handle.close());

const community = (name: string): CommunityRecord => ({
  guildId: testSnowflake(),
  name,
  timeZone: "Asia/Singapore",
  organiserRoleId: testSnowflake(),
  announcementChannelId: testSnowflake(),
  organiserChannelId: null,
  settings: { reminders: true },
});

async function row(guildId: string) {
  const { rows } = await sql<Record<string, unknown>>`
    select name, time_zone, organiser_role_id, announcement_channel_id, organiser_channel_id, settings
    from communities where guild_id = ${guildId}`.execute(handle.db);
  return rows[0];
}
const columns = (c: CommunityRecord) => ({
  name: c.name,
  time_zone: c.timeZone,
  organiser_role_id: c.organiserRoleId,
  announcement_channel_id: c.announcementChannelId,
  organiser_channel_id: c.organiserChannelId ?? null,
  settings: c.settings,
});

describe(`the communities repository (${testDatabaseKind()})`, () => {
  it("refreshes a known community's name, time zone, role and channel, and keeps its settings", async () => {
    const first = community("First");
    expect(await repo.upsert(first)).toEqual(first);
    const refreshed = {
      ...first,
      name: "First, renamed",
      timeZone: "Europe/London",
      organiserRoleId: null,
      announcementChannelId: testSnowflake(),
      settings: { reminders: false },
    };
    expect(await repo.upsert(refreshed)).toEqual({ ...refreshed, settings: { reminders: true } });
    expect(await row(first.guildId)).toEqual(columns({ ...refreshed, settings: { reminders: true } }));
    const plain = { ...community("Plain"), settings: undefined };
    expect(await repo.upsert(plain)).toEqual({ ...plain, settings: {} });
  });

  it("changes exactly the setting a patch names, one at a time, in its own community only", async () => {
    const other = community("Other");
    await repo.upsert(other);
    const channel = testSnowflake();
    const patches = [
      [{ timeZone: "Europe/Paris" }, { time_zone: "Europe/Paris" }],
      [{ organiserRoleId: null }, { organiser_role_id: null }],
      [{ announcementChannelId: channel }, { announcement_channel_id: channel }],
      [{ organiserChannelId: channel }, { organiser_channel_id: channel }],
    ] as const;
    for (const [patch, changed] of patches) {
      const one = community("Patched");
      await repo.upsert(one);
      expect(await repo.updateSettings(one.guildId, patch)).toEqual({ ...one, ...patch });
      expect(await row(one.guildId)).toEqual({ ...columns(one), ...changed });
    }
    expect(await row(other.guildId)).toEqual(columns(other));
    expect(await repo.updateSettings(testSnowflake(), { timeZone: "UTC" })).toBeUndefined();
  });

  it("lists the communities asked for, by name then id, and nothing for no ids", async () => {
    const [zeta, alpha, alphaToo, left] = [
      community("Zeta"),
      community("Alpha"),
      community("Alpha"),
      community("Left"),
    ];
    for (const c of [zeta, alpha, alphaToo, left]) await repo.upsert(c);
    const alphas = [alpha, alphaToo].sort((x, y) => (BigInt(x.guildId) < BigInt(y.guildId) ? -1 : 1));
    const listed = await repo.listByIds([zeta.guildId, alphaToo.guildId, alpha.guildId, testSnowflake()]);
    expect(listed).toEqual([...alphas, zeta]);
    expect(await repo.listByIds([])).toEqual([]);
    expect(await repo.get(left.guildId)).toEqual(left);
    expect(await repo.get(testSnowflake())).toBeUndefined();
  });
});
