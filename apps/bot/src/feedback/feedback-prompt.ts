import type { GroupRecord, SessionRecord } from "@circles/core";
import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from "discord.js";
import { sessionTitle } from "../announcements/notice-text.ts";
import { customId } from "../interactions/custom-id.ts";
import type { BotContext } from "../interactions/types.ts";
import { deliverOnce } from "../messaging/deliver-once.ts";

export const feedbackIds = {
  rate: (guildId: string, sessionId: string, rating: number) =>
    customId("rate", guildId, sessionId, String(rating)),
  comment: (guildId: string, sessionId: string) => customId("fb-comment", guildId, sessionId),
  commentModal: (guildId: string, sessionId: string) => customId("fb-comment-modal", guildId, sessionId),
  survey: (guildId: string, cohortId: string) => customId("survey", guildId, cohortId),
  surveyModal: (guildId: string, cohortId: string) => customId("survey-modal", guildId, cohortId),
};

/**
 * Asks each member of the group, by DM, for a 1–5 rating of the session (after the cohort's last
 * session, also for the final survey): once per member and session, however often this runs. A member
 * whose DMs are closed gets theirs in the group's channel, with a mention; the answers stay private
 * either way (the replies are ephemeral). Returns how many prompts went out now.
 */
export async function sendFeedbackPrompts(
  ctx: Pick<BotContext, "client" | "db" | "log">,
  guildId: string,
  cohort: { id: string; name: string },
  session: SessionRecord,
  group: GroupRecord,
  isLast: boolean,
): Promise<number> {
  const ratings = new ActionRowBuilder<ButtonBuilder>().addComponents(
    [1, 2, 3, 4, 5].map((n) =>
      new ButtonBuilder()
        .setCustomId(feedbackIds.rate(guildId, session.id, n))
        .setLabel(`${n}`)
        .setStyle(ButtonStyle.Secondary),
    ),
  );
  const rows = [ratings];
  if (isLast)
    rows.push(
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder()
          .setCustomId(feedbackIds.survey(guildId, cohort.id))
          .setLabel("Final survey")
          .setStyle(ButtonStyle.Primary),
      ),
    );
  const content =
    `How was **${sessionTitle(cohort.name, session)}** for you? Rate it from 1 (poor) to 5 (great); only the organisers see your answer, and you can add a comment after.` +
    (isLast ? "\nIt was the last session of the cohort: the short final survey helps the next one." : "");
  let sent = 0;
  for (const userId of [...group.mentors, ...group.mentees]) {
    const result = await deliverOnce(ctx.client, ctx.db, ctx.log, {
      key: `feedback:${session.id}:${userId}`,
      guildId,
      to: { userId, fallbackChannelId: group.textChannelId },
      message: { content, components: rows },
    });
    if (result.posted) sent++;
  }
  return sent;
}
