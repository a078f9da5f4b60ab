import { GatewayIntentBits, PermissionFlagsBits } from "discord-api-types/v10";
import type { SimContext } from "../context.ts";
import { DiscordError, ErrorCode, missingPermissions } from "../http/errors.ts";
import type { RequestContext } from "../http/router.ts";
import { compareRoles, highestRole } from "../permissions/compute.ts";
import { guildLike, memberLike } from "../permissions/from-state.ts";
import { memberPayload } from "../state/serialize.ts";
import type { State } from "../state/store.ts";
import { Validator } from "../validation/validator.ts";
import {
  botUserId,
  noContent,
  ok,
  param,
  requireGuildAccess,
  requireGuildPermission,
  requireRoleBelow,
} from "./common.ts";

/** Adding or removing a role: MANAGE_ROLES, the role below the bot's highest, and not a managed role. */
function checkRoleChange(state: State, guildId: string, me: string, roleId: string): void {
  requireGuildPermission(state, guildId, me, PermissionFlagsBits.ManageRoles);
  const role = state.requireRole(guildId, roleId);
  requireRoleBelow(state, guildId, me, role);
  if (role.managed) throw missingPermissions();
}

/** Acting on another member's nickname or voice needs them below the bot (the owner never is). */
function requireMemberBelow(state: State, guildId: string, me: string, userId: string): void {
  if (me === userId) return;
  const guild = guildLike(state, guildId);
  if (userId === guild.ownerId) throw missingPermissions();
  const mine = highestRole(guild, memberLike(state, guildId, me));
  const theirs = highestRole(guild, memberLike(state, guildId, userId));
  if (me !== guild.ownerId && compareRoles(mine, theirs) <= 0) throw missingPermissions();
}

function listQuery(ctx: RequestContext, max: number): { limit: number; after: bigint } {
  const v = new Validator(Object.fromEntries(ctx.query));
  const limit = v.int("limit", { min: 1, max }) ?? 1;
  const after = v.snowflake("after") ?? "0";
  v.done();
  return { limit, after: BigInt(after) };
}

/** Members: get, list, search, edit (roles, nick, voice), add/remove one role, kick. */
export function registerMemberRoutes({ router, state }: SimContext): void {
  router.add("GET", "/api/guilds/:guildId/members/:userId", (ctx) => {
    const guildId = param(ctx, "guildId");
    requireGuildAccess(state, guildId, botUserId(ctx));
    return ok(memberPayload(state, state.requireMember(guildId, param(ctx, "userId"))));
  });

  router.add("GET", "/api/guilds/:guildId/members", (ctx) => {
    const guildId = param(ctx, "guildId");
    requireGuildAccess(state, guildId, botUserId(ctx));
    // Listing members needs the privileged GUILD_MEMBERS intent enabled for the app.
    const app = state.applications.get(ctx.auth!.applicationId);
    if (!app || (app.privileged_intents & GatewayIntentBits.GuildMembers) === 0) {
      throw new DiscordError(403, ErrorCode.MissingAccess, "Missing Access");
    }
    const { limit, after } = listQuery(ctx, 1000);
    const members = state
      .membersOf(guildId)
      .filter((m) => BigInt(m.user_id) > after)
      .sort((a, b) => (BigInt(a.user_id) < BigInt(b.user_id) ? -1 : 1))
      .slice(0, limit);
    return ok(members.map((m) => memberPayload(state, m)));
  });

  router.add("GET", "/api/guilds/:guildId/members/search", (ctx) => {
    const guildId = param(ctx, "guildId");
    requireGuildAccess(state, guildId, botUserId(ctx));
    const v = new Validator(Object.fromEntries(ctx.query));
    const query = v.string("query", { required: true, min: 1 })?.toLowerCase() ?? "";
    const limit = v.int("limit", { min: 1, max: 1000 }) ?? 1;
    v.done();
    const found = state
      .membersOf(guildId)
      .filter((m) => {
        const user = state.users.get(m.user_id);
        return [user?.username, user?.global_name, m.nick].some((n) => n?.toLowerCase().startsWith(query));
      })
      .slice(0, limit);
    return ok(found.map((m) => memberPayload(state, m)));
  });

  router.add("PATCH", "/api/guilds/:guildId/members/:userId", (ctx) => {
    const guildId = param(ctx, "guildId");
    const me = botUserId(ctx);
    requireGuildAccess(state, guildId, me);
    // `PATCH /guilds/{g}/members/@me` is the bot changing its own nickname.
    const userId = param(ctx, "userId") === "@me" ? me : param(ctx, "userId");
    const member = state.requireMember(guildId, userId);
    const v = Validator.of(ctx.body);
    const roles = v.array("roles", { nullable: true, max: 250 }, (item, _i, path) => {
      if (typeof item === "string" && /^\d{1,20}$/.test(item)) return item;
      v.errors.add(path, "NUMBER_TYPE_COERCE", `Value "${String(item)}" is not snowflake.`);
      return undefined;
    });
    const nick = v.string("nick", { max: 32, nullable: true });
    const mute = v.bool("mute", { nullable: true });
    const deaf = v.bool("deaf", { nullable: true });
    const channelId = v.snowflake("channel_id", { nullable: true });
    v.done();

    const patch: { roles?: string[]; nick?: string | null; mute?: boolean; deaf?: boolean } = {};
    if (roles) {
      const next = new Set(roles.filter((r) => r !== guildId));
      const current = new Set(member.roles);
      for (const roleId of next) if (!current.has(roleId)) checkRoleChange(state, guildId, me, roleId);
      for (const roleId of current) if (!next.has(roleId)) checkRoleChange(state, guildId, me, roleId);
      patch.roles = [...next];
    }
    if (nick !== undefined) {
      requireGuildPermission(
        state,
        guildId,
        me,
        userId === me ? PermissionFlagsBits.ChangeNickname : PermissionFlagsBits.ManageNicknames,
      );
      requireMemberBelow(state, guildId, me, userId);
      patch.nick = nick || null;
    }
    if (typeof mute === "boolean") {
      requireGuildPermission(state, guildId, me, PermissionFlagsBits.MuteMembers);
      patch.mute = mute;
    }
    if (typeof deaf === "boolean") {
      requireGuildPermission(state, guildId, me, PermissionFlagsBits.DeafenMembers);
      patch.deaf = deaf;
    }
    if (channelId !== undefined) {
      requireGuildPermission(state, guildId, me, PermissionFlagsBits.MoveMembers);
      if (channelId !== null) {
        const channel = state.requireChannel(channelId);
        if (channel.guild_id !== guildId || (channel.type !== 2 && channel.type !== 13)) {
          throw new DiscordError(400, ErrorCode.InvalidFormBody, "Invalid Form Body", {
            channel_id: {
              _errors: [{ code: "CHANNEL_TYPE_INVALID", message: "Channel is not a voice channel." }],
            },
          });
        }
      }
      if (!state.voiceStates.has(`${guildId}:${userId}`)) {
        throw new DiscordError(400, 40032, "Target user is not connected to voice.");
      }
      state.setVoiceState(guildId, userId, channelId);
    }
    const updated = Object.keys(patch).length > 0 ? state.updateMember(guildId, userId, patch) : member;
    return ok(memberPayload(state, updated));
  });

  // Add or remove one role; asking for what is already so changes nothing and still answers 204.
  for (const [method, add] of [
    ["PUT", true],
    ["DELETE", false],
  ] as const) {
    router.add(method, "/api/guilds/:guildId/members/:userId/roles/:roleId", (ctx) => {
      const guildId = param(ctx, "guildId");
      const me = botUserId(ctx);
      requireGuildAccess(state, guildId, me);
      const member = state.requireMember(guildId, param(ctx, "userId"));
      const roleId = param(ctx, "roleId");
      checkRoleChange(state, guildId, me, roleId);
      if (member.roles.includes(roleId) !== add) {
        const roles = add ? [...member.roles, roleId] : member.roles.filter((r) => r !== roleId);
        state.updateMember(guildId, member.user_id, { roles });
      }
      return noContent();
    });
  }

  router.add("DELETE", "/api/guilds/:guildId/members/:userId", (ctx) => {
    const guildId = param(ctx, "guildId");
    const me = botUserId(ctx);
    requireGuildPermission(state, guildId, me, PermissionFlagsBits.KickMembers);
    const userId = param(ctx, "userId");
    state.requireMember(guildId, userId);
    requireMemberBelow(state, guildId, me, userId);
    state.removeMember(guildId, userId);
    return noContent();
  });
}
