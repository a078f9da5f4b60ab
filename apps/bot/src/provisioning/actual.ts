import type { ProvisionedResource } from "@circles/core";
import {
  type APIChannel,
  type APIGuildMember,
  type APIGuildScheduledEvent,
  type APIMessage,
  type APIRole,
  ChannelType,
  DiscordAPIError,
  GuildScheduledEventStatus,
  type REST,
  RESTJSONErrorCodes,
  Routes,
} from "discord.js";
import { type ActualChannel, type ActualState, keys, welcomeMarker } from "./desired-state.ts";

/** The guild as read over REST in one pass: roles, channels, members, events. */
export interface GuildSnapshot {
  roles: APIRole[];
  channels: APIChannel[];
  members: APIGuildMember[];
  events: APIGuildScheduledEvent[];
}

export async function readGuild(rest: REST, guildId: string): Promise<GuildSnapshot> {
  const [roles, channels, members, events] = await Promise.all([
    rest.get(Routes.guildRoles(guildId)) as Promise<APIRole[]>,
    rest.get(Routes.guildChannels(guildId)) as Promise<APIChannel[]>,
    readMembers(rest, guildId),
    rest.get(Routes.guildScheduledEvents(guildId)) as Promise<APIGuildScheduledEvent[]>,
  ]);
  return { roles, channels, members, events };
}

async function readMembers(rest: REST, guildId: string): Promise<APIGuildMember[]> {
  const all: APIGuildMember[] = [];
  let after = "0";
  for (;;) {
    const page = (await rest.get(Routes.guildMembers(guildId), {
      query: new URLSearchParams({ limit: "1000", after }),
    })) as APIGuildMember[];
    all.push(...page);
    if (page.length < 1000) return all;
    after = page.at(-1)!.user.id;
  }
}

/** Scheduled or active events count against Discord's 100 per guild. */
export const isLiveEvent = (e: APIGuildScheduledEvent) =>
  e.status === GuildScheduledEventStatus.Scheduled || e.status === GuildScheduledEventStatus.Active;

function channelKind(type: ChannelType): ActualChannel["kind"] {
  if (type === ChannelType.GuildText) return "text";
  if (type === ChannelType.GuildVoice) return "voice";
  if (type === ChannelType.GuildCategory) return "category";
  return "other";
}

/**
 * What the guild holds, in the plan's terms. Welcomes are looked for (by their marker, among the
 * bot's own recent messages) in the text channels of `groupIds` that exist.
 */
export async function readActualState(
  rest: REST,
  guild: GuildSnapshot,
  botUserId: string,
  groupIds: readonly string[],
  resources: readonly ProvisionedResource[],
): Promise<ActualState> {
  const channels = new Map<string, ActualChannel>();
  for (const c of guild.channels) {
    if (!("guild_id" in c)) continue;
    channels.set(c.id, {
      id: c.id,
      name: c.name ?? "",
      kind: channelKind(c.type),
      parentId: "parent_id" in c ? (c.parent_id ?? null) : null,
      overwrites: (("permission_overwrites" in c && c.permission_overwrites) || []).map((o) => ({
        id: o.id,
        type: o.type as 0 | 1,
        allow: BigInt(o.allow),
        deny: BigInt(o.deny),
      })),
    });
  }
  const recorded = new Map(
    resources.map((r) => [
      r.key,
      {
        name: r.name,
        discordId: r.discordId,
        pinned: r.pinned,
        missingReported: r.missingReportedAt !== null,
      },
    ]),
  );
  const welcomes = new Map<string, string>();
  await Promise.all(
    groupIds.map(async (groupId) => {
      const channelId = recorded.get(keys.text(groupId))?.discordId;
      if (!channelId || channels.get(channelId)?.kind !== "text") return;
      const found = await findWelcome(
        rest,
        channelId,
        recorded.get(keys.welcome(groupId))?.discordId,
        botUserId,
        groupId,
      );
      if (found) welcomes.set(groupId, found);
    }),
  );
  return {
    roles: new Map(guild.roles.map((r) => [r.id, { id: r.id, name: r.name, position: r.position }])),
    channels,
    events: new Map(guild.events.map((e) => [e.id, { id: e.id, name: e.name }])),
    memberRoles: new Map(guild.members.map((m) => [m.user.id, new Set(m.roles)])),
    welcomes,
    recorded,
  };
}

/**
 * A recorded welcome is fetched by its id (the group may have chatted for weeks since); an
 * unrecorded one, posted by a run that died before writing its id down, is among the channel's
 * first messages and carries the group's marker.
 */
async function findWelcome(
  rest: REST,
  channelId: string,
  recordedId: string | null | undefined,
  botUserId: string,
  groupId: string,
): Promise<string | undefined> {
  if (recordedId) {
    try {
      await rest.get(Routes.channelMessage(channelId, recordedId));
      return recordedId;
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage)
        return undefined;
      throw error;
    }
  }
  const oldest = (await rest.get(Routes.channelMessages(channelId), {
    query: new URLSearchParams({ after: "0", limit: "50" }),
  })) as APIMessage[];
  const marker = welcomeMarker(groupId);
  return oldest.find((m) => m.author.id === botUserId && m.content.includes(marker))?.id;
}
