import { PermissionFlagsBits } from "discord-api-types/v10";
import type { SimContext } from "../context.ts";
import { DiscordError, ErrorCode } from "../http/errors.ts";
import type { RequestContext } from "../http/router.ts";
import { messagePayload } from "../state/serialize.ts";
import { Validator } from "../validation/validator.ts";
import { botUserId, noContent, ok, param, requireChannelPermission } from "./common.ts";

/** Discord keeps at most 250 pins a channel (30003). */
export const MAX_PINS = 250;

/**
 * Pins of a channel. Since 2026 pinning needs PIN_MESSAGES (MANAGE_MESSAGES no longer grants it);
 * reading them needs READ_MESSAGE_HISTORY.
 */
export function registerPinRoutes({ router, state }: SimContext): void {
  const pinnable = (ctx: RequestContext) => {
    const channel = requireChannelPermission(
      state,
      param(ctx, "channelId"),
      botUserId(ctx),
      PermissionFlagsBits.PinMessages,
    );
    return { channel, message: state.requireMessage(channel.id, param(ctx, "messageId")) };
  };
  const pinsOf = (channelId: string) =>
    [...(state.messages.get(channelId)?.values() ?? [])]
      .filter((m) => m.pinned_at != null)
      .sort((a, b) => (b.pinned_at! < a.pinned_at! ? -1 : b.pinned_at! > a.pinned_at! ? 1 : 0));

  router.add("GET", "/api/channels/:channelId/messages/pins", (ctx) => {
    const channel = requireChannelPermission(
      state,
      param(ctx, "channelId"),
      botUserId(ctx),
      PermissionFlagsBits.ReadMessageHistory,
    );
    const v = new Validator(Object.fromEntries(ctx.query));
    const limit = v.int("limit", { min: 1, max: 50 }) ?? 50;
    const before = v.string("before");
    v.done();
    const all = pinsOf(channel.id).filter((m) => !before || m.pinned_at! < before);
    return ok({
      items: all.slice(0, limit).map((m) => ({ pinned_at: m.pinned_at, message: messagePayload(state, m) })),
      has_more: all.length > limit,
    });
  });

  router.add("PUT", "/api/channels/:channelId/messages/pins/:messageId", (ctx) => {
    const { channel, message } = pinnable(ctx);
    if (message.pinned_at == null && pinsOf(channel.id).length >= MAX_PINS)
      throw new DiscordError(400, ErrorCode.MaxPins, "Maximum number of pins reached (250)");
    state.setPinned(message, true);
    return noContent();
  });

  router.add("DELETE", "/api/channels/:channelId/messages/pins/:messageId", (ctx) => {
    const { message } = pinnable(ctx);
    state.setPinned(message, false);
    return noContent();
  });
}
