// The role hierarchy: the bot acts only on roles strictly below its highest role and on members whose
// highest role is strictly below it (never the owner), and grants only permissions it holds. Each rule
// is tested just inside (the role right below) and just outside (the bot's own role, the one above).
import { PermissionFlagsBits as P, Routes } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import type { RoleRecord } from "../src/state/types.ts";
import { errorCode, MISSING_PERMISSIONS, permissionWorldForFile } from "./permissions-fixture.ts";

const w = permissionWorldForFile({ resetAfterEach: true });

/** A role right below the bot's, one right above it, and the bot's own. */
function ladder() {
  const below = w.role("below");
  w.state.setRolePositions(w.guildId, [{ id: below.id, position: w.botRole.position - 1 }]);
  const above = w.role("above");
  w.raise(above);
  return { below, above, own: w.botRole };
}

const ROLE_ACTIONS: Array<[string, (role: RoleRecord) => Promise<unknown>]> = [
  [
    "PATCH /guilds/:g/roles/:r",
    (r) => w.rest.patch(Routes.guildRole(w.guildId, r.id), { body: { name: "x" } }),
  ],
  [
    "PUT /guilds/:g/members/:u/roles/:r",
    (r) => w.rest.put(Routes.guildMemberRole(w.guildId, w.member(), r.id)),
  ],
  [
    "DELETE /guilds/:g/members/:u/roles/:r",
    (r) => w.rest.delete(Routes.guildMemberRole(w.guildId, w.member([r.id]), r.id)),
  ],
  [
    "PATCH /guilds/:g/members/:u roles",
    (r) => w.rest.patch(Routes.guildMember(w.guildId, w.member()), { body: { roles: [r.id] } }),
  ],
  ["DELETE /guilds/:g/roles/:r", (r) => w.rest.delete(Routes.guildRole(w.guildId, r.id))],
];

describe("roles at or above the bot's highest role", () => {
  it.each(ROLE_ACTIONS)(
    "%s: the role right below works; the bot's own and the one above: 50013",
    async (_, act) => {
      const { below, above, own } = ladder();
      await act(below);
      expect(await errorCode(act(above))).toBe(MISSING_PERMISSIONS);
      // The bot's own role is managed as well; DELETE answers 50013 before it would say so.
      expect(await errorCode(act(own))).toBe(MISSING_PERMISSIONS);
    },
  );

  it("a managed role below the bot (another bot's) cannot be given or taken", async () => {
    const managed = w.role("other bot");
    managed.managed = true;
    expect(await errorCode(w.rest.put(Routes.guildMemberRole(w.guildId, w.member(), managed.id)))).toBe(
      MISSING_PERMISSIONS,
    );
    expect(
      await errorCode(w.rest.delete(Routes.guildMemberRole(w.guildId, w.member([managed.id]), managed.id))),
    ).toBe(MISSING_PERMISSIONS);
  });
});

describe("reordering roles", () => {
  const move = (id: string, position: number) =>
    w.rest.patch(Routes.guildRoles(w.guildId), { body: [{ id, position }] });

  it("moves a role below the bot to just below it, never to or above it", async () => {
    const { below } = ladder();
    const role = w.role("mover");
    await move(role.id, w.botRole.position - 1);
    expect(w.state.requireRole(w.guildId, role.id).position).toBe(w.botRole.position - 1);
    expect(await errorCode(move(below.id, w.botRole.position + 1))).toBe(MISSING_PERMISSIONS);
    expect(w.state.requireRole(w.guildId, below.id).position).toBe(w.botRole.position - 1);
  });

  it("never moves a role above the bot, not even down", async () => {
    const { above } = ladder();
    const before = above.position;
    expect(await errorCode(move(above.id, 1))).toBe(MISSING_PERMISSIONS);
    expect(w.state.requireRole(w.guildId, above.id).position).toBe(before);
  });
});

describe("members at or above the bot", () => {
  const ACTIONS: Array<[string, (userId: string) => Promise<unknown>]> = [
    ["nickname", (u) => w.rest.patch(Routes.guildMember(w.guildId, u), { body: { nick: "Nick" } })],
    ["kick", (u) => w.rest.delete(Routes.guildMember(w.guildId, u))],
  ];

  it.each(ACTIONS)(
    "%s: a member whose top role is right below works; equal, above or owner: 50013",
    async (_, act) => {
      w.setBotPermissions(BigInt(w.botRole.permissions) | P.ManageNicknames | P.KickMembers);
      const { below, above, own } = ladder();
      await act(w.member([below.id]));
      expect(await errorCode(act(w.member([own.id])))).toBe(MISSING_PERMISSIONS);
      expect(await errorCode(act(w.member([above.id])))).toBe(MISSING_PERMISSIONS);
      const owner = w.state.requireGuild(w.guildId).owner_id;
      expect(await errorCode(act(owner))).toBe(MISSING_PERMISSIONS);
    },
  );
});

describe("granting permissions the bot does not hold", () => {
  const GRANTS: Array<[string, (bits: bigint) => Promise<unknown>]> = [
    [
      "POST /guilds/:g/roles",
      (bits) =>
        w.rest.post(Routes.guildRoles(w.guildId), { body: { name: "r", permissions: bits.toString() } }),
    ],
    [
      "PATCH /guilds/:g/roles/:r",
      (bits) =>
        w.rest.patch(Routes.guildRole(w.guildId, w.role().id), { body: { permissions: bits.toString() } }),
    ],
    [
      "POST /guilds/:g/channels with an overwrite",
      (bits) =>
        w.rest.post(Routes.guildChannels(w.guildId), {
          body: {
            name: "c",
            type: 0,
            permission_overwrites: [{ id: w.guildId, type: 0, allow: bits.toString(), deny: "0" }],
          },
        }),
    ],
    [
      "PATCH /channels/:c with an overwrite",
      (bits) =>
        w.rest.patch(Routes.channel(w.textChannel().id), {
          body: { permission_overwrites: [{ id: w.guildId, type: 0, allow: "0", deny: bits.toString() }] },
        }),
    ],
    [
      "PUT /channels/:c/permissions/:o",
      (bits) =>
        w.rest.put(Routes.channelPermission(w.textChannel().id, w.guildId), {
          body: { type: 0, allow: bits.toString(), deny: "0" },
        }),
    ],
  ];

  it.each(GRANTS)(
    "%s: held bits work; one more bit: 50013; ADMINISTRATOR may grant any",
    async (_, grant) => {
      await grant(P.SendMessages | P.ViewChannel);
      expect(await errorCode(grant(P.SendMessages | P.BanMembers))).toBe(MISSING_PERMISSIONS);
      w.setBotPermissions(P.Administrator);
      await grant(P.SendMessages | P.BanMembers);
    },
  );
});
