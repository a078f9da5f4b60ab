import { PermissionFlagsBits } from "discord-api-types/v10";
import type { SimContext } from "../context.ts";
import { DiscordError, ErrorCode, missingPermissions } from "../http/errors.ts";
import type { RequestContext } from "../http/router.ts";
import { has } from "../permissions/compute.ts";
import { memberChannelPermissions } from "../permissions/from-state.ts";
import { messagePayload } from "../state/serialize.ts";
import type { State } from "../state/store.ts";
import type { ChannelRecord } from "../state/types.ts";
import { isEmptyMessage, readMessageBody } from "../validation/message.ts";
import { Validator } from "../validation/validator.ts";
import {
  badRequest,
  botUserId,
  noContent,
  ok,
  param,
  requireChannelAccess,
  requireChannelPermission,
} from "./common.ts";

export const emptyMessage = (): DiscordError =>
  badRequest(ErrorCode.CannotSendEmptyMessage, "Cannot send an empty message");

/** Sending into a DM needs the recipient to accept DMs (else 50007). */
function checkDm(state: State, channel: ChannelRecord, me: string): void {
  if (channel.guild_id) return;
  for (const id of channel.recipient_ids) {
    if (id !== me && state.users.get(id)?.dmsBlocked)
      throw new DiscordError(403, ErrorCode.CannotDmUser, "Cannot send messages to this user");
  }
}

/** Messages of a channel: list, get, create, edit (own), delete (own or MANAGE_MESSAGES). */
export function registerMessageRoutes({ router, state }: SimContext): void {
  /** The channel of the route, if the bot may read its history. */
  const readableChannel = (ctx: RequestContext) =>
    requireChannelPermission(
      state,
      param(ctx, "channelId"),
      botUserId(ctx),
      PermissionFlagsBits.ReadMessageHistory,
    );

  router.add("GET", "/api/channels/:channelId/messages", (ctx) => {
    const channel = readableChannel(ctx);
    const v = new Validator(Object.fromEntries(ctx.query));
    const limit = v.int("limit", { min: 1, max: 100 }) ?? 50;
    const before = v.snowflake("before");
    const after = v.snowflake("after");
    const around = v.snowflake("around");
    v.done();
    let list = [...(state.messages.get(channel.id)?.values() ?? [])].filter((m) => !m.ephemeral);
    // Newest first, as Discord answers.
    list.reverse();
    if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
    if (after) list = list.filter((m) => BigInt(m.id) > BigInt(after)).slice(-limit);
    if (around) {
      const index = list.findIndex((m) => BigInt(m.id) <= BigInt(around));
      const start = Math.max(0, (index === -1 ? list.length : index) - Math.floor(limit / 2));
      list = list.slice(start);
    }
    return ok(list.slice(0, limit).map((m) => messagePayload(state, m)));
  });

  router.add("GET", "/api/channels/:channelId/messages/:messageId", (ctx) => {
    const channel = readableChannel(ctx);
    const message = state.requireMessage(channel.id, param(ctx, "messageId"));
    if (message.ephemeral) throw new DiscordError(404, ErrorCode.UnknownMessage, "Unknown Message");
    return ok(messagePayload(state, message));
  });

  router.add("POST", "/api/channels/:channelId/messages", (ctx) => {
    const me = botUserId(ctx);
    const channel = requireChannelPermission(
      state,
      param(ctx, "channelId"),
      me,
      PermissionFlagsBits.SendMessages,
    );
    const v = Validator.of(ctx.body);
    const body = readMessageBody(v);
    v.done();
    if (body.flags !== undefined && (body.flags & (1 << 6)) !== 0) {
      throw new DiscordError(400, ErrorCode.InvalidFormBody, "Invalid Form Body", {
        flags: {
          _errors: [
            { code: "MESSAGE_FLAGS_INVALID", message: "Only interaction responses can be ephemeral." },
          ],
        },
      });
    }
    if (isEmptyMessage(body)) throw emptyMessage();
    checkDm(state, channel, me);
    if (channel.guild_id && (body.embeds?.length ?? 0) > 0) {
      if (!has(memberChannelPermissions(state, channel, me), PermissionFlagsBits.EmbedLinks))
        body.embeds = [];
    }
    return ok(messagePayload(state, state.createMessage(channel.id, { ...body, author_id: me })));
  });

  router.add("PATCH", "/api/channels/:channelId/messages/:messageId", (ctx) => {
    const me = botUserId(ctx);
    const channel = requireChannelAccess(state, param(ctx, "channelId"), me);
    const message = state.requireMessage(channel.id, param(ctx, "messageId"));
    if (message.author_id !== me || message.webhook_id) {
      throw new DiscordError(403, 50005, "Cannot edit a message authored by another user");
    }
    const v = Validator.of(ctx.body);
    const body = readMessageBody(v);
    v.done();
    if (isEmptyMessage(body, message)) throw emptyMessage();
    return ok(messagePayload(state, state.updateMessage(message, body)));
  });

  router.add("DELETE", "/api/channels/:channelId/messages/:messageId", (ctx) => {
    const me = botUserId(ctx);
    const channel = requireChannelAccess(state, param(ctx, "channelId"), me);
    const message = state.requireMessage(channel.id, param(ctx, "messageId"));
    if (message.author_id !== me && channel.guild_id) {
      if (!has(memberChannelPermissions(state, channel, me), PermissionFlagsBits.ManageMessages))
        throw missingPermissions();
    }
    state.deleteMessage(message);
    return noContent();
  });
}
