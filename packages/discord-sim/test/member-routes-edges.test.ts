// The member routes' edges the permission tests leave open: a guild the bot is not in, the body's
// own validation, role lists that keep what the bot may not touch, voice moves, and requests that
// change nothing (no GUILD_MEMBER_UPDATE for them).
import { ChannelType, PermissionFlagsBits as P, Routes } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import type { StateEvent } from "../src/state/events.ts";
import { codesAt, permissionWorldForFile, refusal } from "./permissions-fixture.ts";

const w = permissionWorldForFile({ permissions: P.ManageRoles | P.ManageNicknames | P.MoveMembers });

/** The GUILD_MEMBER_UPDATE events the state emits while `action` runs. */
async function memberUpdates(action: () => Promise<unknown>): Promise<StateEvent[]> {
  const seen: StateEvent[] = [];
  const off = w.state.events.on((event) => {
    if (event.t === "GUILD_MEMBER_UPDATE") seen.push(event);
  });
  try {
    await action();
  } finally {
    off();
  }
  return seen;
}

const patchMember = (userId: string, body: unknown, guildId = w.guildId) =>
  w.rest.patch(Routes.guildMember(guildId, userId), { body });

describe("a guild the bot is not in", () => {
  it("answers 50001 to an edit and a role change, even one that changes nothing", async () => {
    const owner = w.member();
    const guild = w.state.createGuild({ name: "Elsewhere", ownerId: owner });
    const role = w.state.createRole(guild.id, { name: "theirs" });
    const outsider = w.member();
    expect(await refusal(patchMember(owner, {}, guild.id))).toMatchObject({ status: 403, code: 50001 });
    expect(await refusal(w.rest.put(Routes.guildMemberRole(guild.id, outsider, role.id)))).toMatchObject({
      status: 403,
      code: 50001,
    });
  });
});

describe("member bodies", () => {
  it("refuses role ids that are not snowflakes, naming the item", async () => {
    const target = w.member();
    for (const bad of ["abc", "12a", "a12"]) {
      const refused = await refusal(patchMember(target, { roles: [bad] }));
      expect(refused).toMatchObject({ status: 400, code: 50035 });
      expect(refused.errors).toEqual({
        roles: {
          "0": { _errors: [{ code: "NUMBER_TYPE_COERCE", message: `Value "${bad}" is not snowflake.` }] },
        },
      });
    }
  });

  it("refuses a role id given as a number", async () => {
    const target = w.member();
    const refused = await refusal(patchMember(target, { roles: [123] }));
    expect(codesAt(refused.errors, ["roles", 0])).toEqual(["NUMBER_TYPE_COERCE"]);
  });

  it("refuses more than 250 roles and a nickname over 32 characters", async () => {
    const target = w.member();
    const many = Array.from({ length: 251 }, (_, i) => String(1000 + i));
    const tooMany = await refusal(patchMember(target, { roles: many }));
    expect(codesAt(tooMany.errors, ["roles"])).toHaveLength(1);
    const long = await refusal(patchMember(target, { nick: "n".repeat(33) }));
    expect(codesAt(long.errors, ["nick"])).toHaveLength(1);
  });

  it("takes null roles, mute and deaf as no change, and a null nickname as clearing it", async () => {
    const role = w.role("held");
    const target = w.member([role.id]);
    w.state.updateMember(w.guildId, target, { nick: "Old" });
    // The bot may not mute or deafen here: nulls must not ask for those permissions.
    await patchMember(target, { roles: null, nick: null, mute: null, deaf: null });
    expect(w.state.requireMember(w.guildId, target)).toMatchObject({
      roles: [role.id],
      nick: null,
      mute: false,
      deaf: false,
    });
  });
});

describe("role lists", () => {
  it("keeps a role above the bot that the list leaves as it is, and adds the one below", async () => {
    const high = w.role("above the bot");
    w.raise(high);
    const low = w.role("below the bot");
    const target = w.member([high.id]);
    await patchMember(target, { roles: [high.id, low.id] });
    expect([...w.state.requireMember(w.guildId, target).roles].sort()).toEqual([high.id, low.id].sort());
  });

  it("ignores @everyone in the list, even for a bot whose only role is @everyone", async () => {
    const botRoles = [...w.state.requireMember(w.guildId, w.botId).roles];
    const target = w.member();
    w.state.updateMember(w.guildId, w.botId, { roles: [] });
    w.state.updateRole(w.guildId, w.guildId, { permissions: P.ManageRoles });
    try {
      await patchMember(target, { roles: [w.guildId] });
      expect(w.state.requireMember(w.guildId, target).roles).toEqual([]);
    } finally {
      w.state.updateRole(w.guildId, w.guildId, { permissions: 0n });
      w.state.updateMember(w.guildId, w.botId, { roles: botRoles });
    }
  });

  it("adds one role and removes only that one; asking for what is so sends no update", async () => {
    const kept = w.role("kept");
    const added = w.role("added");
    const target = w.member([kept.id]);
    await w.rest.put(Routes.guildMemberRole(w.guildId, target, added.id));
    expect([...w.state.requireMember(w.guildId, target).roles].sort()).toEqual([kept.id, added.id].sort());
    expect(
      await memberUpdates(() => w.rest.put(Routes.guildMemberRole(w.guildId, target, added.id))),
    ).toEqual([]);
    await w.rest.delete(Routes.guildMemberRole(w.guildId, target, added.id));
    expect(w.state.requireMember(w.guildId, target).roles).toEqual([kept.id]);
    expect(
      await memberUpdates(() => w.rest.delete(Routes.guildMemberRole(w.guildId, target, added.id))),
    ).toEqual([]);
  });

  it("sends no update for an edit with nothing in it", async () => {
    const target = w.member();
    expect(await memberUpdates(() => patchMember(target, {}))).toEqual([]);
    expect(await memberUpdates(() => patchMember(target, { nick: "New" }))).toHaveLength(1);
  });
});

describe("nicknames when the bot owns the guild", () => {
  it("renames a member whose role is above every role of the bot", async () => {
    const guild = w.state.guilds.get(w.guildId)!;
    const owner = guild.owner_id;
    const high = w.role("senior");
    w.raise(high);
    const target = w.member([high.id]);
    guild.owner_id = w.botId;
    try {
      await patchMember(target, { nick: "Renamed" });
    } finally {
      guild.owner_id = owner;
    }
    expect(w.state.requireMember(w.guildId, target).nick).toBe("Renamed");
  });
});

describe("moving a member between voice channels", () => {
  it("moves into a voice or stage channel", async () => {
    const from = w.voiceChannel("from");
    const target = w.member();
    w.state.setVoiceState(w.guildId, target, from.id);
    const to = w.voiceChannel("to");
    await patchMember(target, { channel_id: to.id });
    expect(w.state.voiceStates.get(`${w.guildId}:${target}`)?.channel_id).toBe(to.id);
    const stage = w.state.createChannel(w.guildId, { type: ChannelType.GuildStageVoice, name: "stage" });
    await patchMember(target, { channel_id: stage.id });
    expect(w.state.voiceStates.get(`${w.guildId}:${target}`)?.channel_id).toBe(stage.id);
  });

  it("refuses a text channel and another guild's voice channel with CHANNEL_TYPE_INVALID", async () => {
    const from = w.voiceChannel("start");
    const target = w.member();
    w.state.setVoiceState(w.guildId, target, from.id);
    const other = w.state.createGuild({ name: "Other", ownerId: w.member() });
    const otherVoice = w.state.createChannel(other.id, { type: ChannelType.GuildVoice, name: "theirs" });
    for (const channel of [w.textChannel("not voice"), otherVoice]) {
      expect(await refusal(patchMember(target, { channel_id: channel.id }))).toEqual({
        status: 400,
        code: 50035,
        message: "Invalid Form Body",
        errors: {
          channel_id: {
            _errors: [{ code: "CHANNEL_TYPE_INVALID", message: "Channel is not a voice channel." }],
          },
        },
      });
    }
    expect(w.state.voiceStates.get(`${w.guildId}:${target}`)?.channel_id).toBe(from.id);
  });

  it("answers 40032 for a member who is not in voice", async () => {
    const target = w.member();
    expect(await refusal(patchMember(target, { channel_id: w.voiceChannel("empty").id }))).toEqual({
      status: 400,
      code: 40032,
      message: "Target user is not connected to voice.",
      errors: undefined,
    });
  });
});
