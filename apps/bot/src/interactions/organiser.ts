import { type CommunityRecord, CommunityService, ForbiddenError } from "@circles/core";
import { type GuildMember, PermissionFlagsBits } from "discord.js";
import type { BotContext } from "./types.ts";

/** An organiser: the guild's owner, or ADMINISTRATOR, or MANAGE_GUILD, or the community's organiser role. */
export function isOrganiser(member: GuildMember, community: CommunityRecord): boolean {
  if (member.guild.ownerId === member.id) return true;
  if (member.permissions.any([PermissionFlagsBits.Administrator, PermissionFlagsBits.ManageGuild]))
    return true;
  return community.organiserRoleId !== null && member.roles.cache.has(community.organiserRoleId);
}

/** Checked at run time as well: `default_member_permissions` is only a default that servers can change. */
export async function requireOrganiser(member: GuildMember, ctx: BotContext): Promise<CommunityRecord> {
  const community = await new CommunityService(ctx.db).get(member.guild.id);
  if (!isOrganiser(member, community))
    throw new ForbiddenError("Only the community's organisers can do that.");
  return community;
}
