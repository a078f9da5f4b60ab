import { CommunityDirectoryService } from "@circles/core";
import { ChannelType } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.ts";

// The roles and channels the dashboard's settings offer come from what the bot saw of the guild.
describe("the guild's roles and channels in the database", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  const seen = () => new CommunityDirectoryService(h.database.db).get(h.demo.guildId);
  const names = async () => {
    const directory = await seen();
    return { roles: directory?.roles.map((r) => r.name), channels: directory?.channels.map((c) => c.name) };
  };

  it("holds the guild's assignable roles, highest first, and its text channels, once the bot has met it", async () => {
    const guild = h.bot.client.guilds.cache.get(h.demo.guildId)!;
    const directory = await seen();
    const roleIds = directory?.roles.map((r) => r.id) ?? [];
    // Every role of the demo community but @everyone and the bot's own (managed) role.
    const botRole = guild.roles.cache.find((r) => r.managed);
    expect(botRole).toBeTruthy();
    const everyone = guild.id;
    expect(Object.values(h.demo.roles)).toEqual(expect.arrayContaining([everyone, botRole?.id]));
    expect(new Set(roleIds)).toEqual(
      new Set(Object.values(h.demo.roles).filter((id) => id !== everyone && id !== botRole?.id)),
    );
    const positions = roleIds.map((id) => guild.roles.cache.get(id)?.position ?? -1);
    expect(positions).toEqual([...positions].sort((x, y) => y - x));
    // Text channels only: the demo's voice rooms and its category are not offered for announcements.
    const channelIds = directory?.channels.map((c) => c.id) ?? [];
    const ofType = (type: ChannelType) =>
      guild.channels.cache.filter((c) => c.type === type).map((c) => c.id);
    expect(ofType(ChannelType.GuildVoice).length).toBeGreaterThan(0);
    expect(ofType(ChannelType.GuildCategory).length).toBeGreaterThan(0);
    expect(new Set(channelIds)).toEqual(new Set(ofType(ChannelType.GuildText)));
  });

  it("follows each role and channel made, renamed and deleted on Discord", async () => {
    const guild = h.bot.client.guilds.cache.get(h.demo.guildId)!;
    // One change at a time, each awaited on its own: each kind of event must be heard by itself.
    const has = async (kind: "roles" | "channels", name: string) =>
      ((await names())[kind] ?? []).includes(name);
    const role = await guild.roles.create({ name: "Program team" });
    await expect.poll(() => has("roles", "Program team"), { timeout: 10_000 }).toBe(true);
    await role.setName("Mentoring team");
    await expect.poll(() => has("roles", "Mentoring team"), { timeout: 10_000 }).toBe(true);
    await role.delete();
    await expect.poll(() => has("roles", "Mentoring team"), { timeout: 10_000 }).toBe(false);
    const channel = await guild.channels.create({ name: "program-news", type: ChannelType.GuildText });
    await expect.poll(() => has("channels", "program-news"), { timeout: 10_000 }).toBe(true);
    await channel.setName("mentoring-news");
    await expect.poll(() => has("channels", "mentoring-news"), { timeout: 10_000 }).toBe(true);
    await channel.delete();
    await expect.poll(() => has("channels", "mentoring-news"), { timeout: 10_000 }).toBe(false);
  });
});
