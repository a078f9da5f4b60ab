import { type APIOverwrite, ChannelType, PermissionFlagsBits } from "discord-api-types/v10";
import type { SimContext } from "../context.ts";
import { DiscordError, ErrorCode } from "../http/errors.ts";
import { channelPayload } from "../state/serialize.ts";
import type { State } from "../state/store.ts";
import type { ChannelRecord } from "../state/types.ts";
import { Validator } from "../validation/validator.ts";
import {
  badRequest,
  botUserId,
  noContent,
  ok,
  param,
  requireChannelAccess,
  requireChannelPermission,
  requireGuildAccess,
  requireGuildPermission,
  requireHeldPermissions,
} from "./common.ts";

export const MAX_CHANNELS = 500;
export const MAX_CHANNELS_PER_CATEGORY = 50;
const GUILD_CHANNEL_TYPES = [
  ChannelType.GuildText,
  ChannelType.GuildVoice,
  ChannelType.GuildCategory,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildStageVoice,
  ChannelType.GuildForum,
];

type ChannelFields = Partial<Omit<ChannelRecord, "id" | "guild_id" | "recipient_ids">>;

function readOverwrites(v: Validator): APIOverwrite[] | null | undefined {
  return v.array("permission_overwrites", { nullable: true, max: 100 }, (item, _i, path) => {
    const o = v.child(item, path);
    if (!o) return undefined;
    const id = o.snowflake("id", { required: true });
    const type = o.int("type", { required: true, choices: [0, 1] });
    const allow = o.permissions("allow", { nullable: true }) ?? 0n;
    const deny = o.permissions("deny", { nullable: true }) ?? 0n;
    if (typeof id !== "string" || (type !== 0 && type !== 1)) return undefined;
    return { id, type, allow: allow.toString(), deny: deny.toString() };
  });
}

/** Reads create/edit fields; `type` is given for creation (and decides which fields apply). */
function readChannel(body: unknown, creating: boolean): ChannelFields & { type?: ChannelType } {
  const v = Validator.of(body);
  const out: ChannelFields & { type?: ChannelType } = {};
  const type = v.int("type", { choices: GUILD_CHANNEL_TYPES, nullable: true });
  if (creating) out.type = (type ?? ChannelType.GuildText) as ChannelType;
  const name = v.string("name", { required: creating, min: 1, max: 100 });
  if (typeof name === "string") out.name = name;
  const topic = v.string("topic", { max: 1024, nullable: true });
  if (topic !== undefined) out.topic = topic;
  const parent = v.snowflake("parent_id", { nullable: true });
  if (parent !== undefined) out.parent_id = parent;
  const position = v.int("position", { min: 0, nullable: true });
  if (typeof position === "number") out.position = position;
  const nsfw = v.bool("nsfw", { nullable: true });
  if (typeof nsfw === "boolean") out.nsfw = nsfw;
  const bitrate = v.int("bitrate", { min: 8000, max: 384000, nullable: true });
  if (typeof bitrate === "number") out.bitrate = bitrate;
  const userLimit = v.int("user_limit", { min: 0, max: 99, nullable: true });
  if (typeof userLimit === "number") out.user_limit = userLimit;
  const slowmode = v.int("rate_limit_per_user", { min: 0, max: 21600, nullable: true });
  if (typeof slowmode === "number") out.rate_limit_per_user = slowmode;
  const overwrites = readOverwrites(v);
  if (overwrites) out.permission_overwrites = overwrites;
  v.done();
  return out;
}

/** Discord's text-channel names: lower case, spaces become dashes. */
function normaliseName(type: ChannelType, name: string): string {
  if (
    type === ChannelType.GuildText ||
    type === ChannelType.GuildAnnouncement ||
    type === ChannelType.GuildForum
  ) {
    return name.toLowerCase().replace(/\s+/g, "-");
  }
  return name;
}

function checkParent(
  state: State,
  guildId: string,
  parentId: string,
  type: ChannelType | undefined,
  movingId?: string,
): void {
  const parent = state.channels.get(parentId);
  const fieldError = (code: string, message: string) =>
    new DiscordError(400, ErrorCode.InvalidFormBody, "Invalid Form Body", {
      parent_id: { _errors: [{ code, message }] },
    });
  if (!parent || parent.guild_id !== guildId || parent.type !== ChannelType.GuildCategory) {
    throw fieldError("CHANNEL_PARENT_INVALID", "Category does not exist.");
  }
  if (type === ChannelType.GuildCategory)
    throw fieldError("CHANNEL_PARENT_INVALID_TYPE", "Categories cannot be nested.");
  const children = state
    .channelsOf(guildId)
    .filter((c) => c.parent_id === parentId && c.id !== movingId).length;
  if (children >= MAX_CHANNELS_PER_CATEGORY) {
    throw fieldError(
      "CHANNEL_PARENT_MAX_CHANNELS",
      `Maximum number of channels in category reached (${MAX_CHANNELS_PER_CATEGORY})`,
    );
  }
}

function overwriteBits(overwrites: readonly APIOverwrite[]): bigint {
  return overwrites.reduce((bits, o) => bits | BigInt(o.allow) | BigInt(o.deny), 0n);
}

/**
 * A member overwrite for someone not in the guild does not take effect on Discord (the facts file,
 * section 5: grant access through roles). Here it is dropped, so a bot that relies on one fails here too.
 */
function withoutStrangers(state: State, guildId: string, overwrites: APIOverwrite[]) {
  return overwrites.filter((o) => o.type !== 1 || state.getMember(guildId, o.id) !== undefined);
}

/** Channels: list, create (with overwrites), get, edit, delete, and single overwrites. */
export function registerChannelRoutes({ router, state }: SimContext): void {
  /** A guild channel on which the caller holds `permission` (a DM channel has no such actions). */
  const guildChannelWith = (channelId: string, userId: string, permission: bigint) => {
    const channel = requireChannelPermission(state, channelId, userId, permission);
    const guildId = channel.guild_id;
    if (!guildId) throw badRequest(50024, "Cannot execute action on this channel type");
    return { ...channel, guild_id: guildId };
  };

  router.add("GET", "/api/guilds/:guildId/channels", (ctx) => {
    const guildId = param(ctx, "guildId");
    requireGuildAccess(state, guildId, botUserId(ctx));
    return ok(state.channelsOf(guildId).map((c) => channelPayload(c)));
  });

  router.add("POST", "/api/guilds/:guildId/channels", (ctx) => {
    const guildId = param(ctx, "guildId");
    const me = botUserId(ctx);
    requireGuildPermission(state, guildId, me, PermissionFlagsBits.ManageChannels);
    const input = readChannel(ctx.body, true);
    const type = input.type!;
    if (input.parent_id) checkParent(state, guildId, input.parent_id, type);
    if (input.permission_overwrites) {
      // Overwrites may only allow or deny what the bot itself holds; MANAGE_ROLES is needed to set any.
      if (input.permission_overwrites.length > 0) {
        requireGuildPermission(state, guildId, me, PermissionFlagsBits.ManageRoles);
        requireHeldPermissions(state, guildId, me, overwriteBits(input.permission_overwrites));
      }
      input.permission_overwrites = withoutStrangers(state, guildId, input.permission_overwrites);
    } else if (input.parent_id) {
      // No overwrites given: the channel starts in sync with its category.
      input.permission_overwrites = state
        .requireChannel(input.parent_id)
        .permission_overwrites.map((o) => ({ ...o }));
    }
    if (state.channelsOf(guildId).length >= MAX_CHANNELS) {
      throw badRequest(ErrorCode.MaxChannels, `Maximum number of guild channels reached (${MAX_CHANNELS})`);
    }
    const channel = state.createChannel(guildId, { ...input, type, name: normaliseName(type, input.name!) });
    return { status: 201, body: channelPayload(channel) };
  });

  router.add("GET", "/api/channels/:channelId", (ctx) => {
    return ok(channelPayload(requireChannelAccess(state, param(ctx, "channelId"), botUserId(ctx)), state));
  });

  router.add("PATCH", "/api/channels/:channelId", (ctx) => {
    const me = botUserId(ctx);
    const channel = guildChannelWith(param(ctx, "channelId"), me, PermissionFlagsBits.ManageChannels);
    const input = readChannel(ctx.body, false);
    if (input.parent_id) checkParent(state, channel.guild_id, input.parent_id, channel.type, channel.id);
    if (input.permission_overwrites) {
      requireChannelPermission(state, channel.id, me, PermissionFlagsBits.ManageRoles);
      requireHeldPermissions(state, channel.guild_id, me, overwriteBits(input.permission_overwrites));
      input.permission_overwrites = withoutStrangers(state, channel.guild_id, input.permission_overwrites);
    }
    if (input.name) input.name = normaliseName(channel.type, input.name);
    return ok(channelPayload(state.updateChannel(channel.id, input)));
  });

  router.add("DELETE", "/api/channels/:channelId", (ctx) => {
    const me = botUserId(ctx);
    const channel = guildChannelWith(param(ctx, "channelId"), me, PermissionFlagsBits.ManageChannels);
    return ok(channelPayload(state.deleteChannel(channel.id)));
  });

  router.add("PUT", "/api/channels/:channelId/permissions/:overwriteId", (ctx) => {
    const me = botUserId(ctx);
    const channel = guildChannelWith(param(ctx, "channelId"), me, PermissionFlagsBits.ManageRoles);
    const v = Validator.of(ctx.body);
    const type = v.int("type", { required: true, choices: [0, 1] });
    const allow = v.permissions("allow", { nullable: true }) ?? 0n;
    const deny = v.permissions("deny", { nullable: true }) ?? 0n;
    v.done();
    const id = param(ctx, "overwriteId");
    if (type === 0) state.requireRole(channel.guild_id, id);
    else state.requireMember(channel.guild_id, id);
    requireHeldPermissions(state, channel.guild_id, me, allow | deny);
    state.setOverwrite(channel.id, {
      id,
      type: type as 0 | 1,
      allow: allow.toString(),
      deny: deny.toString(),
    });
    return noContent();
  });

  router.add("DELETE", "/api/channels/:channelId/permissions/:overwriteId", (ctx) => {
    const me = botUserId(ctx);
    const channel = guildChannelWith(param(ctx, "channelId"), me, PermissionFlagsBits.ManageRoles);
    const id = param(ctx, "overwriteId");
    if (!channel.permission_overwrites.some((o) => o.id === id)) {
      throw new DiscordError(404, ErrorCode.UnknownOverwrite, "Unknown Overwrite");
    }
    state.deleteOverwrite(channel.id, id);
    return noContent();
  });
}
