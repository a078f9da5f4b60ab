import {
  type APIChannel,
  type APIGuild,
  DiscordAPIError,
  type REST,
  RESTJSONErrorCodes,
  Routes,
} from "discord.js";
import type { Logger } from "../logger.ts";

/** The community's organisers among `members`: holders of the organiser role (people, not bots). */
export function organiserIds(
  organiserRoleId: string | null,
  members: readonly { id: string; roles: readonly string[]; bot: boolean }[],
): string[] {
  if (!organiserRoleId) return [];
  return members.filter((m) => !m.bot && m.roles.includes(organiserRoleId)).map((m) => m.id);
}

/**
 * Tells the organisers something by DM (the server owner when no organiser role is set). DMs, not a
 * channel: the announcement channel is the members'. Returns how many organisers it reached.
 */
export async function messageOrganisers(
  rest: REST,
  log: Logger,
  guildId: string,
  organisers: string[],
  content: string,
): Promise<number> {
  let recipients = organisers;
  if (recipients.length === 0) recipients = [((await rest.get(Routes.guild(guildId))) as APIGuild).owner_id];
  let reached = 0;
  for (const userId of recipients) {
    try {
      const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
      await rest.post(Routes.channelMessages(dm.id), { body: { content: content.slice(0, 2000) } });
      reached += 1;
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser)
        log.info({ userId }, "an organiser does not take DMs");
      else throw error;
    }
  }
  return reached;
}

/** The words for a thing someone deleted by hand. */
export function describeMissing(resource: string, name: string): string {
  const what = resource === "text" || resource === "voice" ? `${resource} channel` : resource;
  return `the ${what} "${name}"`;
}
