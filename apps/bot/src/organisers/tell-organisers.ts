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
// job (no gateway cache) and the event handlers share it. Discord has no "members of a role" route:
// the holders are found in the member list, read 1,000 at a time up to a limit, so a server of 100k
// members costs at most 10 requests (and a log line saying who may have been missed).

export interface OrganisersTold {
  via: "channel" | "dm";
  /** 1 for the channel; for DMs, how many organisers took it. */
  reached: number;
}

const DISCORD_MESSAGE_LIMIT = 2000;
const MEMBERS_PAGE = 1000;
/** How many members the DM path reads at most, looking for the organiser role's holders. */
export const MEMBERS_READ_LIMIT = 10_000;

export async function tellOrganisers(
  deps: { db: Database; rest: REST; log: Logger; membersReadLimit?: number },
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
  const limit = deps.membersReadLimit ?? MEMBERS_READ_LIMIT;
  let recipients = community.organiserRoleId
    ? await holdersOf(deps, guildId, community.organiserRoleId, limit)
    : [];
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

/**
 * The people (not bots) holding a role, read page by page from the member list (ordered by user id)
 * up to `limit` members; a longer list is cut there, with a warning.
 */
async function holdersOf(
  { rest, log }: { rest: REST; log: Logger },
  guildId: string,
  roleId: string,
  limit: number,
): Promise<string[]> {
  const holders: string[] = [];
  let after = "0";
  let read = 0;
  for (;;) {
    const size = Math.min(MEMBERS_PAGE, limit - read);
    const page = (await rest.get(Routes.guildMembers(guildId), {
      query: new URLSearchParams({ limit: String(size), after }),
    })) as APIGuildMember[];
    read += page.length;
    for (const member of page)
      if (member.user && !member.user.bot && member.roles.includes(roleId)) holders.push(member.user.id);
    const last = page.at(-1)?.user?.id;
    if (page.length < size || !last) return holders;
    if (read >= limit) {
      log.warn(
        { guildId, roleId, read, found: holders.length },
        `read the first ${read} members only looking for the organiser role's holders; organisers further ` +
          "down the member list are not told (an organisers' channel reaches them all)",
      );
      return holders;
    }
    after = last;
  }
}
