import { createHash } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import * as migration from "../db/migrations/2026-12-01-0030-deliveries.ts";
import { createTestCommunity, testSnowflake, twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { DeliveryRepository } from "./delivery.repository.ts";

let handle: DatabaseHandle;
let guildId: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  ({ guildId } = await createTestCommunity(handle.db));
});
afterAll(() => handle?.close());

describe(`once-only deliveries (${testDatabaseKind()})`, () => {
  it("claims a key once: the second claim is not fresh and sees the state and the first target", async () => {
    const repo = new DeliveryRepository(handle.db);
    const channel = testSnowflake();
    const first = await repo.claim("post:1", guildId, { channelId: channel }, "n1");
    expect(first).toMatchObject({ fresh: true, state: "claimed", channelId: channel, userId: null });
    const again = await repo.claim("post:1", guildId, { channelId: testSnowflake() }, "n1");
    expect(again).toMatchObject({ fresh: false, state: "claimed", channelId: channel });
    await repo.markSent("post:1", { via: "channel", messageId: "200000000000000001" });
    expect(await repo.claim("post:1", guildId, { channelId: channel }, "n1")).toMatchObject({
      fresh: false,
      state: "sent",
      messageId: "200000000000000001",
    });
  });

  it("records a DM's fallback channel, a failed DM, and forgets an erased member's DMs only", async () => {
    const repo = new DeliveryRepository(handle.db);
    const [ana, bo, fallback] = [testSnowflake(), testSnowflake(), testSnowflake()];
    await repo.claim("dm:ana", guildId, { userId: ana }, "n2");
    await repo.markSent("dm:ana", { via: "fallback", channelId: fallback });
    await repo.claim("dm:bo", guildId, { userId: bo }, "n3");
    await repo.markFailed("dm:bo");
    const rows = await repo.list(guildId);
    expect(rows.find((d) => d.key === "dm:ana")).toMatchObject({
      state: "sent",
      via: "fallback",
      channelId: fallback,
    });
    expect(rows.find((d) => d.key === "dm:bo")).toMatchObject({ state: "failed", via: null, userId: bo });
    expect(await repo.claimed(["dm:ana", "dm:bo", "dm:none"])).toEqual(new Set(["dm:ana", "dm:bo"]));
    await repo.deleteForMember(guildId, ana);
    expect((await repo.list(guildId)).map((d) => d.key).sort()).toEqual(["dm:bo", "post:1"]);
  });

  it("the 0030 migration moves the notice and direct tables' rows into one, markers kept, and back", async () => {
    const db = handle.db as never as Parameters<typeof migration.up>[0];
    await sql`delete from deliveries`.execute(db);
    await migration.down(db);
    const [channel, ana, bo, fallback] = [testSnowflake(), testSnowflake(), testSnowflake(), testSnowflake()];
    await sql`
      insert into notice_deliveries (key, guild_id, channel_id, marker, state, message_id, sent_at) values
        ('announce:a', ${guildId}, ${channel}, 'nabc', 'sent', '300000000000000001', now()),
        ('remind:b', ${guildId}, ${channel}, 'ndef', 'sending', null, null)
    `.execute(db);
    await sql`
      insert into direct_deliveries (key, guild_id, user_id, state, via, channel_id, sent_at) values
        ('seat-offer:1', ${guildId}, ${ana}, 'sent', 'dm', null, now()),
        ('checkin-nudge:2', ${guildId}, ${bo}, 'sent', 'fallback', ${fallback}, now()),
        ('seat-offer:3', ${guildId}, ${ana}, 'claimed', null, null, null),
        ('seat-offer:4', ${guildId}, ${bo}, 'failed', null, null, null)
    `.execute(db);
    await migration.up(db);
    // A DM claimed before the migration is found after it by the mark its message carries.
    const ref = (key: string) => `ref ${createHash("sha256").update(key).digest("hex").slice(0, 12)}`;
    const rows = new Map((await new DeliveryRepository(handle.db).list(guildId)).map((d) => [d.key, d]));
    expect(Object.fromEntries(rows)).toEqual({
      "announce:a": expect.objectContaining({
        state: "sent",
        via: "channel",
        channelId: channel,
        marker: "nabc",
        messageId: "300000000000000001",
        userId: null,
      }),
      "remind:b": expect.objectContaining({
        state: "claimed",
        via: null,
        channelId: channel,
        marker: "ndef",
      }),
      "seat-offer:1": expect.objectContaining({
        state: "sent",
        via: "dm",
        userId: ana,
        channelId: null,
        marker: ref("seat-offer:1"),
      }),
      "checkin-nudge:2": expect.objectContaining({
        state: "sent",
        via: "fallback",
        userId: bo,
        channelId: fallback,
        marker: ref("checkin-nudge:2"),
      }),
      "seat-offer:3": expect.objectContaining({ state: "claimed", userId: ana, marker: ref("seat-offer:3") }),
      "seat-offer:4": expect.objectContaining({ state: "failed", userId: bo }),
    });
    const old = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_name in ('notice_deliveries', 'direct_deliveries')`.execute(db);
    expect(old.rows).toEqual([]);
    // And back: each row to its own table.
    await migration.down(db);
    const notices = await sql<{
      key: string;
      state: string;
    }>`select key, state from notice_deliveries order by key`.execute(db);
    expect(notices.rows).toEqual([
      { key: "announce:a", state: "sent" },
      { key: "remind:b", state: "sending" },
    ]);
    const direct = await sql<{ key: string }>`select key from direct_deliveries order by key`.execute(db);
    expect(direct.rows.map((r) => r.key)).toEqual([
      "checkin-nudge:2",
      "seat-offer:1",
      "seat-offer:3",
      "seat-offer:4",
    ]);
    await migration.up(db);
  });
});

describe(`deliveries of two communities (${testDatabaseKind()})`, () => {
  /** Two communities, a channel and two members, and a repository. */
  async function world() {
    const { guildId: ours, otherGuildId: theirs } = await twoCommunities(handle.db);
    const [channel, ana, bo] = [testSnowflake(), testSnowflake(), testSnowflake()];
    return { repo: new DeliveryRepository(handle.db), ours, theirs, channel, ana, bo };
  }

  it("claims a post or a DM with its target and marker; a claim elsewhere of the same key is no claim", async () => {
    const { repo, ours, theirs, channel, ana } = await world();
    const post = `post:${channel}`;
    expect(await repo.claim(post, ours, { channelId: channel }, "npost")).toEqual({
      key: post,
      fresh: true,
      state: "claimed",
      userId: null,
      channelId: channel,
      marker: "npost",
      via: null,
      messageId: null,
    });
    const dm = `dm:${ana}`;
    expect(await repo.claim(dm, ours, { userId: ana }, "ndm")).toEqual({
      key: dm,
      fresh: true,
      state: "claimed",
      userId: ana,
      channelId: null,
      marker: "ndm",
      via: null,
      messageId: null,
    });
    expect(await repo.claim(post, theirs, { channelId: testSnowflake() }, "other")).toMatchObject({
      fresh: false,
      channelId: channel,
      marker: "npost",
    });
    expect(await repo.list(theirs)).toEqual([]);
    expect(await repo.claimed([])).toEqual(new Set());
  });

  it("marks a DM sent without a channel, a fallback with its channel, and a post with its message", async () => {
    const { repo, ours, channel, ana, bo } = await world();
    const fallback = testSnowflake();
    await repo.claim(`dm:${ana}`, ours, { userId: ana }, "n1");
    await repo.markSent(`dm:${ana}`, { via: "dm", channelId: fallback, messageId: "200000000000000011" });
    await repo.claim(`dm:${bo}`, ours, { userId: bo }, "n2");
    await repo.markSent(`dm:${bo}`, { via: "fallback" });
    await repo.claim(`post:${channel}`, ours, { channelId: channel }, "n3");
    await repo.markSent(`post:${channel}`, { via: "channel", channelId: fallback });
    const byKey = Object.fromEntries((await repo.list(ours)).map((d) => [d.key, d]));
    expect(byKey[`dm:${ana}`]).toMatchObject({
      state: "sent",
      via: "dm",
      channelId: null,
      messageId: "200000000000000011",
    });
    expect(byKey[`dm:${bo}`]).toMatchObject({
      state: "sent",
      via: "fallback",
      channelId: null,
      messageId: null,
    });
    expect(byKey[`post:${channel}`]).toMatchObject({
      state: "sent",
      via: "channel",
      channelId: channel,
      messageId: null,
    });
    const failed = `dm:${bo}:again`;
    await repo.claim(failed, ours, { userId: bo }, "n4");
    await repo.markFailed(failed);
    expect((await repo.list(ours)).map((d) => [d.key, d.state, d.fresh])).toEqual([
      [`dm:${ana}`, "sent", false],
      [`dm:${bo}`, "sent", false],
      [`post:${channel}`, "sent", false],
      [failed, "failed", false],
    ]);
  });

  it("lists a community's deliveries in the order claimed, then by key", async () => {
    const { repo, ours, channel } = await world();
    for (const key of ["k:b", "k:a", "k:c"])
      await repo.claim(`${key}:${channel}`, ours, { channelId: channel }, key);
    const at = new Date("2030-01-01T00:00:00Z");
    await handle.db
      .updateTable("deliveries")
      .set({ claimed_at: sql`${at.toISOString()}::timestamptz` })
      .where("key", "in", [`k:b:${channel}`, `k:a:${channel}`])
      .execute();
    await handle.db
      .updateTable("deliveries")
      .set({ claimed_at: sql`${new Date(at.getTime() - 1000).toISOString()}::timestamptz` })
      .where("key", "=", `k:c:${channel}`)
      .execute();
    expect((await repo.list(ours)).map((d) => d.marker)).toEqual(["k:c", "k:a", "k:b"]);
  });

  it("forgets an erased member's DMs in their community only", async () => {
    const { repo, ours, theirs, ana, bo } = await world();
    await repo.claim(`dm:${ana}:ours`, ours, { userId: ana }, "n");
    await repo.claim(`dm:${bo}:ours`, ours, { userId: bo }, "n");
    await repo.claim(`dm:${ana}:theirs`, theirs, { userId: ana }, "n");
    await repo.deleteForMember(ours, ana);
    expect((await repo.list(ours)).map((d) => d.key)).toEqual([`dm:${bo}:ours`]);
    expect((await repo.list(theirs)).map((d) => d.key)).toEqual([`dm:${ana}:theirs`]);
  });
});
