import type {
  APIChannel,
  APIGuild,
  APIGuildMember,
  APIMessage,
  APIRole,
  APIUser,
  GatewayVoiceState,
} from "discord-api-types/v10";
import type { State } from "./store.ts";
import type {
  ChannelRecord,
  GuildRecord,
  MemberRecord,
  MessageRecord,
  RoleRecord,
  UserRecord,
  VoiceStateRecord,
} from "./types.ts";

/** Records → Discord wire payloads (REST answers and gateway dispatches share these). */

export function userPayload(user: UserRecord): APIUser {
  return {
    id: user.id,
    username: user.username,
    global_name: user.global_name,
    discriminator: user.discriminator,
    avatar: user.avatar,
    bot: user.bot,
    public_flags: 0 as APIUser["flags"] & number,
    flags: 0 as APIUser["flags"] & number,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    primary_guild: null,
  } as APIUser;
}

export function memberPayload(state: State, member: MemberRecord): APIGuildMember {
  const user = state.users.get(member.user_id);
  return {
    user: user ? userPayload(user) : ({ id: member.user_id } as APIUser),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joined_at,
    premium_since: null,
    deaf: member.deaf,
    mute: member.mute,
    flags: 0 as APIGuildMember["flags"],
    pending: false,
    communication_disabled_until: member.communication_disabled_until,
  };
}

export function rolePayload(role: RoleRecord): APIRole {
  const { guild_id: _guild, ...rest } = role;
  return { ...rest, colors: { ...rest.colors }, tags: rest.tags ? { ...rest.tags } : undefined } as APIRole;
}

export function channelPayload(channel: ChannelRecord, state?: State): APIChannel {
  if (channel.guild_id === null) {
    return {
      id: channel.id,
      type: channel.type,
      last_message_id: channel.last_message_id,
      flags: 0,
      recipients: channel.recipient_ids.flatMap((id) => {
        const user = state?.users.get(id);
        return user ? [userPayload(user)] : [];
      }),
    } as unknown as APIChannel;
  }
  const base: Record<string, unknown> = {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guild_id,
    name: channel.name,
    position: channel.position,
    parent_id: channel.parent_id,
    permission_overwrites: channel.permission_overwrites.map((o) => ({ ...o })),
    flags: 0,
    nsfw: channel.nsfw,
  };
  if (channel.type === 0 || channel.type === 5) {
    base.topic = channel.topic;
    base.last_message_id = channel.last_message_id;
    base.rate_limit_per_user = channel.rate_limit_per_user;
  } else if (channel.type === 2 || channel.type === 13) {
    base.bitrate = channel.bitrate;
    base.user_limit = channel.user_limit;
    base.rtc_region = null;
    base.last_message_id = channel.last_message_id;
    base.rate_limit_per_user = channel.rate_limit_per_user;
  }
  return base as unknown as APIChannel;
}

export function messagePayload(state: State, message: MessageRecord): APIMessage {
  const author = state.users.get(message.author_id);
  const payload: Record<string, unknown> = {
    id: message.id,
    channel_id: message.channel_id,
    author: author ? userPayload(author) : { id: message.author_id },
    content: message.content,
    timestamp: message.timestamp,
    edited_timestamp: message.edited_timestamp,
    tts: message.tts,
    mention_everyone: message.mention_everyone,
    mentions: message.mention_user_ids.flatMap((id) => {
      const user = state.users.get(id);
      return user ? [userPayload(user)] : [];
    }),
    mention_roles: [...message.mention_role_ids],
    attachments: [],
    embeds: message.embeds,
    components: message.components,
    pinned: message.pinned_at != null,
    type: message.type,
    flags: message.flags,
  };
  if (message.webhook_id) payload.webhook_id = message.webhook_id;
  if (message.guild_id) payload.guild_id = message.guild_id;
  return payload as unknown as APIMessage;
}

export function voiceStatePayload(state: State, voice: VoiceStateRecord): GatewayVoiceState {
  const member = state.getMember(voice.guild_id, voice.user_id);
  const payload: GatewayVoiceState = {
    guild_id: voice.guild_id,
    channel_id: voice.channel_id,
    user_id: voice.user_id,
    session_id: voice.session_id,
    deaf: voice.deaf,
    mute: voice.mute,
    self_deaf: voice.self_deaf,
    self_mute: voice.self_mute,
    self_video: voice.self_video,
    suppress: voice.suppress,
    request_to_speak_timestamp: voice.request_to_speak_timestamp,
  };
  if (voice.self_stream) payload.self_stream = true;
  if (member) payload.member = memberPayload(state, member);
  return payload;
}

/**
 * The guild object. `nsfw` and `home_header` are on Discord's guild object (openapi.json requires
 * them) but not on discord-api-types' APIGuild; the simulator has neither feature.
 */
export function guildPayload(
  state: State,
  guild: GuildRecord,
): APIGuild & { nsfw: boolean; home_header: string | null } {
  return {
    id: guild.id,
    name: guild.name,
    icon: guild.icon,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.owner_id,
    region: "",
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: state.rolesOf(guild.id).map(rolePayload),
    emojis: [],
    features: guild.features as APIGuild["features"],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.system_channel_id,
    system_channel_flags: 0 as APIGuild["system_channel_flags"],
    rules_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    description: guild.description,
    home_header: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: guild.preferred_locale as APIGuild["preferred_locale"],
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw: false,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
  };
}
