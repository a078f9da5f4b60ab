import {
  ChannelType,
  GuildScheduledEventEntityType,
  GuildScheduledEventStatus,
  PermissionFlagsBits,
} from "discord-api-types/v10";
import type { SimContext } from "../context.ts";
import { DiscordError, ErrorCode } from "../http/errors.ts";
import type { RequestContext } from "../http/router.ts";
import { userPayload } from "../state/serialize.ts";
import type { State } from "../state/store.ts";
import type { ScheduledEventRecord } from "../state/types.ts";
import { Validator } from "../validation/validator.ts";
import {
  badRequest,
  botUserId,
  noContent,
  ok,
  param,
  requireChannelPermission,
  requireGuildAccess,
  requireGuildPermission,
} from "./common.ts";

export const MAX_SCHEDULED_EVENTS = 100;

const S = GuildScheduledEventStatus;
/** Allowed status changes: scheduled → active | canceled; active → completed. */
const TRANSITIONS: Record<number, number[]> = {
  [S.Scheduled]: [S.Scheduled, S.Active, S.Canceled],
  [S.Active]: [S.Active, S.Completed],
};

const fieldError = (field: string, code: string, message: string) =>
  new DiscordError(400, ErrorCode.InvalidFormBody, "Invalid Form Body", {
    [field]: { _errors: [{ code, message }] },
  });

/** Validates a create (all required fields) or an edit (merged over the current event). */
function readEvent(
  state: State,
  guildId: string,
  me: string,
  body: unknown,
  current: ScheduledEventRecord | null,
): Partial<ScheduledEventRecord> {
  const creating = current === null;
  const v = Validator.of(body);
  const name = v.string("name", { required: creating, min: 1, max: 100 });
  const description = v.string("description", { max: 1000, nullable: true });
  v.int("privacy_level", { required: creating, choices: [2] });
  const start = v.timestamp("scheduled_start_time", { required: creating });
  const end = v.timestamp("scheduled_end_time", { nullable: true });
  const entityType = v.int("entity_type", { required: creating, choices: [1, 2, 3] });
  const channelId = v.snowflake("channel_id", { nullable: true });
  const status = v.int("status", { choices: [1, 2, 3, 4] });
  let location: string | undefined;
  if (v.has("entity_metadata") && v.body.entity_metadata !== null) {
    const meta = v.child(v.body.entity_metadata, ["entity_metadata"]);
    location = meta?.string("location", { min: 1, max: 100 }) ?? undefined;
  }
  v.done();

  const type = (entityType ?? current?.entity_type) as GuildScheduledEventEntityType;
  const channel = channelId !== undefined ? channelId : (current?.channel_id ?? null);
  const startMs = start ?? (current ? Date.parse(current.scheduled_start_time) : 0);
  const endMs =
    end !== undefined ? end : current?.scheduled_end_time ? Date.parse(current.scheduled_end_time) : null;
  const loc =
    location ??
    (type === GuildScheduledEventEntityType.External ? current?.entity_metadata?.location : undefined);

  if (start !== undefined && start !== null && start < state.clock.now()) {
    throw fieldError(
      "scheduled_start_time",
      "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST",
      "Cannot schedule event in the past.",
    );
  }
  if (endMs !== null && endMs <= startMs) {
    throw fieldError(
      "scheduled_end_time",
      "GUILD_SCHEDULED_EVENT_END_BEFORE_START",
      "Cannot schedule event to end before starting.",
    );
  }
  if (type === GuildScheduledEventEntityType.External) {
    if (channelId)
      throw fieldError(
        "channel_id",
        "GUILD_SCHEDULED_EVENT_CHANNEL_NOT_ALLOWED",
        "channel_id must be null for external events.",
      );
    if (!loc)
      throw fieldError(
        "entity_metadata",
        "BASE_TYPE_REQUIRED",
        "entity_metadata.location is required for external events.",
      );
    if (endMs === null)
      throw fieldError("scheduled_end_time", "BASE_TYPE_REQUIRED", "This field is required");
  } else {
    if (!channel) throw fieldError("channel_id", "BASE_TYPE_REQUIRED", "This field is required");
    const target = state.channels.get(channel);
    const wanted =
      type === GuildScheduledEventEntityType.Voice ? ChannelType.GuildVoice : ChannelType.GuildStageVoice;
    if (!target || target.guild_id !== guildId)
      throw new DiscordError(404, ErrorCode.UnknownChannel, "Unknown Channel");
    if (target.type !== wanted)
      throw fieldError("channel_id", "CHANNEL_TYPE_INVALID", "Channel type does not match the entity type.");
    requireChannelPermission(state, channel, me, PermissionFlagsBits.Connect);
  }
  if (status !== undefined && status !== null) {
    const from = current?.status ?? S.Scheduled;
    if (creating || !(TRANSITIONS[from] ?? []).includes(status)) {
      throw fieldError(
        "status",
        "GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION",
        "Invalid status transition.",
      );
    }
  }

  const out: Partial<ScheduledEventRecord> = {};
  if (name) out.name = name;
  if (description !== undefined) out.description = description;
  if (start) out.scheduled_start_time = new Date(start).toISOString();
  if (end !== undefined) out.scheduled_end_time = end === null ? null : new Date(end).toISOString();
  if (entityType) out.entity_type = entityType;
  if (channelId !== undefined || entityType)
    out.channel_id = type === GuildScheduledEventEntityType.External ? null : channel;
  out.entity_metadata = type === GuildScheduledEventEntityType.External ? { location: loc! } : null;
  if (status) out.status = status;
  return out;
}

/** Guild scheduled events: list, get, create, edit (incl. status), delete. At most 100 pending per guild. */
export function registerScheduledEventRoutes({ router, state }: SimContext): void {
  const withCount = (ctx: RequestContext, event: ScheduledEventRecord) =>
    ctx.query.get("with_user_count") === "true" ? { ...event, user_count: event.user_count ?? 0 } : event;

  router.add("GET", "/api/guilds/:guildId/scheduled-events", (ctx) => {
    const guildId = param(ctx, "guildId");
    requireGuildAccess(state, guildId, botUserId(ctx));
    return ok(state.scheduledEventsOf(guildId).map((e) => withCount(ctx, e)));
  });

  router.add("GET", "/api/guilds/:guildId/scheduled-events/:eventId", (ctx) => {
    const guildId = param(ctx, "guildId");
    requireGuildAccess(state, guildId, botUserId(ctx));
    return ok(withCount(ctx, state.requireScheduledEvent(guildId, param(ctx, "eventId"))));
  });

  router.add("POST", "/api/guilds/:guildId/scheduled-events", (ctx) => {
    const guildId = param(ctx, "guildId");
    const me = botUserId(ctx);
    requireGuildPermission(state, guildId, me, PermissionFlagsBits.ManageEvents);
    const input = readEvent(state, guildId, me, ctx.body, null);
    const pending = state
      .scheduledEventsOf(guildId)
      .filter((e) => e.status === S.Scheduled || e.status === S.Active);
    if (pending.length >= MAX_SCHEDULED_EVENTS) {
      throw badRequest(
        30038,
        `Maximum number of uncompleted guild scheduled events reached (${MAX_SCHEDULED_EVENTS})`,
      );
    }
    const creator = state.requireUser(me);
    const event = state.createScheduledEvent({
      guild_id: guildId,
      channel_id: input.channel_id ?? null,
      creator_id: me,
      creator: userPayload(creator),
      name: input.name!,
      description: input.description ?? null,
      scheduled_start_time: input.scheduled_start_time!,
      scheduled_end_time: input.scheduled_end_time ?? null,
      privacy_level: 2,
      status: S.Scheduled,
      entity_type: input.entity_type!,
      entity_id: null,
      entity_metadata: input.entity_metadata ?? null,
      user_count: 0,
      image: null,
      recurrence_rule: null,
      guild_scheduled_event_exceptions: [],
    } as unknown as Omit<ScheduledEventRecord, "id">);
    return ok(event);
  });

  router.add("PATCH", "/api/guilds/:guildId/scheduled-events/:eventId", (ctx) => {
    const guildId = param(ctx, "guildId");
    const me = botUserId(ctx);
    requireGuildPermission(state, guildId, me, PermissionFlagsBits.ManageEvents);
    const event = state.requireScheduledEvent(guildId, param(ctx, "eventId"));
    if (event.status === S.Completed || event.status === S.Canceled) {
      throw badRequest(180000, "Cannot update a finished event");
    }
    return ok(state.updateScheduledEvent(event, readEvent(state, guildId, me, ctx.body, event)));
  });

  router.add("DELETE", "/api/guilds/:guildId/scheduled-events/:eventId", (ctx) => {
    const guildId = param(ctx, "guildId");
    requireGuildPermission(state, guildId, botUserId(ctx), PermissionFlagsBits.ManageEvents);
    state.deleteScheduledEvent(state.requireScheduledEvent(guildId, param(ctx, "eventId")));
    return noContent();
  });
}
