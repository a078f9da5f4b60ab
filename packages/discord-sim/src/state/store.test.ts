import { GatewayIntentBits as I } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock.ts";
import type { StateEvent } from "./events.ts";
import { restore, snapshot } from "./persist.ts";
import { State } from "./store.ts";

function world() {
  const state = new State(new ManualClock(Date.UTC(2026, 0, 1)));
  const owner = state.createUser({ username: "owner" });
  const guild = state.createGuild({ name: "G", ownerId: owner.id });
  const events: StateEvent[] = [];
  state.events.on((e) => events.push(e));
  return { state, owner, guild, events };
}

describe("State", () => {
  it("gives @everyone the guild's id and puts new roles just above it, moving the others up", () => {
    const { state, guild, events } = world();
    expect(state.rolesOf(guild.id).map((r) => r.id)).toEqual([guild.id]);
    const a = state.createRole(guild.id, { name: "a" });
    const b = state.createRole(guild.id, { name: "b" });
    expect(state.rolesOf(guild.id).map((r) => [r.name, r.position])).toEqual([
      ["@everyone", 0],
      ["b", 1],
      ["a", 2],
    ]);
    expect(events.map((e) => [e.t, e.intent])).toEqual([
      ["GUILD_ROLE_CREATE", I.Guilds],
      ["GUILD_ROLE_CREATE", I.Guilds],
      ["GUILD_ROLE_UPDATE", I.Guilds],
    ]);
    expect((events[2]!.d as { role: { id: string } }).role.id).toBe(a.id);
    state.deleteRole(guild.id, b.id);
    expect(state.rolesOf(guild.id).map((r) => [r.name, r.position])).toEqual([
      ["@everyone", 0],
      ["a", 1],
    ]);
  });

  it("emits member events under GUILD_MEMBERS and strips deleted roles from members", () => {
    const { state, guild, events } = world();
    const user = state.createUser({ username: "m" });
    const role = state.createRole(guild.id, { name: "r" });
    state.addMember(guild.id, user.id, { roles: [role.id] });
    state.deleteRole(guild.id, role.id);
    expect(state.getMember(guild.id, user.id)?.roles).toEqual([]);
    state.removeMember(guild.id, user.id);
    const memberEvents = events.filter((e) => e.t.startsWith("GUILD_MEMBER"));
    expect(memberEvents.map((e) => [e.t, e.intent, e.guildId])).toEqual([
      ["GUILD_MEMBER_ADD", I.GuildMembers, guild.id],
      ["GUILD_MEMBER_REMOVE", I.GuildMembers, guild.id],
    ]);
  });

  it("announces voice joins, moves and leaves, and a leave carries channel_id null", () => {
    const { state, guild, owner, events } = world();
    const one = state.createChannel(guild.id, { type: 2, name: "one" });
    const two = state.createChannel(guild.id, { type: 2, name: "two" });
    state.setVoiceState(guild.id, owner.id, one.id);
    const session = state.voiceStates.get(`${guild.id}:${owner.id}`)?.session_id;
    state.setVoiceState(guild.id, owner.id, two.id);
    expect(state.voiceStates.get(`${guild.id}:${owner.id}`)?.session_id).toBe(session);
    state.deleteChannel(two.id);
    const voice = events
      .filter((e) => e.t === "VOICE_STATE_UPDATE")
      .map((e) => (e.d as { channel_id: string | null }).channel_id);
    expect(voice).toEqual([one.id, two.id, null]);
    expect(state.voiceStatesOf(guild.id)).toEqual([]);
  });

  it("keeps ephemeral messages out of dispatches and routes DMs to their recipients", () => {
    const { state, guild, owner, events } = world();
    const text = state.createChannel(guild.id, { type: 0, name: "t" });
    state.createMessage(text.id, { author_id: owner.id, content: "secret", ephemeral: true });
    state.createMessage(text.id, { author_id: owner.id, content: "public" });
    const other = state.createUser({ username: "o" });
    const dm = state.openDm(owner.id, other.id);
    expect(state.openDm(owner.id, other.id).id).toBe(dm.id);
    state.createMessage(dm.id, { author_id: owner.id, content: "hi" });
    const created = events.filter((e) => e.t === "MESSAGE_CREATE");
    expect(created.map((e) => (e.d as { content: string }).content)).toEqual(["public", "hi"]);
    expect(created[0]).toMatchObject({ intent: I.GuildMessages, guildId: guild.id });
    expect(created[1]).toMatchObject({
      intent: I.DirectMessages,
      guildId: null,
      userIds: [owner.id, other.id],
    });
  });

  it("survives a snapshot round trip with indexes rebuilt", () => {
    const { state, guild } = world();
    const role = state.createRole(guild.id, { name: "kept" });
    const copy = restore(JSON.parse(JSON.stringify(snapshot(state))));
    expect(copy.rolesOf(guild.id).map((r) => r.id)).toEqual(state.rolesOf(guild.id).map((r) => r.id));
    expect(copy.requireRole(guild.id, role.id).name).toBe("kept");
    expect(() => restore({ format: 2 } as never)).toThrow(/unsupported format/);
  });
});
