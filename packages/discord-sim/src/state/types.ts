import type {
  APIActionRowComponent,
  APIApplicationCommand,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIGuildScheduledEvent,
  APIInteraction,
  APIMessage,
  APIOverwrite,
  APIRole,
  ChannelType,
  InteractionType,
} from "discord-api-types/v10";

/** Records are kept close to Discord's wire shapes so that serialising them is cheap. */

export interface UserRecord {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot: boolean;
  /** Simulator flag: this user refuses DMs (REST answers 50007). */
  dmsBlocked: boolean;
  email: string | null;
  locale: string;
}

export interface GuildRecord {
  id: string;
  name: string;
  owner_id: string;
  icon: string | null;
  description: string | null;
  features: string[];
  preferred_locale: string;
  system_channel_id: string | null;
  created_at: number;
}

export interface MemberRecord {
  guild_id: string;
  user_id: string;
  nick: string | null;
  roles: string[];
  joined_at: string;
  deaf: boolean;
  mute: boolean;
  communication_disabled_until: string | null;
}

export type RoleRecord = APIRole & { guild_id: string };

export interface ChannelRecord {
  id: string;
  type: ChannelType;
  guild_id: string | null;
  name: string | null;
  position: number;
  parent_id: string | null;
  topic: string | null;
  nsfw: boolean;
  permission_overwrites: APIOverwrite[];
  bitrate: number | null;
  user_limit: number | null;
  rate_limit_per_user: number;
  last_message_id: string | null;
  /** DM channels only. */
  recipient_ids: string[];
}

export interface MessageRecord {
  id: string;
  channel_id: string;
  guild_id: string | null;
  author_id: string;
  /** Set when a webhook (interaction follow-up or reply) posted it. */
  webhook_id: string | null;
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  flags: number;
  timestamp: string;
  edited_timestamp: string | null;
  type: number;
  mention_user_ids: string[];
  mention_role_ids: string[];
  mention_everyone: boolean;
  tts: boolean;
  /** The interaction this message answers (original reply or follow-up). */
  interaction_id: string | null;
  /** Ephemeral replies are not visible in the channel history. */
  ephemeral: boolean;
  /** When it was pinned; absent or null: not pinned. */
  pinned_at?: string | null;
}

export type CommandRecord = APIApplicationCommand;

export type ScheduledEventRecord = APIGuildScheduledEvent;

export interface VoiceStateRecord {
  guild_id: string;
  user_id: string;
  channel_id: string;
  session_id: string;
  deaf: boolean;
  mute: boolean;
  self_deaf: boolean;
  self_mute: boolean;
  self_video: boolean;
  self_stream: boolean;
  suppress: boolean;
  request_to_speak_timestamp: string | null;
}

/** What has happened to an interaction so far. */
export type InteractionStage = "pending" | "deferred" | "replied" | "modal";

export interface InteractionRecord {
  id: string;
  application_id: string;
  token: string;
  type: InteractionType;
  guild_id: string | null;
  channel_id: string;
  user_id: string;
  created_at: number;
  stage: InteractionStage;
  /** The callback type the bot answered with (4, 5, 6, 7, 9), or null. */
  response_type: number | null;
  /** The message holding the original response (reply, deferred reply or updated message). */
  original_message_id: string | null;
  followup_ids: string[];
  /** For type 9 (modal) responses: the modal the bot showed. */
  modal: unknown;
  /** For component interactions: the message the component is on. */
  message_id: string | null;
  /** The full payload dispatched as INTERACTION_CREATE. */
  payload: APIInteraction;
}

export interface ApplicationRecord {
  id: string;
  name: string;
  bot_user_id: string;
  bot_token: string;
  client_secret: string;
  redirect_uris: string[];
  /** Application flags (gateway intents enabled: GUILD_MEMBERS 1<<15 limited / 1<<14; presence; message content). */
  flags: number;
  /** Privileged intents the app may use: bitfield of GatewayIntentBits. */
  privileged_intents: number;
  owner_id: string;
}

/** OAuth2 grant and token bookkeeping, used by src/oauth (kept here so that it is saved with the rest). */
export interface OAuthCodeRecord {
  code: string;
  application_id: string;
  user_id: string;
  redirect_uri: string;
  scopes: string[];
  expires_at: number;
  used: boolean;
}

export interface OAuthTokenRecord {
  access_token: string;
  refresh_token: string;
  application_id: string;
  user_id: string;
  scopes: string[];
  expires_at: number;
  revoked: boolean;
}

export type { APIMessage };
