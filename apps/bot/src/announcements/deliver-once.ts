import { NoticeDeliveryRepository, noticeMarker } from "@circles/core";
import type { Client, MessageCreateOptions } from "discord.js";
import { clipContent, DISCORD_LIMITS } from "../messaging/discord-limits.ts";

export type DeliveryResult = { posted: true; messageId: string } | { posted: false; reason: "done-before" };

/**
 * Posts a notice at most once per key, even when the job runs again after a crash. The row is
 * claimed before the post and completed after; a retry that finds it half-done looks for its post
 * by the marker shown under the message before posting again.
 */
export async function deliverOnce(
  client: Client<true>,
  db: ConstructorParameters<typeof NoticeDeliveryRepository>[0],
  notice: {
    key: string;
    guildId: string;
    channelId: string;
    message: MessageCreateOptions & { content: string };
  },
): Promise<DeliveryResult> {
  const repo = new NoticeDeliveryRepository(db);
  const claim = await repo.claim(notice.key, notice.guildId, notice.channelId, noticeMarker(notice.key));
  if (claim.state === "sent") return { posted: false, reason: "done-before" };
  const channel = await client.channels.fetch(claim.channelId);
  if (!channel?.isSendable() || !("messages" in channel))
    throw new Error(`channel ${claim.channelId} is not one the bot can post in`);
  const mark = `-# ${claim.marker}`;
  if (!claim.fresh) {
    const recent = await channel.messages.fetch({ limit: 50 });
    const earlier = recent.find((m) => m.author.id === client.user.id && m.content.endsWith(mark));
    if (earlier) {
      await repo.markSent(notice.key, earlier.id);
      return { posted: false, reason: "done-before" };
    }
  }
  const sent = await channel.send({
    ...notice.message,
    content: `${clipContent(notice.message.content, DISCORD_LIMITS.content - mark.length - 1)}\n${mark}`,
    allowedMentions: notice.message.allowedMentions ?? { parse: [] },
  });
  await repo.markSent(notice.key, sent.id);
  return { posted: true, messageId: sent.id };
}
