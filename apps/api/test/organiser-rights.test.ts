import type { CommunityRecord } from "@circles/core";
import { describe, expect, it } from "vitest";
import { DiscordUserApi, type PartialGuild } from "../src/discord/discord-user-api.ts";
import { managesGuild, resolveOrganiserRights } from "../src/discord/organiser-rights.ts";

// Who organises which community, from what Discord says of a person (their guilds with their
// permission bits, their member object where needed). Discord is played by a fetch that answers
// from a table; the rules are ours.

const ADMINISTRATOR = String(1n << 3n);
const MANAGE_GUILD = String(1n << 5n);
const SEND_MESSAGES = String(1n << 11n);
const ROLE = "900000000000000001";

const guild = (id: string, over: Partial<PartialGuild> = {}): PartialGuild => ({
  id,
  name: `Guild ${id}`,
  owner: false,
  permissions: SEND_MESSAGES,
  ...over,
});
const community = (guildId: string, organiserRoleId: string | null = ROLE): CommunityRecord => ({
  guildId,
  name: `Community ${guildId}`,
  timeZone: "UTC",
  organiserRoleId,
  announcementChannelId: null,
  organiserChannelId: null,
  settings: {},
});

function discordSaying(guilds: PartialGuild[], roles: Record<string, string[] | "not a member">) {
  const asked: string[] = [];
  const fetchImpl = (async (input: string | URL) => {
    const path = new URL(String(input)).pathname.replace(/^\/api\/v10/, "");
    asked.push(path);
    if (path === "/users/@me/guilds") return Response.json(guilds);
    const member = path.match(/^\/users\/@me\/guilds\/(\d+)\/member$/);
    const held = member ? roles[member[1]!] : undefined;
    if (held === "not a member") return new Response("{}", { status: 404 });
    if (held) return Response.json({ roles: held });
    return new Response("{}", { status: 500 });
  }) as typeof fetch;
  return { api: new DiscordUserApi("http://discord.test/api", fetchImpl), asked };
}

describe("managing a guild", () => {
  it("is its owner, ADMINISTRATOR or MANAGE_GUILD, each on its own; nothing else", () => {
    expect(managesGuild(guild("1", { owner: true }))).toBe(true);
    expect(managesGuild(guild("1", { permissions: ADMINISTRATOR }))).toBe(true);
    expect(managesGuild(guild("1", { permissions: MANAGE_GUILD }))).toBe(true);
    expect(managesGuild(guild("1", { permissions: String((1n << 3n) | (1n << 11n)) }))).toBe(true);
    expect(managesGuild(guild("1"))).toBe(false);
    expect(managesGuild(guild("1", { permissions: "" }))).toBe(false); // Discord may leave it out
  });
});

describe("organiser rights", () => {
  it("organise a community they manage or whose organiser role they hold, and no other", async () => {
    const guilds = [
      guild("11", { owner: true }),
      guild("12", { permissions: ADMINISTRATOR }),
      guild("13", { permissions: MANAGE_GUILD }),
      guild("14"), // holds the organiser role
      guild("15"), // holds another role
      guild("16"), // left the guild since the list was read
      guild("17"), // a community with no organiser role: managers only
    ];
    const { api, asked } = discordSaying(guilds, {
      "14": ["5", ROLE],
      "15": ["5"],
      "16": "not a member",
    });
    const rights = await resolveOrganiserRights(api, "token", async (ids) =>
      ids.map((id) => community(id, id === "17" ? null : ROLE)),
    );
    expect(rights).toEqual({ organises: ["11", "12", "13", "14"], invitable: [] });
    // Member objects are read only where the role decides: not for managers, not without a role.
    expect(asked.filter((p) => p.endsWith("/member")).sort()).toEqual([
      "/users/@me/guilds/14/member",
      "/users/@me/guilds/15/member",
      "/users/@me/guilds/16/member",
    ]);
  });

  it("offer the bot's invite for guilds they manage where it is not, at most 25", async () => {
    const managed = Array.from({ length: 30 }, (_, i) =>
      guild(String(100 + i), { permissions: MANAGE_GUILD }),
    );
    const { api } = discordSaying([guild("20"), guild("21", { owner: true }), ...managed], {});
    const rights = await resolveOrganiserRights(api, "token", async () => []);
    expect(rights.organises).toEqual([]);
    expect(rights.invitable).toHaveLength(25);
    expect(rights.invitable[0]).toEqual({ id: "21", name: "Guild 21" });
    expect(rights.invitable.map((g) => g.id)).not.toContain("20"); // a guild they only belong to
    expect(rights.invitable.at(-1)?.id).toBe("123");
  });

  it("end in an error when Discord fails on a member object, rather than guess", async () => {
    const { api } = discordSaying([guild("31")], {});
    await expect(
      resolveOrganiserRights(api, "token", async (ids) => ids.map((id) => community(id))),
    ).rejects.toThrow(/Discord answered 500/);
  });
});
