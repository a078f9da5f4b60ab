import { ChannelType, PermissionFlagsBits } from "discord-api-types/v10";
import type { SimContext } from "../context.ts";
import { has } from "../permissions/compute.ts";
import { memberChannelPermissions } from "../permissions/from-state.ts";
import {
  channelPayload,
  memberPayload,
  messagePayload,
  rolePayload,
  voiceStatePayload,
} from "../state/serialize.ts";
import type { MessageRecord } from "../state/types.ts";
import { controlParam, query } from "./common.ts";
import { controlError } from "./interaction-builder.ts";

/** One channel as a member experiences it. */
export interface ChannelVisibility {
  id: string;
  name: string | null;
  type: number;
  parentId: string | null;
  visible: boolean;
  canSend: boolean;
  canConnect: boolean;
  /** The member's effective permissions in the channel, as a decimal string. */
  permissions: string;
}

/** Control API: read everything back (messages, roles, visibility, events, voice, interactions). */
export function registerReadControl(sim: SimContext): void {
  const { router, state } = sim;
  const messages = (list: MessageRecord[]) =>
    list.map((m) => ({ ...messagePayload(state, m), ephemeral: m.ephemeral }));

  router.add("GET", "/control/guilds/:guildId", (ctx) => {
    const guild = state.requireGuild(controlParam(ctx, "guildId"));
    return {
      status: 200,
      body: {
        id: guild.id,
        name: guild.name,
        ownerId: guild.owner_id,
        roles: state.rolesOf(guild.id).map(rolePayload),
        channels: state.channelsOf(guild.id).map((c) => channelPayload(c)),
        memberCount: state.members.get(guild.id)?.size ?? 0,
      },
    };
  });

  router.add("GET", "/control/guilds/:guildId/members", (ctx) => {
    const guildId = controlParam(ctx, "guildId");
    state.requireGuild(guildId);
    return { status: 200, body: state.membersOf(guildId).map((m) => memberPayload(state, m)) };
  });

  router.add("GET", "/control/guilds/:guildId/members/:userId/roles", (ctx) => {
    const guildId = controlParam(ctx, "guildId");
    const member = state.requireMember(guildId, controlParam(ctx, "userId"));
    return { status: 200, body: member.roles.map((id) => rolePayload(state.requireRole(guildId, id))) };
  });

  router.add("GET", "/control/guilds/:guildId/members/:userId/channels", (ctx) => {
    const guildId = controlParam(ctx, "guildId");
    const userId = controlParam(ctx, "userId");
    state.requireMember(guildId, userId);
    const body: ChannelVisibility[] = state.channelsOf(guildId).map((channel) => {
      const permissions = memberChannelPermissions(state, channel, userId);
      const isVoice = channel.type === ChannelType.GuildVoice || channel.type === ChannelType.GuildStageVoice;
      return {
        id: channel.id,
        name: channel.name,
        type: channel.type,
        parentId: channel.parent_id,
        visible: has(permissions, PermissionFlagsBits.ViewChannel),
        canSend: has(permissions, PermissionFlagsBits.SendMessages),
        canConnect: isVoice && has(permissions, PermissionFlagsBits.Connect),
        permissions: permissions.toString(),
      };
    });
    return { status: 200, body };
  });

  router.add("GET", "/control/guilds/:guildId/scheduled-events", (ctx) => {
    const guildId = controlParam(ctx, "guildId");
    state.requireGuild(guildId);
    return { status: 200, body: state.scheduledEventsOf(guildId) };
  });

  router.add("GET", "/control/guilds/:guildId/voice-states", (ctx) => {
    const guildId = controlParam(ctx, "guildId");
    state.requireGuild(guildId);
    return { status: 200, body: state.voiceStatesOf(guildId).map((v) => voiceStatePayload(state, v)) };
  });

  /** Channel history, oldest first; `?asUser=ID` answers 403 if that member cannot read the channel. */
  router.add("GET", "/control/channels/:channelId/messages", (ctx) => {
    const channel = state.requireChannel(controlParam(ctx, "channelId"));
    const v = query(ctx);
    const asUser = v.snowflake("asUser");
    const includeEphemeral = v.string("includeEphemeral") === "true";
    v.done();
    if (asUser && channel.guild_id) {
      const permissions = state.getMember(channel.guild_id, asUser)
        ? memberChannelPermissions(state, channel, asUser)
        : 0n;
      if (!has(permissions, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory)) {
        throw controlError(403, `user ${asUser} cannot read ${channel.name}`);
      }
    }
    const list = [...(state.messages.get(channel.id)?.values() ?? [])].filter(
      (m) => includeEphemeral || !m.ephemeral,
    );
    return { status: 200, body: messages(list) };
  });

  /** The DM channel between the bot and a user, with its messages. */
  router.add("GET", "/control/users/:userId/dms", (ctx) => {
    const userId = controlParam(ctx, "userId");
    state.requireUser(userId);
    const list: MessageRecord[] = [];
    for (const channel of state.channels.values()) {
      if (channel.guild_id === null && channel.recipient_ids.includes(userId)) {
        list.push(...(state.messages.get(channel.id)?.values() ?? []));
      }
    }
    return { status: 200, body: messages(list) };
  });

  /** What the bot answered: the stage, the original response, follow-ups, and a modal if it showed one. */
  router.add("GET", "/control/interactions/:interactionId", (ctx) => {
    const interaction = state.interactions.get(controlParam(ctx, "interactionId"));
    if (!interaction) throw controlError(404, "no such interaction");
    const box = state.messages.get(interaction.channel_id);
    const original = interaction.original_message_id ? box?.get(interaction.original_message_id) : undefined;
    return {
      status: 200,
      body: {
        id: interaction.id,
        type: interaction.type,
        stage: interaction.stage,
        responseType: interaction.response_type,
        original: original ? messages([original])[0] : null,
        followups: messages(interaction.followup_ids.flatMap((id) => (box?.get(id) ? [box.get(id)!] : []))),
        modal: interaction.modal ?? null,
      },
    };
  });
}
