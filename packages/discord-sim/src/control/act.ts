import { ChannelType, PermissionFlagsBits } from "discord-api-types/v10";
import type { SimContext } from "../context.ts";
import type { Handler } from "../http/router.ts";
import { has } from "../permissions/compute.ts";
import { memberChannelPermissions } from "../permissions/from-state.ts";
import { messagePayload, voiceStatePayload } from "../state/serialize.ts";
import type { InteractionRecord } from "../state/types.ts";
import { isEmptyMessage, readMessageBody } from "../validation/message.ts";
import { body, controlParam, targetApp } from "./common.ts";
import { controlError, runCommand, submitModal, useComponent } from "./interaction-builder.ts";

const created = (interaction: InteractionRecord) => ({
  status: 201,
  body: { interactionId: interaction.id, token: interaction.token, type: interaction.type },
});

/** Control API: act as a member (slash commands, buttons, selects, modals, voice, messages). */
export function registerActControl(sim: SimContext): void {
  const { router, state } = sim;
  const submittedModals = new Set<string>();

  router.add("POST", "/control/interactions/command", (ctx) => {
    const v = body(ctx);
    const guildId = v.snowflake("guildId", { required: true });
    const channelId = v.snowflake("channelId", { required: true });
    const userId = v.snowflake("userId", { required: true });
    const name = v.string("name", { required: true, min: 1, max: 32 });
    const subcommand = v.string("subcommand", { min: 1, max: 32 });
    const subcommandGroup = v.string("subcommandGroup", { min: 1, max: 32 });
    const applicationId = v.snowflake("applicationId");
    const options = v.body.options;
    if (
      options !== undefined &&
      (options === null || typeof options !== "object" || Array.isArray(options))
    ) {
      v.fail("options", "DICT_TYPE_CONVERT", "options must be an object of name → value");
    }
    v.done();
    return created(
      runCommand(state, targetApp(sim, applicationId), {
        guildId: guildId!,
        channelId: channelId!,
        userId: userId!,
        name: name!,
        ...(subcommand ? { subcommand } : {}),
        ...(subcommandGroup ? { subcommandGroup } : {}),
        ...(options ? { options: options as Record<string, string | number | boolean> } : {}),
      }),
    );
  });

  const component =
    (withValues: boolean): Handler =>
    (ctx) => {
      const v = body(ctx);
      const channelId = v.snowflake("channelId", { required: true });
      const userId = v.snowflake("userId", { required: true });
      const messageId = v.snowflake("messageId", { required: true });
      const customId = v.string("customId", { required: true, min: 1, max: 100 });
      const applicationId = v.snowflake("applicationId");
      const values = withValues
        ? v.array("values", { required: true, max: 25 }, (item, _i, path) => {
            if (typeof item === "string") return item;
            v.errors.add(path, "BASE_TYPE_STRING", "values must be strings");
            return undefined;
          })
        : undefined;
      v.done();
      const channel = state.requireChannel(channelId!);
      return created(
        useComponent(state, targetApp(sim, applicationId), {
          guildId: channel.guild_id,
          channelId: channelId!,
          userId: userId!,
          messageId: messageId!,
          customId: customId!,
          ...(values ? { values } : {}),
        }),
      );
    };
  router.add("POST", "/control/interactions/button", component(false));
  router.add("POST", "/control/interactions/select", component(true));

  router.add("POST", "/control/interactions/modal", (ctx) => {
    const v = body(ctx);
    const userId = v.snowflake("userId", { required: true });
    const interactionId = v.snowflake("interactionId", { required: true });
    const values = v.body.values;
    if (
      values === null ||
      typeof values !== "object" ||
      Array.isArray(values) ||
      Object.values(values).some((x) => typeof x !== "string")
    ) {
      v.fail("values", "DICT_TYPE_CONVERT", "values must be an object of custom_id → string");
    }
    v.done();
    const source = state.interactions.get(interactionId!);
    return created(
      submitModal(
        state,
        targetApp(sim, source?.application_id),
        { userId: userId!, interactionId: interactionId!, values: values as Record<string, string> },
        submittedModals,
      ),
    );
  });

  /** Join (channelId), move (another channelId) or leave (channelId null) voice. */
  router.add("POST", "/control/voice", (ctx) => {
    const v = body(ctx);
    const guildId = v.snowflake("guildId", { required: true });
    const userId = v.snowflake("userId", { required: true });
    const channelId = v.snowflake("channelId", { required: true, nullable: true });
    const selfMute = v.bool("selfMute");
    const selfDeaf = v.bool("selfDeaf");
    v.done();
    state.requireMember(guildId!, userId!);
    if (channelId) {
      const channel = state.requireChannel(channelId);
      if (
        channel.guild_id !== guildId ||
        (channel.type !== ChannelType.GuildVoice && channel.type !== ChannelType.GuildStageVoice)
      ) {
        throw controlError(400, `channel ${channelId} is not a voice channel of guild ${guildId}`);
      }
      const permissions = memberChannelPermissions(state, channel, userId!);
      if (!has(permissions, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.Connect)) {
        throw controlError(403, `user ${userId} may not connect to ${channel.name}`);
      }
      const inside = state
        .voiceStatesOf(guildId!)
        .filter((s) => s.channel_id === channelId && s.user_id !== userId).length;
      if (
        channel.user_limit &&
        inside >= channel.user_limit &&
        !has(permissions, PermissionFlagsBits.MoveMembers)
      ) {
        throw controlError(403, `${channel.name} is full (${channel.user_limit})`);
      }
    }
    const voice = state.setVoiceState(guildId!, userId!, channelId ?? null, {
      ...(selfMute !== undefined && selfMute !== null ? { self_mute: selfMute } : {}),
      ...(selfDeaf !== undefined && selfDeaf !== null ? { self_deaf: selfDeaf } : {}),
    });
    return { status: 200, body: voice ? voiceStatePayload(state, voice) : { channel_id: null } };
  });

  /** A member posts in a channel (needs VIEW_CHANNEL and SEND_MESSAGES there, as in the client). */
  router.add("POST", "/control/channels/:channelId/messages", (ctx) => {
    const channel = state.requireChannel(controlParam(ctx, "channelId"));
    const v = body(ctx);
    const userId = v.snowflake("userId", { required: true });
    const message = readMessageBody(v);
    v.done();
    if (isEmptyMessage(message)) throw controlError(400, "a message needs content, embeds or components");
    if (channel.guild_id) {
      state.requireMember(channel.guild_id, userId!);
      if (
        !has(
          memberChannelPermissions(state, channel, userId!),
          PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages,
        )
      ) {
        throw controlError(403, `user ${userId} cannot send messages in ${channel.name}`);
      }
    } else if (!channel.recipient_ids.includes(userId!)) {
      throw controlError(403, `user ${userId} is not in this DM`);
    }
    return {
      status: 201,
      body: messagePayload(state, state.createMessage(channel.id, { ...message, author_id: userId! })),
    };
  });
}
