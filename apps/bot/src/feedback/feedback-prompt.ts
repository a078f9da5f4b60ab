import type { GroupRecord, SessionRecord } from "@circles/core";
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type Guild } from "discord.js";
import { sessionTitle } from "../announcements/notice-text.ts";
import { customId } from "../interactions/custom-id.ts";

export const feedbackIds = {
  rate: (guildId: string, sessionId: string, rating: number) =>
    customId("rate", guildId, sessionId, String(rating)),
  comment: (guildId: string, sessionId: string) => customId("fb-comment", guildId, sessionId),
  commentModal: (guildId: string, sessionId: string) => customId("fb-comment-modal", guildId, sessionId),
  survey: (guildId: string, cohortId: string) => customId("survey", guildId, cohortId),
  surveyModal: (guildId: string, cohortId: string) => customId("survey-modal", guildId, cohortId),
};

/**
 * Asks each member of the group for a 1–5 rating of the session, in one message in the group's
 * channel that mentions them all (each answer is private: the replies are ephemeral, and buttons
 * work there, unlike in DMs on some clients); after the cohort's last session, also for the final
 * survey. Returns the id of the prompt, none when the channel is gone.
 */
export async function sendFeedbackPrompts(
  guild: Guild,
  cohortName: string,
  cohortId: string,
  session: SessionRecord,
  group: GroupRecord,
  isLast: boolean,
): Promise<string | null> {
  const channel = group.textChannelId ? await guild.channels.fetch(group.textChannelId) : null;
  if (!channel?.isSendable()) return null;
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
  const people = [...group.mentors, ...group.mentees];
  const message = await channel.send({
    content:
      `${people.map((id) => `<@${id}>`).join(" ")}\n` +
      `How was **${sessionTitle(cohortName, session)}** for you? Rate it from 1 (poor) to 5 (great); only the organisers see your answer, and you can add a comment after.` +
      (isLast ? "\nIt was the last session of the cohort: the short final survey helps the next one." : ""),
    components: rows,
    allowedMentions: { users: people },
  });
  return message.id;
}
