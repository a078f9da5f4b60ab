import { type Database, DeliveryRepository, noticeMarker } from "@circles/core";
import type { Client, MessageCreateOptions, SendableChannels, TextBasedChannel } from "discord.js";
import type { Logger } from "../logger.ts";
import { clipContent, DISCORD_LIMITS } from "./discord-limits.ts";
import { sendDirectOrFallback } from "./send-direct-or-fallback.ts";

export type DeliveryResult =
  | { posted: true; via: "channel" | "dm" | "fallback"; messageId: string | null }
  | { posted: false; reason: "done-before" | "failed" };

/** A post in a channel, or a DM to a member that goes to `fallbackChannelId` when DMs are closed. */
export type DeliveryTo = { channelId: string } | { userId: string; fallbackChannelId: string | null };

// Room for the mention a fallback post puts before a DM's text.
const MENTION_ROOM = 30;

/**
 * Sends a message at most once per key, across retries, restarts and bot processes (announcements,
 * reminders, seat offers, nudges, feedback prompts). The key is claimed in the database before the
 * send and marked after; a claim found half-done (a process died in between) is checked against
 * Discord, the message being found by the marker shown under it, before sending again. A channel
 * the bot cannot post in throws (the job retries); a DM that cannot be delivered anywhere is marked
 * failed and logged.
 */
export async function deliverOnce(
  client: Client<true>,
  db: Database,
  log: Logger,
  delivery: {
    key: string;
    guildId: string;
    to: DeliveryTo;
    message: MessageCreateOptions & { content: string };
  },
): Promise<DeliveryResult> {
  const { key, to, message } = delivery;
  const repo = new DeliveryRepository(db);
  const target = "userId" in to ? { userId: to.userId } : { channelId: to.channelId };
  const claim = await repo.claim(key, delivery.guildId, target, noticeMarker(key));
  if (claim.state !== "claimed") return { posted: false, reason: "done-before" };
  const mark = `-# ${claim.marker}`;
  const room = DISCORD_LIMITS.content - mark.length - 1 - ("userId" in to ? MENTION_ROOM : 0);
  const content = `${clipContent(message.content, room)}\n${mark}`;

  if (!("userId" in to)) {
    // The channel first claimed: a retry after a settings change still finds its post there.
    const channel = claim.channelId ? await sendableChannel(client, claim.channelId) : null;
    if (!channel) throw new Error(`channel ${claim.channelId} is not one the bot can post in`);
    const earlier = claim.fresh ? undefined : await postedBefore(client, channel, mark);
    if (earlier) {
      await repo.markSent(key, { via: "channel", messageId: earlier });
      return { posted: false, reason: "done-before" };
    }
    const sent = await channel.send({
      ...message,
      content,
      allowedMentions: message.allowedMentions ?? { parse: [] },
    });
    await repo.markSent(key, { via: "channel", messageId: sent.id });
    return { posted: true, via: "channel", messageId: sent.id };
  }

  const user = await client.users.fetch(to.userId);
  const fallback = to.fallbackChannelId ? await sendableChannel(client, to.fallbackChannelId) : null;
  if (!claim.fresh) {
    const dmChannel = await user.createDM().catch(() => null);
    for (const [channel, via] of [
      [dmChannel, "dm"],
      [fallback, "fallback"],
    ] as const) {
      // A DM channel's history may be unreadable: then it counts as not posted there.
      const earlier = channel ? await postedBefore(client, channel, mark).catch(() => undefined) : undefined;
      if (earlier) {
        await repo.markSent(key, { via, channelId: channel?.id ?? null, messageId: earlier });
        return { posted: false, reason: "done-before" };
      }
    }
  }
  const outcome = await sendDirectOrFallback(
    user,
    { content, ...(message.components ? { components: message.components } : {}) },
    fallback,
    log,
  );
  if (outcome.via === "none") {
    await repo.markFailed(key);
    log.warn({ key, userId: to.userId, reason: outcome.reason }, "a direct message could not be delivered");
    return { posted: false, reason: "failed" };
  }
  await repo.markSent(key, {
    via: outcome.via,
    channelId: outcome.via === "fallback" ? outcome.channelId : null,
  });
  return { posted: true, via: outcome.via, messageId: null };
}

async function sendableChannel(client: Client<true>, id: string): Promise<SendableChannels | null> {
  const channel = await client.channels.fetch(id).catch(() => null);
  return channel?.isSendable() ? channel : null;
}

/** The id of the bot's recent message in `channel` that carries `mark`, if any. */
async function postedBefore(
  client: Client<true>,
  channel: TextBasedChannel,
  mark: string,
): Promise<string | undefined> {
  const recent = await channel.messages.fetch({ limit: 50 });
  return recent.find((m) => m.author.id === client.user.id && m.content.endsWith(mark))?.id;
}
