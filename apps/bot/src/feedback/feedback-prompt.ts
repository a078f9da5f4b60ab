import type { GroupRecord, SessionRecord } from "@circles/core";
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type Guild } from "discord.js";
import { sessionTitle } from "../announcements/notice-text.ts";
import { customId } from "../interactions/custom-id.ts";
import type { Logger } from "../logger.ts";
import { sendDirectOrFallback } from "../messaging/send-direct-or-fallback.ts";

export const feedbackIds = {
  rate: (guildId: string, sessionId: string, rating: number) =>
    customId("rate", guildId, sessionId, String(rating)),
  comment: (guildId: string, sessionId: string) => customId("fb-comment", guildId, sessionId),
  commentModal: (guildId: string, sessionId: string) => customId("fb-comment-modal", guildId, sessionId),
  survey: (guildId: string, cohortId: string) => customId("survey", guildId, cohortId),
  surveyModal: (guildId: string, cohortId: string) => customId("survey-modal", guildId, cohortId),
};

/**
 * Asks each member of the group for a 1–5 rating of the session (by DM, or in the group's channel
 * when their DMs are closed); after the cohort's last session, also for the final survey.
 */
export async function sendFeedbackPrompts(
  guild: Guild,
  cohortName: string,
  cohortId: string,
  session: SessionRecord,
  group: GroupRecord,
  isLast: boolean,
  log: Logger,
): Promise<number> {
  const channel = group.textChannelId ? await guild.channels.fetch(group.textChannelId) : null;
  const fallback = channel?.isSendable() ? channel : null;
  const ratings = new ActionRowBuilder<ButtonBuilder>().addComponents(
    [1, 2, 3, 4, 5].map((n) =>
      new ButtonBuilder()
        .setCustomId(feedbackIds.rate(guild.id, session.id, n))
        .setLabel(`${n}`)
        .setStyle(ButtonStyle.Secondary),
    ),
  );
  const rows = [ratings];
  if (isLast)
    rows.push(
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder()
          .setCustomId(feedbackIds.survey(guild.id, cohortId))
          .setLabel("Final survey")
          .setStyle(ButtonStyle.Primary),
      ),
    );
  const content =
    `How was **${sessionTitle(cohortName, session)}** for you? Rate it from 1 (poor) to 5 (great); you can add a comment after.` +
    (isLast ? "\nIt was the last session of the cohort: the short final survey helps the next one." : "");
  let reached = 0;
  for (const userId of [...group.mentors, ...group.mentees]) {
    const user = await guild.client.users.fetch(userId);
    const outcome = await sendDirectOrFallback(user, { content, components: rows }, fallback, log);
    if (outcome.via !== "none") reached++;
  }
  return reached;
}
