import type { GatewayGuildCreateDispatchData, GatewayReadyDispatchData } from "discord-api-types/v10";
import { channelPayload, guildPayload, memberPayload, userPayload } from "../state/serialize.ts";
import type { State } from "../state/store.ts";
import type { ApplicationRecord } from "../state/types.ts";

export function readyPayload(
  state: State,
  app: ApplicationRecord,
  sessionId: string,
  shard: [number, number],
  guildIds: string[],
  resumeUrl: string,
): GatewayReadyDispatchData {
  return {
    v: 10,
    user: { ...userPayload(state.requireUser(app.bot_user_id)), verified: true, mfa_enabled: false },
    guilds: guildIds.map((id) => ({ id, unavailable: true })),
    session_id: sessionId,
    resume_gateway_url: resumeUrl,
    shard,
    application: { id: app.id, flags: app.flags },
  } as GatewayReadyDispatchData;
}

/**
 * The full guild as a bot receives it. Without GUILD_PRESENCES Discord only includes the bot's own
 * member and the members in voice; the rest come from request-guild-members (op 8).
 */
export function guildCreatePayload(
  state: State,
  guildId: string,
  botUserId: string,
): GatewayGuildCreateDispatchData {
  const guild = state.requireGuild(guildId);
  const voice = state.voiceStatesOf(guildId);
  const memberIds = new Set([botUserId, ...voice.map((v) => v.user_id)]);
  const members = [...memberIds].flatMap((id) => {
    const member = state.getMember(guildId, id);
    return member ? [memberPayload(state, member)] : [];
  });
  const memberCount = state.members.get(guildId)?.size ?? 0;
  return {
    ...guildPayload(state, guild),
    joined_at: state.getMember(guildId, botUserId)?.joined_at ?? new Date(guild.created_at).toISOString(),
    large: memberCount > 250,
    unavailable: false,
    member_count: memberCount,
    voice_states: voice.map((v) => ({
      channel_id: v.channel_id,
      user_id: v.user_id,
      session_id: v.session_id,
      deaf: v.deaf,
      mute: v.mute,
      self_deaf: v.self_deaf,
      self_mute: v.self_mute,
      self_video: v.self_video,
      suppress: v.suppress,
      request_to_speak_timestamp: v.request_to_speak_timestamp,
    })),
    members,
    channels: state.channelsOf(guildId).map((c) => channelPayload(c)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: state.scheduledEventsOf(guildId),
    soundboard_sounds: [],
  } as unknown as GatewayGuildCreateDispatchData;
}
