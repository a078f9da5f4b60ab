import { CommunityService, type Database } from "@circles/core";
import {
  type APIChannel,
  type APIGuild,
  type APIGuildMember,
  DiscordAPIError,
  type REST,
  RESTJSONErrorCodes,
  Routes,
} from "discord.js";
import type { Logger } from "../logger.ts";

// The one way the bot tells a community's organisers something (a report arrived, a mentor left,
// someone deleted a group's room): in their private channel when the community has one, else by DM
// to each holder of the organiser role, else to the server's owner. REST only, so the provisioning
// job (no gateway cache) and the event handlers share it.

export interface OrganisersTold {
  via: "channel" | "dm";
  /** 1 for the channel; for DMs, how many organisers took it. */
  reached: number;
}

const DISCORD_MESSAGE_LIMIT = 2000;
const MEMBERS_PAGE = 1000;

export async function tellOrganisers(
  deps: { db: Database; rest: REST; log: Logger },
  guildId: string,
  content: string,
): Promise<OrganisersTold> {
  const { rest, log } = deps;
  const text = content.slice(0, DISCORD_MESSAGE_LIMIT);
  const community = await new CommunityService(deps.db).get(guildId);
  const channelId = community.organiserChannelId;
  if (channelId) {
    try {
      await rest.post(Routes.channelMessages(channelId), {
        body: { content: text, allowed_mentions: { parse: [] } },
      });
      return { via: "channel", reached: 1 };
    } catch (error) {
      log.warn(
        { err: error, guildId, channelId },
        "could not post in the organisers' channel; telling them by DM",
      );
    }
  }
  let recipients = community.organiserRoleId ? await holdersOf(rest, guildId, community.organiserRoleId) : [];
  if (recipients.length === 0) recipients = [((await rest.get(Routes.guild(guildId))) as APIGuild).owner_id];
  let reached = 0;
  for (const userId of recipients) {
    try {
      const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
      await rest.post(Routes.channelMessages(dm.id), {
        body: { content: text, allowed_mentions: { parse: [] } },
      });
      reached += 1;
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser)
        log.info({ guildId, userId }, "an organiser does not take DMs");
      else throw error;
    }
  }
  if (reached === 0) log.warn({ guildId }, "no organiser could be told");
  return { via: "dm", reached };
}

/** The people (not bots) holding a role, read page by page from the member list. */
async function holdersOf(rest: REST, guildId: string, roleId: string): Promise<string[]> {
  const holders: string[] = [];
  let after = "0";
  for (;;) {
    const page = (await rest.get(Routes.guildMembers(guildId), {
      query: new URLSearchParams({ limit: String(MEMBERS_PAGE), after }),
    })) as APIGuildMember[];
    for (const member of page)
      if (member.user && !member.user.bot && member.roles.includes(roleId)) holders.push(member.user.id);
    const last = page.at(-1)?.user?.id;
    if (page.length < MEMBERS_PAGE || !last) return holders;
    after = last;
  }
}
