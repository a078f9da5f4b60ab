import type { SimContext } from "../context.ts";
import { DiscordError, ErrorCode } from "../http/errors.ts";
import type { RequestContext } from "../http/router.ts";
import { messagePayload } from "../state/serialize.ts";
import type { InteractionRecord, MessageRecord } from "../state/types.ts";
import { isEmptyMessage, readMessageBody } from "../validation/message.ts";
import { Validator } from "../validation/validator.ts";
import { noContent, ok, param } from "./common.ts";
import { EPHEMERAL, LOADING, postReply } from "./interactions.ts";
import { emptyMessage } from "./messages.ts";

const unknownWebhook = (): DiscordError => new DiscordError(404, ErrorCode.UnknownWebhook, "Unknown Webhook");
const unknownMessage = (): DiscordError => new DiscordError(404, ErrorCode.UnknownMessage, "Unknown Message");

/** Interaction webhooks: follow-ups and the original response, by application id and interaction token. */
export function registerWebhookRoutes({ router, state, timings }: SimContext): void {
  const interactionOf = (ctx: RequestContext): InteractionRecord => {
    const interaction = state.interactionByToken(param(ctx, "token"));
    if (!interaction || interaction.application_id !== param(ctx, "webhookId")) throw unknownWebhook();
    if (state.clock.now() - interaction.created_at > timings.interactionTokenMs) {
      throw new DiscordError(401, 50027, "Invalid Webhook Token");
    }
    return interaction;
  };

  const messageOf = (ctx: RequestContext, interaction: InteractionRecord): MessageRecord => {
    const messageId = param(ctx, "messageId");
    const id = messageId === "@original" ? interaction.original_message_id : messageId;
    if (!id) throw unknownMessage();
    if (id !== interaction.original_message_id && !interaction.followup_ids.includes(id))
      throw unknownMessage();
    const message = state.messages.get(interaction.channel_id)?.get(id);
    if (!message) throw unknownMessage();
    return message;
  };

  const edit = (ctx: RequestContext) => {
    const interaction = interactionOf(ctx);
    const message = messageOf(ctx, interaction);
    const v = Validator.of(ctx.body);
    const body = readMessageBody(v);
    v.done();
    // Editing the "thinking..." message turns it into the answer; ephemerality cannot change.
    const flags = (message.flags & ~LOADING & EPHEMERAL) | ((body.flags ?? 0) & ~EPHEMERAL);
    if (
      isEmptyMessage(body, message.flags & LOADING ? { content: "", embeds: [], components: [] } : message)
    ) {
      throw emptyMessage();
    }
    if (interaction.stage === "deferred" && message.id === interaction.original_message_id)
      interaction.stage = "replied";
    return ok(messagePayload(state, state.updateMessage(message, { ...body, flags })));
  };

  router.add(
    "POST",
    "/api/webhooks/:webhookId/:token",
    (ctx) => {
      const interaction = interactionOf(ctx);
      if (interaction.stage === "pending" || interaction.stage === "modal") throw unknownWebhook();
      const v = Validator.of(ctx.body);
      const body = readMessageBody(v);
      v.done();
      if (isEmptyMessage(body)) throw emptyMessage();
      let message: MessageRecord;
      const original = interaction.original_message_id
        ? state.messages.get(interaction.channel_id)?.get(interaction.original_message_id)
        : undefined;
      if (original && (original.flags & LOADING) !== 0) {
        // After a deferred reply, the first follow-up replaces the "thinking..." message.
        message = state.updateMessage(original, {
          ...body,
          flags: (original.flags & ~LOADING & EPHEMERAL) | ((body.flags ?? 0) & ~EPHEMERAL),
        });
        interaction.stage = "replied";
      } else {
        message = postReply(state, interaction, body);
        interaction.followup_ids.push(message.id);
      }
      if (ctx.query.get("wait") !== "true") return noContent();
      return ok(messagePayload(state, message));
    },
    { auth: "none" },
  );

  router.add(
    "GET",
    "/api/webhooks/:webhookId/:token/messages/:messageId",
    (ctx) => ok(messagePayload(state, messageOf(ctx, interactionOf(ctx)))),
    { auth: "none" },
  );

  router.add("PATCH", "/api/webhooks/:webhookId/:token/messages/:messageId", edit, { auth: "none" });

  router.add(
    "DELETE",
    "/api/webhooks/:webhookId/:token/messages/:messageId",
    (ctx) => {
      const interaction = interactionOf(ctx);
      const message = messageOf(ctx, interaction);
      state.deleteMessage(message);
      return noContent();
    },
    { auth: "none" },
  );
}
