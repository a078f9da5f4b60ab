import { createHash } from "node:crypto";
import { type Database, DirectDeliveryRepository } from "@circles/core";
import type { Client, MessageCreateOptions, TextBasedChannel } from "discord.js";
import type { Logger } from "../logger.ts";
import { clipContent, DISCORD_LIMITS } from "../messaging/discord-limits.ts";
import { type FallbackChannel, sendDirectOrFallback } from "../messaging/send-direct-or-fallback.ts";

export type DirectOnceResult = "sent" | "done-before" | "failed";

/**
 * A DM that goes out once per key, across retries, restarts and bot processes: the key is claimed in
 * the database before sending and marked after. A claim left half-done (a process died between the
 * send and the mark) is checked against Discord: the DM channel and the fallback channel are searched
 * for the key's marker before sending again. Closed DMs fall back to `fallbackChannelId` (50007).
 */
export async function sendDirectOnce(
  client: Client<true>,
  db: Database,
  log: Logger,
  dm: {
    key: string;
    guildId: string;
    userId: string;
    content: string;
    components?: MessageCreateOptions["components"];
    fallbackChannelId: string | null;
  },
): Promise<DirectOnceResult> {
  const deliveries = new DirectDeliveryRepository(db);
  const claim = await deliveries.claim(dm.key, dm.guildId, dm.userId);
  if (claim.state !== "claimed") return "done-before";
  const mark = `-# ref ${createHash("sha256").update(dm.key).digest("hex").slice(0, 12)}`;
  const user = await client.users.fetch(dm.userId);
  const fallback = dm.fallbackChannelId ? await sendableChannel(client, dm.fallbackChannelId) : null;
  if (!claim.fresh) {
    const dmChannel = await user.createDM().catch(() => null);
    for (const [channel, via] of [
      [dmChannel, "dm"],
      [fallback, "fallback"],
    ] as const) {
      if (channel && (await postedBefore(client, channel, mark))) {
        await deliveries.markSent(dm.key, via, channel.id);
        return "done-before";
      }
    }
  }
  const outcome = await sendDirectOrFallback(
    user,
    {
      content: `${clipContent(dm.content, DISCORD_LIMITS.content - mark.length - 30)}\n${mark}`,
      ...(dm.components ? { components: dm.components } : {}),
    },
    fallback,
    log,
  );
  if (outcome.via === "none") {
    await deliveries.markFailed(dm.key);
    log.warn(
      { key: dm.key, userId: dm.userId, reason: outcome.reason },
      "a direct message could not be delivered",
    );
    return "failed";
  }
  await deliveries.markSent(dm.key, outcome.via, outcome.via === "fallback" ? outcome.channelId : null);
  return "sent";
}

async function sendableChannel(
  client: Client<true>,
  id: string,
): Promise<(FallbackChannel & TextBasedChannel) | null> {
  const channel = await client.channels.fetch(id).catch(() => null);
  return channel?.isSendable() && channel.isTextBased()
    ? (channel as FallbackChannel & TextBasedChannel)
    : null;
}

async function postedBefore(client: Client<true>, channel: TextBasedChannel, mark: string): Promise<boolean> {
  const recent = await channel.messages.fetch({ limit: 50 }).catch(() => null);
  return recent?.some((m) => m.author.id === client.user.id && m.content.endsWith(mark)) ?? false;
}
