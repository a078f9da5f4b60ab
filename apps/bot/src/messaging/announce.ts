import type { CommunityRecord } from "@circles/core";
import { DiscordAPIError, RESTJSONErrorCodes } from "discord.js";
import type { BotContext } from "../interactions/types.ts";

export type AnnounceOutcome = { posted: true; channelId: string } | { posted: false; reason: string };

/**
 * Posts in the community's announcement channel. When it cannot, says why in words an organiser can
 * act on (the caller shows it to them); the details go to the log.
 */
export async function announce(
  ctx: BotContext,
  community: CommunityRecord,
  content: string,
): Promise<AnnounceOutcome> {
  const channelId = community.announcementChannelId;
  if (!channelId)
    return { posted: false, reason: "no announcement channel is set (dashboard → community settings)" };
  try {
    const channel = await ctx.client.channels.fetch(channelId);
    if (!channel?.isSendable())
      return { posted: false, reason: `<#${channelId}> is not a channel I can post in` };
    await channel.send({ content, allowedMentions: { parse: [] } });
    return { posted: true, channelId };
  } catch (error) {
    ctx.log.warn({ err: error, guildId: community.guildId, channelId }, "could not post an announcement");
    if (
      error instanceof DiscordAPIError &&
      (error.code === RESTJSONErrorCodes.MissingPermissions ||
        error.code === RESTJSONErrorCodes.MissingAccess)
    )
      return {
        posted: false,
        reason: `I may not post in <#${channelId}>: give my role View Channel and Send Messages there`,
      };
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownChannel)
      return {
        posted: false,
        reason: "the announcement channel no longer exists (dashboard → community settings)",
      };
    return { posted: false, reason: "Discord did not take the message; try again later" };
  }
}
