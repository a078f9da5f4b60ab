import { channelPermissions } from "@circles/discord-sim";
import { PermissionFlagsBits as P } from "discord.js";
import { describe, expect, it } from "vitest";
import { categoryOverwrites, channelOverwrites, type Overwrite } from "./plan.ts";

// What each person can do in a group's rooms, worked out from the overwrites the plan writes by the
// simulator's own permission rules (Discord's order: @everyone, then roles, then the member's own):
// the rooms are private to the group, its organisers and the bot, and read-only once a cohort ends.

const GUILD = "100000000000000001";
const BOT = "100000000000000002";
const ORGANISERS = "100000000000000003";
const GROUP = "100000000000000004";
const OTHER_GROUP = "100000000000000005";
/** What @everyone may do server-wide: everything a room needs, or nothing (all from the overwrites). */
const SERVERS = {
  "an open server": P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.Connect | P.Speak,
  "a server where @everyone may do nothing": 0n,
};
const guildWhere = (everyone: bigint) => ({
  id: GUILD,
  ownerId: "100000000000000099",
  roles: new Map(
    [GUILD, ORGANISERS, GROUP, OTHER_GROUP].map((id, position) => [
      id,
      { id, position, permissions: id === GUILD ? String(everyone) : "0" },
    ]),
  ),
});
const people = {
  member: { userId: "200000000000000001", roleIds: [GROUP] },
  outsider: { userId: "200000000000000002", roleIds: [] },
  otherGroup: { userId: "200000000000000003", roleIds: [OTHER_GROUP] },
  organiser: { userId: "200000000000000004", roleIds: [ORGANISERS] },
  bot: { userId: BOT, roleIds: [] },
};
const settings = { guildId: GUILD, botUserId: BOT, organiserRoleId: ORGANISERS, pinWelcome: true };

describe.each(Object.entries(SERVERS))(
  "a group's rooms in %s, as Discord would apply their overwrites",
  (_, everyone) => {
    const guild = guildWhere(everyone);
    const can = (overwrites: Overwrite[], who: keyof typeof people, permission: bigint) => {
      const api = overwrites.map((o) => ({
        id: o.id,
        type: o.type,
        allow: String(o.allow),
        deny: String(o.deny),
      }));
      return (channelPermissions(guild, people[who], api) & permission) === permission;
    };

    it("a live text room: the group and its organisers talk there; nobody else sees it", () => {
      const text = channelOverwrites(settings, "text", GROUP, "live");
      for (const who of ["member", "organiser"] as const) {
        expect(can(text, who, P.ViewChannel | P.SendMessages | P.ReadMessageHistory)).toBe(true);
      }
      for (const who of ["outsider", "otherGroup"] as const)
        expect(can(text, who, P.ViewChannel)).toBe(false);
      expect(can(text, "bot", P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.PinMessages)).toBe(
        true,
      );
    });

    it("a live voice room: the group joins and speaks; nobody else sees it", () => {
      const voice = channelOverwrites(settings, "voice", GROUP, "live");
      for (const who of ["member", "organiser"] as const) {
        expect(can(voice, who, P.ViewChannel | P.Connect | P.Speak)).toBe(true);
      }
      for (const who of ["outsider", "otherGroup"] as const)
        expect(can(voice, who, P.ViewChannel)).toBe(false);
      expect(can(voice, "bot", P.ViewChannel | P.Connect)).toBe(true);
    });

    it("read-only rooms: the group still reads and joins, but no longer writes or speaks", () => {
      const text = channelOverwrites(settings, "text", GROUP, "read-only");
      expect(can(text, "member", P.ViewChannel | P.ReadMessageHistory)).toBe(true);
      expect(can(text, "member", P.SendMessages)).toBe(false);
      const voice = channelOverwrites(settings, "voice", GROUP, "read-only");
      expect(can(voice, "member", P.ViewChannel | P.Connect)).toBe(true);
      expect(can(voice, "member", P.Speak)).toBe(false);
      expect(can(text, "outsider", P.ViewChannel)).toBe(false);
    });

    it("without an organiser role, a holder of that role is no one special; without pinning, the bot may not pin", () => {
      const text = channelOverwrites(
        { ...settings, organiserRoleId: null, pinWelcome: false },
        "text",
        GROUP,
        "live",
      );
      expect(can(text, "organiser", P.ViewChannel)).toBe(false);
      expect(can(text, "member", P.ViewChannel | P.SendMessages)).toBe(true);
      expect(can(text, "bot", P.ViewChannel | P.SendMessages)).toBe(true);
      expect(can(text, "bot", P.PinMessages)).toBe(false);
    });

    it("the cohort's category is seen by its organisers and the bot only (each room lets its group in)", () => {
      const category = categoryOverwrites(settings);
      expect(can(category, "organiser", P.ViewChannel)).toBe(true);
      expect(can(category, "bot", P.ViewChannel)).toBe(true);
      for (const who of ["outsider", "member", "otherGroup"] as const)
        expect(can(category, who, P.ViewChannel)).toBe(false);
      expect(
        can(categoryOverwrites({ ...settings, organiserRoleId: null }), "organiser", P.ViewChannel),
      ).toBe(false);
    });
  },
);

it("writes an overwrite for @everyone, the group, the organisers when there is a role, and the bot: no other", () => {
  const ids = (overwrites: Overwrite[]) => overwrites.map((o) => o.id);
  expect(ids(channelOverwrites(settings, "text", GROUP, "live"))).toEqual([GUILD, GROUP, ORGANISERS, BOT]);
  const noRole = { ...settings, organiserRoleId: null };
  expect(ids(channelOverwrites(noRole, "voice", GROUP, "live"))).toEqual([GUILD, GROUP, BOT]);
  expect(ids(categoryOverwrites(noRole))).toEqual([GUILD, BOT]);
});
