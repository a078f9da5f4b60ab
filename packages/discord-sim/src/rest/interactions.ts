import { InteractionResponseType, InteractionType } from "discord-api-types/v10";
import type { SimContext, SimulatorTimings } from "../context.ts";
import { DiscordError, ErrorCode } from "../http/errors.ts";
import { messagePayload } from "../state/serialize.ts";
import type { State } from "../state/store.ts";
import type { InteractionRecord, MessageRecord } from "../state/types.ts";
import { isEmptyMessage, type MessageBody, readMessageBody, readModal } from "../validation/message.ts";
import { Validator } from "../validation/validator.ts";
import { badRequest, noContent, ok, param } from "./common.ts";
import { emptyMessage } from "./messages.ts";

export const EPHEMERAL = 1 << 6;
export const LOADING = 1 << 7;

export const unknownInteraction = (): DiscordError =>
  new DiscordError(404, ErrorCode.UnknownInteraction, "Unknown interaction");

/** The interaction behind a callback URL; dead (10062) when unknown, mistyped or past its first-response window. */
export function liveInteraction(
  state: State,
  timings: SimulatorTimings,
  id: string,
  token: string,
): InteractionRecord {
  const interaction = state.interactions.get(id);
  if (!interaction || interaction.token !== token) throw unknownInteraction();
  if (
    interaction.stage === "pending" &&
    state.clock.now() - interaction.created_at > timings.interactionResponseMs
  ) {
    throw unknownInteraction();
  }
  return interaction;
}

/** Posts the bot's reply for an interaction (ephemeral replies stay out of the channel history). */
export function postReply(
  state: State,
  interaction: InteractionRecord,
  body: MessageBody,
  extraFlags = 0,
): MessageRecord {
  const flags = (body.flags ?? 0) | extraFlags;
  const app = state.applications.get(interaction.application_id)!;
  return state.createMessage(interaction.channel_id, {
    ...body,
    flags,
    author_id: app.bot_user_id,
    webhook_id: app.id,
    type: interaction.type === InteractionType.ApplicationCommand ? 20 : 19,
    interaction_id: interaction.id,
    ephemeral: (flags & EPHEMERAL) !== 0,
  });
}

const COMMAND_TYPES = [4, 5, 9];
const COMPONENT_TYPES = [4, 5, 6, 7, 9];
const MODAL_SUBMIT_TYPES = [4, 5, 6, 7];

/** `POST /interactions/{id}/{token}/callback`: the first (and only) response to an interaction. */
export function registerInteractionRoutes({ router, state, timings }: SimContext): void {
  router.add(
    "POST",
    "/api/interactions/:interactionId/:token/callback",
    (ctx) => {
      const interaction = liveInteraction(state, timings, param(ctx, "interactionId"), param(ctx, "token"));
      if (interaction.stage !== "pending") {
        throw badRequest(ErrorCode.AlreadyAcknowledged, "Interaction has already been acknowledged.");
      }
      const v = Validator.of(ctx.body);
      const type = v.int("type", { required: true, choices: [1, 4, 5, 6, 7, 8, 9, 12] });
      v.done();
      const allowed =
        interaction.type === InteractionType.ApplicationCommand
          ? COMMAND_TYPES
          : interaction.type === InteractionType.MessageComponent
            ? COMPONENT_TYPES
            : MODAL_SUBMIT_TYPES;
      const modalFromComponent = interaction.type === InteractionType.ModalSubmit && interaction.message_id;
      if (
        !allowed.includes(type!) ||
        ((type === 6 || type === 7) &&
          interaction.type === InteractionType.ModalSubmit &&
          !modalFromComponent)
      ) {
        throw new DiscordError(400, ErrorCode.InvalidFormBody, "Invalid Form Body", {
          type: {
            _errors: [
              {
                code: "INTERACTION_RESPONSE_TYPE_INVALID",
                message: "Interaction response type is invalid for this interaction.",
              },
            ],
          },
        });
      }
      const data = v.has("data") && v.body.data !== null ? v.child(v.body.data, ["data"]) : null;

      let message: MessageRecord | null = null;
      switch (type) {
        case InteractionResponseType.ChannelMessageWithSource: {
          if (!data) throw emptyMessage();
          const body = readMessageBody(data);
          data.done();
          if (isEmptyMessage(body)) throw emptyMessage();
          message = postReply(state, interaction, body);
          interaction.stage = "replied";
          break;
        }
        case InteractionResponseType.DeferredChannelMessageWithSource: {
          const flags = data ? (data.int("flags", { min: 0, nullable: true }) ?? 0) : 0;
          data?.done();
          // Discord shows "thinking..." as a loading message that later edits replace.
          message = postReply(state, interaction, {}, LOADING | (flags & EPHEMERAL));
          interaction.stage = "deferred";
          break;
        }
        case InteractionResponseType.DeferredMessageUpdate:
          interaction.stage = "deferred";
          message = interaction.message_id
            ? (state.messages.get(interaction.channel_id)?.get(interaction.message_id) ?? null)
            : null;
          break;
        case InteractionResponseType.UpdateMessage: {
          const body = data ? readMessageBody(data) : {};
          data?.done();
          const target = interaction.message_id
            ? state.messages.get(interaction.channel_id)?.get(interaction.message_id)
            : undefined;
          if (!target) throw new DiscordError(404, ErrorCode.UnknownMessage, "Unknown Message");
          message = state.updateMessage(target, body);
          interaction.stage = "replied";
          break;
        }
        case InteractionResponseType.Modal: {
          if (!data) {
            throw new DiscordError(400, ErrorCode.InvalidFormBody, "Invalid Form Body", {
              data: { _errors: [{ code: "BASE_TYPE_REQUIRED", message: "This field is required" }] },
            });
          }
          readModal(data);
          data.done();
          interaction.modal = ctx.body && (ctx.body as { data: unknown }).data;
          interaction.stage = "modal";
          break;
        }
        default:
          throw new DiscordError(400, ErrorCode.InvalidFormBody, "Invalid Form Body", {
            type: {
              _errors: [
                {
                  code: "INTERACTION_RESPONSE_TYPE_INVALID",
                  message: "This response type is not supported here.",
                },
              ],
            },
          });
      }
      interaction.response_type = type!;
      if (message) interaction.original_message_id = message.id;

      if (ctx.query.get("with_response") !== "true") return noContent();
      const resource: Record<string, unknown> = { type };
      if (message && type !== InteractionResponseType.DeferredMessageUpdate)
        resource.message = messagePayload(state, message);
      const callback: Record<string, unknown> = { id: interaction.id, type: interaction.type };
      if (message) {
        callback.response_message_id = message.id;
        callback.response_message_loading = (message.flags & LOADING) !== 0;
        callback.response_message_ephemeral = message.ephemeral;
      }
      return ok({ interaction: callback, resource });
    },
    { auth: "none" },
  );
}
