import { randomBytes } from "node:crypto";
import {
  type APIApplicationCommandOption,
  type APIInteraction,
  InteractionType,
  ApplicationCommandOptionType as O,
  PermissionFlagsBits,
} from "discord-api-types/v10";
import { DiscordError } from "../http/errors.ts";
import { has } from "../permissions/compute.ts";
import { memberChannelPermissions, memberGuildPermissions } from "../permissions/from-state.ts";
import {
  channelPayload,
  memberPayload,
  messagePayload,
  rolePayload,
  userPayload,
} from "../state/serialize.ts";
import type { State } from "../state/store.ts";
import type { ApplicationRecord, ChannelRecord, InteractionRecord, MessageRecord } from "../state/types.ts";

export const controlError = (status: number, message: string): DiscordError =>
  new DiscordError(status, 0, message);

interface Where {
  /** null: the user's DM with the bot. */
  guildId: string | null;
  channelId: string;
  userId: string;
}

/** What a user may do in their DM with a bot (Discord sends a fixed set there). */
const DM_APP_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions;

/**
 * The channel a user acts in: a guild channel they can see, or their own DM with the bot; anything
 * else is refused (they could not click there).
 */
function place(state: State, where: Where): ChannelRecord {
  if (where.guildId === null) {
    const channel = state.requireChannel(where.channelId);
    if (channel.guild_id !== null || !channel.recipient_ids.includes(where.userId))
      throw controlError(403, `channel ${channel.id} is not a DM of user ${where.userId}`);
    return channel;
  }
  state.requireGuild(where.guildId);
  state.requireMember(where.guildId, where.userId);
  const channel = state.requireChannel(where.channelId);
  if (channel.guild_id !== where.guildId)
    throw controlError(400, `channel ${channel.id} is not in guild ${where.guildId}`);
  if (!has(memberChannelPermissions(state, channel, where.userId), PermissionFlagsBits.ViewChannel)) {
    throw controlError(403, `user ${where.userId} cannot see channel ${channel.id}`);
  }
  return channel;
}

/** Builds, stores and dispatches a complete INTERACTION_CREATE (discord.js crashes on incomplete ones). */
function dispatch(
  state: State,
  app: ApplicationRecord,
  where: Where,
  type: InteractionType,
  data: unknown,
  message: MessageRecord | null,
): InteractionRecord {
  const channel = place(state, where);
  const id = state.ids.next();
  const token = `sim.${randomBytes(40).toString("base64url")}`;
  const common = {
    id,
    application_id: app.id,
    type,
    data,
    channel: channelPayload(channel),
    channel_id: channel.id,
    token,
    version: 1,
    locale: state.users.get(where.userId)?.locale ?? "en-US",
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
  };
  const payload: Record<string, unknown> =
    where.guildId === null
      ? { ...common, ...inDm(state, where.userId) }
      : { ...common, ...inGuild(state, app, where.guildId, channel, where.userId) };
  if (message) payload.message = messagePayload(state, message);
  const record: InteractionRecord = {
    id,
    application_id: app.id,
    token,
    type,
    guild_id: where.guildId,
    channel_id: channel.id,
    user_id: where.userId,
    created_at: state.clock.now(),
    stage: "pending",
    response_type: null,
    original_message_id: null,
    followup_ids: [],
    modal: null,
    message_id: message?.id ?? null,
    payload: payload as unknown as APIInteraction,
  };
  state.addInteraction(record);
  return record;
}

/** A guild interaction: the member with their permissions, the guild, the bot's permissions there. */
function inGuild(
  state: State,
  app: ApplicationRecord,
  guildId: string,
  channel: ChannelRecord,
  userId: string,
) {
  const member = state.requireMember(guildId, userId);
  const guild = state.requireGuild(guildId);
  const permissions = memberChannelPermissions(state, channel, userId).toString();
  const botMember = state.getMember(guildId, app.bot_user_id);
  return {
    guild_id: guildId,
    guild: { id: guild.id, locale: guild.preferred_locale, features: guild.features },
    member: { ...memberPayload(state, member), permissions },
    app_permissions: botMember ? memberChannelPermissions(state, channel, app.bot_user_id).toString() : "0",
    guild_locale: guild.preferred_locale,
    authorizing_integration_owners: { "0": guildId },
    context: 0,
  };
}

/** In the bot's DM: the user instead of a member, and "0" as the guild install's owner (Discord's rule). */
function inDm(state: State, userId: string) {
  const user = state.users.get(userId);
  if (!user) throw controlError(404, `no user ${userId}`);
  return {
    user: userPayload(user),
    app_permissions: DM_APP_PERMISSIONS.toString(),
    authorizing_integration_owners: { "0": "0" },
    context: 1,
  };
}

// ---------- slash commands ----------

export type CommandOptionsInput = Record<string, string | number | boolean>;

export interface CommandInput extends Where {
  /** Commands are run in a guild here (DM commands are not simulated). */
  guildId: string;
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: CommandOptionsInput;
}

interface Resolved {
  users: Record<string, unknown>;
  members: Record<string, unknown>;
  roles: Record<string, unknown>;
  channels: Record<string, unknown>;
}

type EntityKind = "user" | "role" | "channel";

/** Adds a user (with their member), role or channel of the guild to `resolved`; false if none has that id. */
function resolveEntity(
  state: State,
  guildId: string,
  kinds: EntityKind[],
  id: string,
  resolved: Resolved,
): boolean {
  if (kinds.includes("user") && state.users.has(id)) {
    resolved.users[id] = userPayload(state.requireUser(id));
    const member = state.getMember(guildId, id);
    if (member) {
      const { user: _user, ...rest } = memberPayload(state, member);
      resolved.members[id] = { ...rest, permissions: memberGuildPermissions(state, guildId, id).toString() };
    }
    return true;
  }
  if (kinds.includes("role") && state.roles.get(id)?.guild_id === guildId) {
    resolved.roles[id] = rolePayload(state.requireRole(guildId, id));
    return true;
  }
  const channel = state.channels.get(id);
  if (kinds.includes("channel") && channel?.guild_id === guildId) {
    resolved.channels[id] = {
      id,
      name: channel.name,
      type: channel.type,
      parent_id: channel.parent_id,
      permissions: "0",
    };
    return true;
  }
  return false;
}

function resolveOption(
  state: State,
  guildId: string,
  def: APIApplicationCommandOption,
  raw: string | number | boolean,
  resolved: Resolved,
): string | number | boolean {
  const bad = (why: string) => controlError(400, `option ${def.name}: ${why}`);
  switch (def.type) {
    case O.String:
      if (typeof raw !== "string") throw bad("must be a string");
      if ("choices" in def && def.choices?.length && !def.choices.some((c) => c.value === raw))
        throw bad("not one of the choices");
      return raw;
    case O.Integer:
    case O.Number: {
      const n = typeof raw === "number" ? raw : Number(raw);
      if (!Number.isFinite(n) || (def.type === O.Integer && !Number.isInteger(n)))
        throw bad("must be a number");
      return n;
    }
    case O.Boolean:
      if (typeof raw !== "boolean") throw bad("must be true or false");
      return raw;
    case O.User:
    case O.Mentionable:
    case O.Role:
    case O.Channel: {
      const id = String(raw);
      const kinds: EntityKind[] =
        def.type === O.User
          ? ["user"]
          : def.type === O.Role
            ? ["role"]
            : def.type === O.Channel
              ? ["channel"]
              : ["user", "role"];
      if (!resolveEntity(state, guildId, kinds, id, resolved))
        throw bad(`no ${O[def.type].toLowerCase()} ${id} in this guild`);
      return id;
    }
    default:
      throw bad(`option type ${def.type} is not supported by the simulator`);
  }
}

function buildOptions(
  state: State,
  guildId: string,
  defs: readonly APIApplicationCommandOption[],
  input: CommandOptionsInput,
  resolved: Resolved,
): { name: string; type: number; value: string | number | boolean }[] {
  for (const name of Object.keys(input)) {
    if (!defs.some((d) => d.name === name)) throw controlError(400, `unknown option ${name}`);
  }
  const out: { name: string; type: number; value: string | number | boolean }[] = [];
  for (const def of defs) {
    const raw = input[def.name];
    if (raw === undefined) {
      if ("required" in def && def.required) throw controlError(400, `option ${def.name} is required`);
      continue;
    }
    out.push({ name: def.name, type: def.type, value: resolveOption(state, guildId, def, raw, resolved) });
  }
  return out;
}

/** A member runs `/name [group] [subcommand] options...` as registered by the bot. */
export function runCommand(state: State, app: ApplicationRecord, input: CommandInput): InteractionRecord {
  const command = [...state.commandsOf(app.id, input.guildId), ...state.commandsOf(app.id, null)].find(
    (c) => (c.type ?? 1) === 1 && c.name === input.name,
  );
  if (!command) throw controlError(404, `no slash command /${input.name} is registered for this guild`);
  const resolved: Resolved = { users: {}, members: {}, roles: {}, channels: {} };
  let defs: readonly APIApplicationCommandOption[] = command.options ?? [];
  const wrap: { name: string; type: number }[] = [];
  for (const [kind, name] of [
    [O.SubcommandGroup, input.subcommandGroup],
    [O.Subcommand, input.subcommand],
  ] as const) {
    if (!name) continue;
    const def = defs.find((d) => d.type === kind && d.name === name);
    if (!def)
      throw controlError(
        400,
        `/${input.name} has no ${kind === O.Subcommand ? "subcommand" : "group"} ${name}`,
      );
    wrap.push({ name, type: kind });
    defs = "options" in def ? (def.options ?? []) : [];
  }
  if (wrap.length === 0 && defs.some((d) => d.type === O.Subcommand || d.type === O.SubcommandGroup)) {
    throw controlError(400, `/${input.name} needs a subcommand`);
  }
  let options: unknown[] = buildOptions(state, input.guildId, defs, input.options ?? {}, resolved);
  for (const level of wrap.reverse()) options = [{ ...level, options }];
  const data: Record<string, unknown> = {
    id: command.id,
    name: command.name,
    type: 1,
    guild_id: input.guildId,
    options,
  };
  const used = Object.entries(resolved).filter(([, v]) => Object.keys(v).length > 0);
  if (used.length > 0) data.resolved = Object.fromEntries(used);
  return dispatch(state, app, input, InteractionType.ApplicationCommand, data, null);
}

// ---------- message components ----------

export interface ComponentInput extends Where {
  messageId: string;
  customId: string;
  values?: string[];
}

function findComponent(message: MessageRecord, customId: string): Record<string, unknown> | null {
  for (const row of message.components as unknown as { components?: Record<string, unknown>[] }[]) {
    for (const component of row.components ?? []) if (component.custom_id === customId) return component;
  }
  return null;
}

/** A member presses a button or picks from a select menu on a message. */
export function useComponent(state: State, app: ApplicationRecord, input: ComponentInput): InteractionRecord {
  const message = state.messages.get(input.channelId)?.get(input.messageId);
  if (!message) throw controlError(404, `no message ${input.messageId} in channel ${input.channelId}`);
  if (message.ephemeral && state.interactions.get(message.interaction_id ?? "")?.user_id !== input.userId) {
    throw controlError(403, "only the user who ran the command sees this ephemeral message");
  }
  const component = findComponent(message, input.customId);
  if (!component)
    throw controlError(400, `message ${message.id} has no component with custom_id ${input.customId}`);
  if (component.disabled === true) throw controlError(400, `component ${input.customId} is disabled`);
  const type = component.type as number;
  const data: Record<string, unknown> = { custom_id: input.customId, component_type: type };
  if (type === 2) {
    if (input.values) throw controlError(400, "a button takes no values");
  } else {
    const values = input.values ?? [];
    const min = (component.min_values as number | undefined) ?? 1;
    const max = (component.max_values as number | undefined) ?? 1;
    if (values.length < min || values.length > max)
      throw controlError(400, `pick between ${min} and ${max} values`);
    if (type === 3) {
      const allowed = new Set(
        ((component.options as { value: string }[] | undefined) ?? []).map((o) => o.value),
      );
      for (const v of values)
        if (!allowed.has(v)) throw controlError(400, `value ${v} is not an option of ${input.customId}`);
    }
    const kinds: Record<number, EntityKind[]> = {
      5: ["user"],
      6: ["role"],
      7: ["user", "role"],
      8: ["channel"],
    };
    const entityKinds = kinds[type];
    if (entityKinds && input.guildId === null)
      throw controlError(400, "user, role and channel selects in DMs are not simulated");
    if (entityKinds && input.guildId !== null) {
      const resolved: Resolved = { users: {}, members: {}, roles: {}, channels: {} };
      for (const v of values) {
        if (!resolveEntity(state, input.guildId, entityKinds, v, resolved)) {
          throw controlError(400, `value ${v} is not a ${entityKinds.join(" or ")} of this guild`);
        }
      }
      data.resolved = Object.fromEntries(
        Object.entries(resolved).filter(([, v]) => Object.keys(v).length > 0),
      );
    }
    data.values = values;
  }
  return dispatch(state, app, input, InteractionType.MessageComponent, data, message);
}

// ---------- modals ----------

export interface ModalInput {
  userId: string;
  /** The interaction the bot answered with a modal. */
  interactionId: string;
  values: Record<string, string>;
}

interface TextInputDef {
  type: 4;
  custom_id: string;
  required?: boolean;
  min_length?: number;
  max_length?: number;
}

/** A member fills in and submits the modal a bot showed; answers keep the modal's layout (rows or labels). */
export function submitModal(
  state: State,
  app: ApplicationRecord,
  input: ModalInput,
  submitted: Set<string>,
): InteractionRecord {
  const source = state.interactions.get(input.interactionId);
  if (source?.stage !== "modal")
    throw controlError(404, `interaction ${input.interactionId} did not show a modal`);
  if (source.user_id !== input.userId)
    throw controlError(403, "only the user the modal was shown to can submit it");
  if (submitted.has(source.id)) throw controlError(400, "this modal was already submitted");
  const modal = source.modal as { custom_id: string; components: Record<string, unknown>[] };
  const known = new Set<string>();
  const text = (def: TextInputDef) => {
    known.add(def.custom_id);
    const value = input.values[def.custom_id] ?? "";
    if (def.required !== false && value.length === 0)
      throw controlError(400, `field ${def.custom_id} is required`);
    if (value.length > 0 && value.length < (def.min_length ?? 0))
      throw controlError(400, `field ${def.custom_id} is too short`);
    if (value.length > (def.max_length ?? 4000))
      throw controlError(400, `field ${def.custom_id} is too long`);
    return { type: 4, custom_id: def.custom_id, value };
  };
  const components = modal.components.map((top) => {
    if (top.type === 1) return { type: 1, components: (top.components as TextInputDef[]).map(text) };
    const inner = top.component as TextInputDef;
    return { type: 18, component: text(inner) };
  });
  for (const key of Object.keys(input.values)) {
    if (!known.has(key)) throw controlError(400, `the modal has no field ${key}`);
  }
  const message = source.message_id
    ? (state.messages.get(source.channel_id)?.get(source.message_id) ?? null)
    : null;
  submitted.add(source.id);
  return dispatch(
    state,
    app,
    { guildId: source.guild_id, channelId: source.channel_id, userId: input.userId },
    InteractionType.ModalSubmit,
    { custom_id: modal.custom_id, components },
    message,
  );
}
