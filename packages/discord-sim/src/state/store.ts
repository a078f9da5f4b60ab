import { randomBytes } from "node:crypto";
import { GatewayIntentBits, PermissionFlagsBits } from "discord-api-types/v10";
import { ErrorCode, unknown } from "../http/errors.ts";
import { type Clock, systemClock } from "./clock.ts";
import { EventBus, type StateEvent } from "./events.ts";
import { normalizeComponents, normalizeEmbeds } from "./normalize.ts";
import {
  channelPayload,
  memberPayload,
  messagePayload,
  rolePayload,
  userPayload,
  voiceStatePayload,
} from "./serialize.ts";
import { SnowflakeGenerator } from "./snowflake.ts";
import type {
  ApplicationRecord,
  ChannelRecord,
  CommandRecord,
  GuildRecord,
  InteractionRecord,
  MemberRecord,
  MessageRecord,
  OAuthCodeRecord,
  OAuthTokenRecord,
  RoleRecord,
  ScheduledEventRecord,
  UserRecord,
  VoiceStateRecord,
} from "./types.ts";

const I = GatewayIntentBits;

/** @everyone's default permissions on a new guild (what Discord grants). */
export const DEFAULT_EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.ChangeNickname |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.MentionEveryone |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.Stream |
  PermissionFlagsBits.UseVAD |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.SendMessagesInThreads;

export interface RoleInput {
  name?: string;
  permissions?: bigint;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
  position?: number;
}

export type ChannelInput = Partial<Omit<ChannelRecord, "id" | "guild_id" | "recipient_ids">> & {
  type: ChannelRecord["type"];
  name: string;
};

export type MessageInput = Partial<
  Omit<MessageRecord, "id" | "channel_id" | "guild_id" | "author_id" | "timestamp">
> & {
  author_id: string;
};

/**
 * The simulator's whole world, in memory. Every mutation goes through a method here that emits the
 * gateway dispatch Discord would send, so the gateway never has to know what changed.
 */
export class State {
  readonly events = new EventBus();
  readonly ids: SnowflakeGenerator;

  readonly applications = new Map<string, ApplicationRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly guilds = new Map<string, GuildRecord>();
  /** guild id → user id → member */
  readonly members = new Map<string, Map<string, MemberRecord>>();
  readonly roles = new Map<string, RoleRecord>();
  /** guild id → role id → role (index of `roles`; change both through putRole/dropRole) */
  readonly guildRoles = new Map<string, Map<string, RoleRecord>>();
  readonly channels = new Map<string, ChannelRecord>();
  /** channel id → message id → message (insertion order = creation order) */
  readonly messages = new Map<string, Map<string, MessageRecord>>();
  /** "appId:guildId" → command id → command */
  readonly commands = new Map<string, Map<string, CommandRecord>>();
  readonly scheduledEvents = new Map<string, ScheduledEventRecord>();
  /** "guildId:userId" → voice state */
  readonly voiceStates = new Map<string, VoiceStateRecord>();
  readonly interactions = new Map<string, InteractionRecord>();
  /** interaction token → interaction id */
  readonly interactionTokens = new Map<string, string>();
  readonly oauthCodes = new Map<string, OAuthCodeRecord>();
  readonly oauthTokens = new Map<string, OAuthTokenRecord>();
  /** bot token → application id (index for authentication) */
  private readonly botTokens = new Map<string, string>();

  constructor(readonly clock: Clock = systemClock) {
    this.ids = new SnowflakeGenerator(clock);
  }

  private emit(event: StateEvent): void {
    this.events.emit(event);
  }

  nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  // ---------- lookups (throw Discord's "unknown" errors) ----------

  requireGuild(id: string): GuildRecord {
    const guild = this.guilds.get(id);
    if (!guild) throw unknown(ErrorCode.UnknownGuild, "Guild");
    return guild;
  }

  requireUser(id: string): UserRecord {
    const user = this.users.get(id);
    if (!user) throw unknown(ErrorCode.UnknownUser, "User");
    return user;
  }

  getMember(guildId: string, userId: string): MemberRecord | undefined {
    return this.members.get(guildId)?.get(userId);
  }

  requireMember(guildId: string, userId: string): MemberRecord {
    const member = this.getMember(guildId, userId);
    if (!member) throw unknown(ErrorCode.UnknownMember, "Member");
    return member;
  }

  requireRole(guildId: string, roleId: string): RoleRecord {
    const role = this.roles.get(roleId);
    if (!role || role.guild_id !== guildId) throw unknown(ErrorCode.UnknownRole, "Role");
    return role;
  }

  requireChannel(id: string): ChannelRecord {
    const channel = this.channels.get(id);
    if (!channel) throw unknown(ErrorCode.UnknownChannel, "Channel");
    return channel;
  }

  requireMessage(channelId: string, messageId: string): MessageRecord {
    const message = this.messages.get(channelId)?.get(messageId);
    if (!message) throw unknown(ErrorCode.UnknownMessage, "Message");
    return message;
  }

  requireScheduledEvent(guildId: string, id: string): ScheduledEventRecord {
    const event = this.scheduledEvents.get(id);
    if (!event || event.guild_id !== guildId)
      throw unknown(ErrorCode.UnknownGuildScheduledEvent, "Guild Scheduled Event");
    return event;
  }

  applicationByBotToken(token: string): ApplicationRecord | undefined {
    const id = this.botTokens.get(token);
    return id ? this.applications.get(id) : undefined;
  }

  applicationByBotUser(userId: string): ApplicationRecord | undefined {
    for (const app of this.applications.values()) if (app.bot_user_id === userId) return app;
    return undefined;
  }

  /** Roles of a guild, lowest position first (ties by id, as Discord sorts). */
  rolesOf(guildId: string): RoleRecord[] {
    const list = [...(this.guildRoles.get(guildId)?.values() ?? [])];
    return list.sort((a, b) => a.position - b.position || compareIds(a.id, b.id));
  }

  channelsOf(guildId: string): ChannelRecord[] {
    const list: ChannelRecord[] = [];
    for (const channel of this.channels.values()) if (channel.guild_id === guildId) list.push(channel);
    return list;
  }

  membersOf(guildId: string): MemberRecord[] {
    return [...(this.members.get(guildId)?.values() ?? [])];
  }

  scheduledEventsOf(guildId: string): ScheduledEventRecord[] {
    const list: ScheduledEventRecord[] = [];
    for (const event of this.scheduledEvents.values()) if (event.guild_id === guildId) list.push(event);
    return list;
  }

  voiceStatesOf(guildId: string): VoiceStateRecord[] {
    const list: VoiceStateRecord[] = [];
    for (const voice of this.voiceStates.values()) if (voice.guild_id === guildId) list.push(voice);
    return list;
  }

  /** Guilds this user is a member of. */
  guildsOfUser(userId: string): GuildRecord[] {
    const list: GuildRecord[] = [];
    for (const [guildId, members] of this.members) {
      if (members.has(userId)) {
        const guild = this.guilds.get(guildId);
        if (guild) list.push(guild);
      }
    }
    return list;
  }

  /** Adds or replaces a role in both the id map and the per-guild index. */
  putRole(role: RoleRecord): void {
    this.roles.set(role.id, role);
    let index = this.guildRoles.get(role.guild_id);
    if (!index) {
      index = new Map();
      this.guildRoles.set(role.guild_id, index);
    }
    index.set(role.id, role);
  }

  private dropRole(role: RoleRecord): void {
    this.roles.delete(role.id);
    this.guildRoles.get(role.guild_id)?.delete(role.id);
  }

  // ---------- users and applications ----------

  createUser(input: Partial<UserRecord> & { username: string }): UserRecord {
    const user: UserRecord = {
      id: input.id ?? this.ids.next(),
      username: input.username,
      global_name: input.global_name ?? null,
      discriminator: input.discriminator ?? "0",
      avatar: input.avatar ?? null,
      bot: input.bot ?? false,
      dmsBlocked: input.dmsBlocked ?? false,
      email: input.email ?? `${input.username.toLowerCase().replace(/[^a-z0-9]+/g, ".")}@example.test`,
      locale: input.locale ?? "en-US",
    };
    this.users.set(user.id, user);
    return user;
  }

  /** Creates an application with its bot user and a bot token. */
  createApplication(input: {
    name: string;
    ownerId: string;
    redirectUris?: string[];
    privilegedIntents?: number;
    id?: string;
    botToken?: string;
    clientSecret?: string;
  }): ApplicationRecord {
    const id = input.id ?? this.ids.next();
    const bot = this.createUser({ id, username: input.name, bot: true });
    const app: ApplicationRecord = {
      id,
      name: input.name,
      bot_user_id: bot.id,
      bot_token:
        input.botToken ??
        `${Buffer.from(id).toString("base64url")}.sim.${randomBytes(18).toString("base64url")}`,
      client_secret: input.clientSecret ?? randomBytes(24).toString("base64url"),
      redirect_uris: input.redirectUris ?? [],
      flags: 0,
      privileged_intents: input.privilegedIntents ?? I.GuildMembers,
      owner_id: input.ownerId,
    };
    this.addApplication(app);
    return app;
  }

  addApplication(app: ApplicationRecord): void {
    this.applications.set(app.id, app);
    this.botTokens.set(app.bot_token, app.id);
  }

  // ---------- guilds ----------

  createGuild(input: {
    name: string;
    ownerId: string;
    id?: string;
    description?: string | null;
  }): GuildRecord {
    this.requireUser(input.ownerId);
    const id = input.id ?? this.ids.next();
    const guild: GuildRecord = {
      id,
      name: input.name,
      owner_id: input.ownerId,
      icon: null,
      description: input.description ?? null,
      features: [],
      preferred_locale: "en-US",
      system_channel_id: null,
      created_at: this.clock.now(),
    };
    this.guilds.set(id, guild);
    this.members.set(id, new Map());
    // @everyone's id is the guild's id.
    this.putRole(
      makeRole(id, id, { name: "@everyone", permissions: DEFAULT_EVERYONE_PERMISSIONS, position: 0 }),
    );
    this.addMember(id, input.ownerId);
    return guild;
  }

  // ---------- members ----------

  addMember(
    guildId: string,
    userId: string,
    input: { roles?: string[]; nick?: string | null } = {},
  ): MemberRecord {
    this.requireGuild(guildId);
    const user = this.requireUser(userId);
    const existing = this.getMember(guildId, userId);
    if (existing) return existing;
    const member: MemberRecord = {
      guild_id: guildId,
      user_id: userId,
      nick: input.nick ?? null,
      roles: [...new Set(input.roles ?? [])].filter((r) => r !== guildId),
      joined_at: this.nowIso(),
      deaf: false,
      mute: false,
      communication_disabled_until: null,
    };
    for (const roleId of member.roles) this.requireRole(guildId, roleId);
    this.members.get(guildId)!.set(userId, member);
    this.emit({
      t: "GUILD_MEMBER_ADD",
      d: { ...memberPayload(this, member), guild_id: guildId },
      guildId,
      intent: I.GuildMembers,
    });
    // A bot that joins a guild receives it as GUILD_CREATE.
    if (user.bot) this.emit({ t: "GUILD_CREATE", d: null, guildId, intent: I.Guilds, userIds: [userId] });
    return member;
  }

  updateMember(
    guildId: string,
    userId: string,
    patch: { roles?: string[]; nick?: string | null; mute?: boolean; deaf?: boolean },
  ): MemberRecord {
    const member = this.requireMember(guildId, userId);
    if (patch.roles) {
      const roles = [...new Set(patch.roles)].filter((r) => r !== guildId);
      for (const roleId of roles) this.requireRole(guildId, roleId);
      member.roles = roles;
    }
    if (patch.nick !== undefined) member.nick = patch.nick;
    if (patch.mute !== undefined) member.mute = patch.mute;
    if (patch.deaf !== undefined) member.deaf = patch.deaf;
    this.emit({
      t: "GUILD_MEMBER_UPDATE",
      d: { ...memberPayload(this, member), guild_id: guildId },
      guildId,
      intent: I.GuildMembers,
    });
    return member;
  }

  removeMember(guildId: string, userId: string): void {
    this.requireMember(guildId, userId);
    this.setVoiceState(guildId, userId, null);
    const user = this.requireUser(userId);
    this.members.get(guildId)!.delete(userId);
    this.emit({
      t: "GUILD_MEMBER_REMOVE",
      d: { guild_id: guildId, user: userPayload(user) },
      guildId,
      intent: I.GuildMembers,
    });
    // A bot removed from a guild loses it: GUILD_DELETE without `unavailable`.
    if (user.bot)
      this.emit({ t: "GUILD_DELETE", d: { id: guildId }, guildId, intent: I.Guilds, userIds: [userId] });
  }

  // ---------- roles ----------

  createRole(guildId: string, input: RoleInput): RoleRecord {
    this.requireGuild(guildId);
    // New roles go just above @everyone; the others move up by one (Discord sends their updates).
    const shifted: RoleRecord[] = [];
    for (const role of this.rolesOf(guildId)) {
      if (role.position >= 1) {
        role.position += 1;
        shifted.push(role);
      }
    }
    const role = makeRole(this.ids.next(), guildId, { ...input, position: 1 });
    this.putRole(role);
    this.emit({
      t: "GUILD_ROLE_CREATE",
      d: { guild_id: guildId, role: rolePayload(role) },
      guildId,
      intent: I.Guilds,
    });
    for (const moved of shifted) this.emitRoleUpdate(moved);
    return role;
  }

  updateRole(guildId: string, roleId: string, patch: RoleInput): RoleRecord {
    const role = this.requireRole(guildId, roleId);
    if (patch.name !== undefined) role.name = patch.name;
    if (patch.permissions !== undefined) role.permissions = patch.permissions.toString();
    if (patch.color !== undefined) {
      role.color = patch.color;
      role.colors = { primary_color: patch.color, secondary_color: null, tertiary_color: null };
    }
    if (patch.hoist !== undefined) role.hoist = patch.hoist;
    if (patch.mentionable !== undefined) role.mentionable = patch.mentionable;
    this.emitRoleUpdate(role);
    return role;
  }

  /** Applies new positions (Discord's modify-positions); emits an update per role that moved. */
  setRolePositions(guildId: string, positions: { id: string; position: number }[]): RoleRecord[] {
    const moved: RoleRecord[] = [];
    for (const { id, position } of positions) {
      const role = this.requireRole(guildId, id);
      if (role.id !== guildId && role.position !== position) {
        role.position = position;
        moved.push(role);
      }
    }
    for (const role of moved) this.emitRoleUpdate(role);
    return this.rolesOf(guildId);
  }

  private emitRoleUpdate(role: RoleRecord): void {
    this.emit({
      t: "GUILD_ROLE_UPDATE",
      d: { guild_id: role.guild_id, role: rolePayload(role) },
      guildId: role.guild_id,
      intent: I.Guilds,
    });
  }

  deleteRole(guildId: string, roleId: string): void {
    const role = this.requireRole(guildId, roleId);
    this.dropRole(role);
    for (const member of this.members.get(guildId)?.values() ?? []) {
      const index = member.roles.indexOf(roleId);
      if (index !== -1) member.roles.splice(index, 1);
    }
    // Close the gap left behind, as Discord does.
    for (const other of this.rolesOf(guildId)) if (other.position > role.position) other.position -= 1;
    this.emit({
      t: "GUILD_ROLE_DELETE",
      d: { guild_id: guildId, role_id: roleId },
      guildId,
      intent: I.Guilds,
    });
  }

  // ---------- channels ----------

  createChannel(guildId: string, input: ChannelInput): ChannelRecord {
    this.requireGuild(guildId);
    const channel: ChannelRecord = {
      id: this.ids.next(),
      type: input.type,
      guild_id: guildId,
      name: input.name,
      position: input.position ?? this.channelsOf(guildId).filter((c) => c.type === input.type).length,
      parent_id: input.parent_id ?? null,
      topic: input.topic ?? null,
      nsfw: input.nsfw ?? false,
      permission_overwrites: (input.permission_overwrites ?? []).map((o) => ({ ...o })),
      bitrate: input.type === 2 || input.type === 13 ? (input.bitrate ?? 64000) : null,
      user_limit: input.type === 2 || input.type === 13 ? (input.user_limit ?? 0) : null,
      rate_limit_per_user: input.rate_limit_per_user ?? 0,
      last_message_id: null,
      recipient_ids: [],
    };
    this.channels.set(channel.id, channel);
    this.emit({ t: "CHANNEL_CREATE", d: channelPayload(channel), guildId, intent: I.Guilds });
    return channel;
  }

  updateChannel(
    channelId: string,
    patch: Partial<Omit<ChannelRecord, "id" | "guild_id" | "type" | "recipient_ids">>,
  ): ChannelRecord {
    const channel = this.requireChannel(channelId);
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) (channel as unknown as Record<string, unknown>)[key] = value;
    }
    this.emitChannelUpdate(channel);
    return channel;
  }

  setOverwrite(channelId: string, overwrite: ChannelRecord["permission_overwrites"][number]): ChannelRecord {
    const channel = this.requireChannel(channelId);
    const index = channel.permission_overwrites.findIndex((o) => o.id === overwrite.id);
    if (index === -1) channel.permission_overwrites.push({ ...overwrite });
    else channel.permission_overwrites[index] = { ...overwrite };
    this.emitChannelUpdate(channel);
    return channel;
  }

  deleteOverwrite(channelId: string, id: string): ChannelRecord {
    const channel = this.requireChannel(channelId);
    channel.permission_overwrites = channel.permission_overwrites.filter((o) => o.id !== id);
    this.emitChannelUpdate(channel);
    return channel;
  }

  private emitChannelUpdate(channel: ChannelRecord): void {
    if (!channel.guild_id) return;
    this.emit({
      t: "CHANNEL_UPDATE",
      d: channelPayload(channel),
      guildId: channel.guild_id,
      intent: I.Guilds,
    });
  }

  deleteChannel(channelId: string): ChannelRecord {
    const channel = this.requireChannel(channelId);
    if (channel.guild_id) {
      for (const voice of this.voiceStatesOf(channel.guild_id)) {
        if (voice.channel_id === channelId) this.setVoiceState(channel.guild_id, voice.user_id, null);
      }
      // Children of a deleted category lose their parent.
      for (const child of this.channelsOf(channel.guild_id)) {
        if (child.parent_id === channelId) {
          child.parent_id = null;
          this.emitChannelUpdate(child);
        }
      }
    }
    this.channels.delete(channelId);
    this.messages.delete(channelId);
    if (channel.guild_id) {
      this.emit({
        t: "CHANNEL_DELETE",
        d: channelPayload(channel),
        guildId: channel.guild_id,
        intent: I.Guilds,
      });
    }
    return channel;
  }

  /** The DM channel between a bot and a user, created on first use. */
  openDm(userId: string, recipientId: string): ChannelRecord {
    this.requireUser(recipientId);
    for (const channel of this.channels.values()) {
      if (
        channel.guild_id === null &&
        channel.recipient_ids.length === 2 &&
        channel.recipient_ids.includes(userId) &&
        channel.recipient_ids.includes(recipientId)
      ) {
        return channel;
      }
    }
    const channel: ChannelRecord = {
      id: this.ids.next(),
      type: 1,
      guild_id: null,
      name: null,
      position: 0,
      parent_id: null,
      topic: null,
      nsfw: false,
      permission_overwrites: [],
      bitrate: null,
      user_limit: null,
      rate_limit_per_user: 0,
      last_message_id: null,
      recipient_ids: userId === recipientId ? [userId] : [userId, recipientId],
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  // ---------- messages ----------

  createMessage(channelId: string, input: MessageInput): MessageRecord {
    const channel = this.requireChannel(channelId);
    const message: MessageRecord = {
      id: this.ids.next(),
      channel_id: channelId,
      guild_id: channel.guild_id,
      author_id: input.author_id,
      webhook_id: input.webhook_id ?? null,
      content: input.content ?? "",
      embeds: normalizeEmbeds(input.embeds ?? []),
      components: normalizeComponents(input.components ?? []),
      flags: input.flags ?? 0,
      timestamp: this.nowIso(),
      edited_timestamp: null,
      type: input.type ?? 0,
      mention_user_ids: input.mention_user_ids ?? [],
      mention_role_ids: input.mention_role_ids ?? [],
      mention_everyone: input.mention_everyone ?? false,
      tts: input.tts ?? false,
      interaction_id: input.interaction_id ?? null,
      ephemeral: input.ephemeral ?? false,
    };
    let box = this.messages.get(channelId);
    if (!box) {
      box = new Map();
      this.messages.set(channelId, box);
    }
    box.set(message.id, message);
    if (!message.ephemeral) {
      channel.last_message_id = message.id;
      this.emitMessage("MESSAGE_CREATE", channel, messageEventPayload(this, message), message);
    }
    return message;
  }

  updateMessage(
    message: MessageRecord,
    patch: Partial<Pick<MessageRecord, "content" | "embeds" | "components" | "flags">>,
  ): MessageRecord {
    if (patch.content !== undefined) message.content = patch.content;
    if (patch.embeds !== undefined) message.embeds = normalizeEmbeds(patch.embeds);
    if (patch.components !== undefined) message.components = normalizeComponents(patch.components);
    if (patch.flags !== undefined) message.flags = patch.flags;
    message.edited_timestamp = this.nowIso();
    const channel = this.channels.get(message.channel_id);
    if (channel && !message.ephemeral)
      this.emitMessage("MESSAGE_UPDATE", channel, messageEventPayload(this, message), message);
    return message;
  }

  /** Pins or unpins; Discord tells the channel with CHANNEL_PINS_UPDATE and the message's MESSAGE_UPDATE. */
  setPinned(message: MessageRecord, pinned: boolean): void {
    if ((message.pinned_at != null) === pinned) return;
    message.pinned_at = pinned ? this.nowIso() : null;
    const channel = this.channels.get(message.channel_id);
    if (channel && !message.ephemeral)
      this.emitMessage("MESSAGE_UPDATE", channel, messageEventPayload(this, message), message);
  }

  deleteMessage(message: MessageRecord): void {
    this.messages.get(message.channel_id)?.delete(message.id);
    const channel = this.channels.get(message.channel_id);
    if (channel && !message.ephemeral) {
      const d: Record<string, string> = { id: message.id, channel_id: message.channel_id };
      if (message.guild_id) d.guild_id = message.guild_id;
      this.emitMessage("MESSAGE_DELETE", channel, d);
    }
  }

  private emitMessage(
    t: "MESSAGE_CREATE" | "MESSAGE_UPDATE" | "MESSAGE_DELETE",
    channel: ChannelRecord,
    d: unknown,
    message?: MessageRecord,
  ): void {
    if (channel.guild_id) {
      this.emit({
        t,
        d,
        guildId: channel.guild_id,
        intent: I.GuildMessages,
        ...(message
          ? { messageContent: { authorId: message.author_id, mentionIds: message.mention_user_ids } }
          : {}),
      });
    } else this.emit({ t, d, guildId: null, intent: I.DirectMessages, userIds: channel.recipient_ids });
  }

  // ---------- application commands ----------

  commandsOf(applicationId: string, guildId: string | null): CommandRecord[] {
    return [...(this.commands.get(`${applicationId}:${guildId ?? "global"}`)?.values() ?? [])];
  }

  /** Bulk overwrite: commands with a known name keep their id. */
  setCommands(
    applicationId: string,
    guildId: string | null,
    list: Omit<CommandRecord, "id" | "application_id" | "version">[],
  ): CommandRecord[] {
    const key = `${applicationId}:${guildId ?? "global"}`;
    const previous = this.commands.get(key) ?? new Map<string, CommandRecord>();
    const byName = new Map([...previous.values()].map((c) => [`${c.type ?? 1}:${c.name}`, c]));
    const next = new Map<string, CommandRecord>();
    for (const input of list) {
      const old = byName.get(`${input.type ?? 1}:${input.name}`);
      const command = {
        ...input,
        id: old?.id ?? this.ids.next(),
        application_id: applicationId,
        version: this.ids.next(),
        ...(guildId ? { guild_id: guildId } : {}),
      } as CommandRecord;
      next.set(command.id, command);
    }
    this.commands.set(key, next);
    return [...next.values()];
  }

  // ---------- scheduled events ----------

  createScheduledEvent(event: Omit<ScheduledEventRecord, "id">): ScheduledEventRecord {
    const record = { ...event, id: this.ids.next() } as ScheduledEventRecord;
    this.scheduledEvents.set(record.id, record);
    this.emit({
      t: "GUILD_SCHEDULED_EVENT_CREATE",
      d: record,
      guildId: record.guild_id,
      intent: I.GuildScheduledEvents,
    });
    return record;
  }

  updateScheduledEvent(
    record: ScheduledEventRecord,
    patch: Partial<ScheduledEventRecord>,
  ): ScheduledEventRecord {
    Object.assign(record, patch, { id: record.id, guild_id: record.guild_id });
    this.emit({
      t: "GUILD_SCHEDULED_EVENT_UPDATE",
      d: record,
      guildId: record.guild_id,
      intent: I.GuildScheduledEvents,
    });
    return record;
  }

  deleteScheduledEvent(record: ScheduledEventRecord): void {
    this.scheduledEvents.delete(record.id);
    this.emit({
      t: "GUILD_SCHEDULED_EVENT_DELETE",
      d: record,
      guildId: record.guild_id,
      intent: I.GuildScheduledEvents,
    });
  }

  // ---------- voice ----------

  /** Joins, moves (channelId set) or leaves (null) a voice channel. */
  setVoiceState(
    guildId: string,
    userId: string,
    channelId: string | null,
    flags: Partial<VoiceStateRecord> = {},
  ): VoiceStateRecord | null {
    const key = `${guildId}:${userId}`;
    const previous = this.voiceStates.get(key);
    if (channelId === null) {
      if (!previous) return null;
      this.voiceStates.delete(key);
      const d = { ...voiceStatePayload(this, previous), channel_id: null };
      this.emit({ t: "VOICE_STATE_UPDATE", d, guildId, intent: I.GuildVoiceStates });
      return null;
    }
    const voice: VoiceStateRecord = {
      guild_id: guildId,
      user_id: userId,
      channel_id: channelId,
      session_id: previous?.session_id ?? randomBytes(16).toString("hex"),
      deaf: false,
      mute: false,
      self_deaf: false,
      self_mute: false,
      self_video: false,
      self_stream: false,
      suppress: false,
      request_to_speak_timestamp: null,
      ...previous,
      ...flags,
    };
    voice.channel_id = channelId;
    this.voiceStates.set(key, voice);
    this.emit({
      t: "VOICE_STATE_UPDATE",
      d: voiceStatePayload(this, voice),
      guildId,
      intent: I.GuildVoiceStates,
    });
    return voice;
  }

  // ---------- interactions ----------

  addInteraction(record: InteractionRecord): void {
    this.interactions.set(record.id, record);
    this.interactionTokens.set(record.token, record.id);
    this.emit({
      t: "INTERACTION_CREATE",
      d: record.payload,
      guildId: record.guild_id,
      intent: 0,
      applicationId: record.application_id,
    });
  }

  interactionByToken(token: string): InteractionRecord | undefined {
    const id = this.interactionTokens.get(token);
    return id ? this.interactions.get(id) : undefined;
  }
}

function makeRole(id: string, guildId: string, input: RoleInput): RoleRecord {
  const color = input.color ?? 0;
  return {
    id,
    guild_id: guildId,
    name: input.name ?? "new role",
    color,
    colors: { primary_color: color, secondary_color: null, tertiary_color: null },
    hoist: input.hoist ?? false,
    icon: null,
    unicode_emoji: null,
    position: input.position ?? 1,
    permissions: (input.permissions ?? 0n).toString(),
    managed: false,
    mentionable: input.mentionable ?? false,
    flags: 0 as RoleRecord["flags"],
  };
}

export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** MESSAGE_CREATE/UPDATE carry the author's member object in guilds. */
function messageEventPayload(state: State, message: MessageRecord): unknown {
  const payload = messagePayload(state, message) as unknown as Record<string, unknown>;
  if (message.guild_id && !message.webhook_id) {
    const member = state.getMember(message.guild_id, message.author_id);
    if (member) {
      const { user: _user, ...rest } = memberPayload(state, member);
      payload.member = rest;
    }
  }
  return payload;
}

export { channelPayload, memberPayload, messagePayload, rolePayload, userPayload };
