import type { State } from "../state/store.ts";
import type { ChannelRecord } from "../state/types.ts";
import {
  ALL_PERMISSIONS,
  basePermissions,
  channelPermissions,
  type GuildLike,
  type MemberLike,
} from "./compute.ts";

/** Adapters from the state's records to the pure permission functions. */

export function guildLike(state: State, guildId: string): GuildLike {
  const guild = state.requireGuild(guildId);
  return { id: guildId, ownerId: guild.owner_id, roles: state.guildRoles.get(guildId) ?? new Map() };
}

export function memberLike(state: State, guildId: string, userId: string): MemberLike {
  const member = state.requireMember(guildId, userId);
  return { userId, roleIds: member.roles };
}

export function memberGuildPermissions(state: State, guildId: string, userId: string): bigint {
  return basePermissions(guildLike(state, guildId), memberLike(state, guildId, userId));
}

export function memberChannelPermissions(state: State, channel: ChannelRecord, userId: string): bigint {
  if (!channel.guild_id) return channel.recipient_ids.includes(userId) ? ALL_PERMISSIONS : 0n;
  return channelPermissions(
    guildLike(state, channel.guild_id),
    memberLike(state, channel.guild_id, userId),
    channel.permission_overwrites,
  );
}
