// What the member routes do once allowed: roles, nickname, voice and kicks take effect, and their
// own refusals (50035 for a non-voice channel, 40032 when not in voice).
import { DiscordAPIError } from "@discordjs/rest";
import { PermissionFlagsBits as P, Routes } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import { BOT_ROLE_PERMISSIONS } from "../src/seed/base.ts";
import { permissionWorldForFile } from "./permissions-fixture.ts";

const w = permissionWorldForFile({
  permissions: BOT_ROLE_PERMISSIONS | P.ManageNicknames | P.MuteMembers | P.DeafenMembers | P.KickMembers,
});

const member = (userId: string) => w.state.requireMember(w.guildId, userId);

async function answer(call: Promise<unknown>): Promise<{ status: number; code: number }> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DiscordAPIError))
    throw new Error(`expected a DiscordAPIError, got ${String(error)}`);
  return { status: error.status, code: Number(error.code) };
}

describe("member edits take effect", () => {
  it("sets a member's roles, adding and removing, and ignores @everyone in the list", async () => {
    const [keep, drop, add] = [w.role("keep"), w.role("drop"), w.role("add")];
    const user = w.member([keep.id, drop.id]);
    await w.rest.patch(Routes.guildMember(w.guildId, user), {
      body: { roles: [keep.id, add.id, w.guildId] },
    });
    expect([...member(user).roles].sort()).toEqual([keep.id, add.id].sort());
  });

  it("refuses to take away a role above the bot that the member has", async () => {
    const above = w.role("above");
    w.raise(above);
    const user = w.member([above.id]);
    expect(await answer(w.rest.patch(Routes.guildMember(w.guildId, user), { body: { roles: [] } }))).toEqual({
      status: 403,
      code: 50013,
    });
    expect(member(user).roles).toEqual([above.id]);
  });

  it("refuses a role id that is not a snowflake (50035)", async () => {
    const user = w.member();
    expect(
      await answer(w.rest.patch(Routes.guildMember(w.guildId, user), { body: { roles: ["admin"] } })),
    ).toMatchObject({ status: 400, code: 50035 });
  });

  it("sets and clears a nickname, and mutes and deafens", async () => {
    const user = w.member();
    await w.rest.patch(Routes.guildMember(w.guildId, user), {
      body: { nick: "Ana", mute: true, deaf: true },
    });
    expect(member(user)).toMatchObject({ nick: "Ana", mute: true, deaf: true });
    await w.rest.patch(Routes.guildMember(w.guildId, user), { body: { nick: "", mute: false } });
    expect(member(user)).toMatchObject({ nick: null, mute: false, deaf: true });
  });

  it("moves a member in voice, refuses a text channel (50035) and a member not in voice (40032)", async () => {
    const [from, to] = [w.voiceChannel("from"), w.voiceChannel("to")];
    const user = w.member();
    expect(
      await answer(w.rest.patch(Routes.guildMember(w.guildId, user), { body: { channel_id: to.id } })),
    ).toEqual({ status: 400, code: 40032 });
    w.state.setVoiceState(w.guildId, user, from.id);
    expect(
      await answer(
        w.rest.patch(Routes.guildMember(w.guildId, user), { body: { channel_id: w.textChannel().id } }),
      ),
    ).toEqual({ status: 400, code: 50035 });
    await w.rest.patch(Routes.guildMember(w.guildId, user), { body: { channel_id: to.id } });
    expect(w.state.voiceStates.get(`${w.guildId}:${user}`)?.channel_id).toBe(to.id);
    await w.rest.patch(Routes.guildMember(w.guildId, user), { body: { channel_id: null } });
    expect(w.state.voiceStates.has(`${w.guildId}:${user}`)).toBe(false);
  });

  it("adds and removes one role, twice over without change", async () => {
    const role = w.role("single");
    const user = w.member();
    await w.rest.put(Routes.guildMemberRole(w.guildId, user, role.id));
    await w.rest.put(Routes.guildMemberRole(w.guildId, user, role.id));
    expect(member(user).roles).toEqual([role.id]);
    await w.rest.delete(Routes.guildMemberRole(w.guildId, user, role.id));
    await w.rest.delete(Routes.guildMemberRole(w.guildId, user, role.id));
    expect(member(user).roles).toEqual([]);
  });

  it("kicks a member out of the guild", async () => {
    const user = w.member();
    await w.rest.delete(Routes.guildMember(w.guildId, user));
    expect(w.state.getMember(w.guildId, user)).toBeUndefined();
  });
});
