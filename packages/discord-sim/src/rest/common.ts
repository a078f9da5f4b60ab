import { PermissionFlagsBits } from "discord-api-types/v10";
import {
  DiscordError,
  ErrorCode,
  missingAccess,
  missingPermissions,
  unauthorized,
  unknown,
} from "../http/errors.ts";
import type { RequestContext, RouteResult } from "../http/router.ts";
import { canManageRole, has } from "../permissions/compute.ts";
import {
  guildLike,
  memberChannelPermissions,
  memberGuildPermissions,
  memberLike,
} from "../permissions/from-state.ts";
import type { State } from "../state/store.ts";
import type { ChannelRecord, GuildRecord, RoleRecord } from "../state/types.ts";

export const ok = (body: unknown): RouteResult => ({ status: 200, body });
export const created = (body: unknown): RouteResult => ({ status: 201, body });
export const noContent = (): RouteResult => ({ status: 204 });

/** The bot user behind a bot-token request (bearer tokens may not use bot routes). */
export function botUserId(ctx: RequestContext): string {
  if (ctx.auth?.kind !== "bot") throw unauthorized();
  return ctx.auth.userId;
}

export function param(ctx: RequestContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route has no :${name}`);
  return value;
}

/** The guild, if the caller is in it: unknown → 10004, not a member → 50001. */
export function requireGuildAccess(state: State, guildId: string, userId: string): GuildRecord {
  const guild = state.guilds.get(guildId);
  if (!guild) throw unknown(ErrorCode.UnknownGuild, "Guild");
  if (!state.getMember(guildId, userId)) throw missingAccess();
  return guild;
}

export function requireGuildPermission(
  state: State,
  guildId: string,
  userId: string,
  permission: bigint,
): GuildRecord {
  const guild = requireGuildAccess(state, guildId, userId);
  if (!has(memberGuildPermissions(state, guildId, userId), permission)) throw missingPermissions();
  return guild;
}

/** A channel the caller can see, with the caller's permissions there: unknown → 10003; not in its guild or no VIEW_CHANNEL → 50001. */
function channelAccess(
  state: State,
  channelId: string,
  userId: string,
): { channel: ChannelRecord; permissions: bigint } {
  const channel = state.requireChannel(channelId);
  if (channel.guild_id === null) {
    if (!channel.recipient_ids.includes(userId)) throw missingAccess();
    return { channel, permissions: memberChannelPermissions(state, channel, userId) };
  }
  if (!state.getMember(channel.guild_id, userId)) throw missingAccess();
  const permissions = memberChannelPermissions(state, channel, userId);
  if (!has(permissions, PermissionFlagsBits.ViewChannel)) throw missingAccess();
  return { channel, permissions };
}

export function requireChannelAccess(state: State, channelId: string, userId: string): ChannelRecord {
  return channelAccess(state, channelId, userId).channel;
}

export function requireChannelPermission(
  state: State,
  channelId: string,
  userId: string,
  permission: bigint,
): ChannelRecord {
  const { channel, permissions } = channelAccess(state, channelId, userId);
  if (channel.guild_id && !has(permissions, permission)) throw missingPermissions();
  return channel;
}

/** 50013 unless the role sits strictly below the caller's highest role (or the caller owns the guild). */
export function requireRoleBelow(state: State, guildId: string, userId: string, role: RoleRecord): void {
  if (!canManageRole(guildLike(state, guildId), memberLike(state, guildId, userId), role))
    throw missingPermissions();
}

/** The caller may only grant (or deny) permissions it holds itself in the guild. */
export function requireHeldPermissions(state: State, guildId: string, userId: string, bits: bigint): void {
  const held = memberGuildPermissions(state, guildId, userId);
  if (has(held, PermissionFlagsBits.Administrator)) return;
  if ((bits & ~held) !== 0n) throw missingPermissions();
}

export function badRequest(code: number, message: string): DiscordError {
  return new DiscordError(400, code, message);
}
