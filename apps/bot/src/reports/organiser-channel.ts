import { CommunityService, type Database } from "@circles/core";
import type { Client } from "discord.js";
import type { Logger } from "../logger.ts";

/**
 * Posts in the community's private organisers' channel (a community setting). Says nothing of what
 * organisers must read in the dashboard; false when there is no such channel or it refused.
 */
export async function tellOrganisers(
  client: Client<true>,
  deps: { db: Database; log: Logger },
  guildId: string,
  content: string,
): Promise<boolean> {
  const community = await new CommunityService(deps.db).get(guildId);
  const channelId = community.organiserChannelId;
  if (!channelId) {
    deps.log.warn({ guildId }, "no organisers' channel is set; organisers were not told");
    return false;
  }
  try {
    const channel = await client.channels.fetch(channelId);
    if (!channel?.isSendable()) return false;
    await channel.send({ content, allowedMentions: { parse: [] } });
    return true;
  } catch (error) {
    deps.log.warn({ err: error, guildId, channelId }, "could not post in the organisers' channel");
    return false;
  }
}
