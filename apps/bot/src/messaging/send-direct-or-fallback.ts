import { DiscordAPIError, type MessageCreateOptions, RESTJSONErrorCodes, type User } from "discord.js";
import type { Logger } from "../logger.ts";

export type DeliveryOutcome =
  | { via: "dm" }
  | { via: "fallback"; channelId: string }
  | { via: "none"; reason: string };

/** Where a message goes when the member's DMs are closed: a channel they can read (welcome, group). */
export interface FallbackChannel {
  id: string;
  send(options: MessageCreateOptions): Promise<unknown>;
}

/**
 * Sends a DM; a member who blocks DMs from the server (50007) gets it in the fallback channel
 * instead, with a mention so that it reaches them. Any other failure is logged and reported.
 */
export async function sendDirectOrFallback(
  user: User,
  /** `components`: buttons such as a seat offer's Accept / Decline (they work in DMs). */
  message: { content: string; components?: MessageCreateOptions["components"] },
  fallback: FallbackChannel | null,
  log: Logger,
): Promise<DeliveryOutcome> {
  try {
    await user.send({ ...message, allowedMentions: { parse: [] } });
    return { via: "dm" };
  } catch (error) {
    if (
      !(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser)
    ) {
      log.warn({ err: error, userId: user.id }, "could not send a DM");
      return { via: "none", reason: "the DM failed" };
    }
  }
  if (!fallback) return { via: "none", reason: "DMs are closed and there is no channel to fall back on" };
  try {
    await fallback.send({
      ...message,
      content: `<@${user.id}> ${message.content}`,
      allowedMentions: { users: [user.id] },
    });
    return { via: "fallback", channelId: fallback.id };
  } catch (error) {
    log.warn({ err: error, userId: user.id, channelId: fallback.id }, "could not post the fallback message");
    return { via: "none", reason: "DMs are closed and the fallback channel refused the message" };
  }
}
