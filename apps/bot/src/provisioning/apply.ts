import type { ProvisioningFailure, ProvisioningService } from "@circles/core";
import {
  ChannelType,
  DiscordAPIError,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  type REST,
  RESTJSONErrorCodes,
  Routes,
} from "discord.js";
import type { DesiredState } from "./desired-state.ts";
import {
  categoryOverwrites,
  channelOverwrites,
  groupRoleOverwrite,
  kindOf,
  type Overwrite,
  type Plan,
  type Step,
} from "./plan.ts";

export interface ApplyContext {
  rest: REST;
  service: ProvisioningService;
  guildId: string;
  cohortId: string;
  desired: Pick<DesiredState, "guildId" | "botUserId" | "organiserRoleId" | "pinWelcome">;
  /** Called after every step that finished (done or failed). */
  onStep(failed: boolean): Promise<void>;
}

const json = (o: Overwrite) => ({
  id: o.id,
  type: o.type,
  allow: o.allow.toString(),
  deny: o.deny.toString(),
});

/** Codes that mean the step's purpose is already met (the member left; the thing is gone already). */
const GONE = new Set<number>([
  RESTJSONErrorCodes.UnknownMember,
  RESTJSONErrorCodes.UnknownRole,
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.UnknownGuildScheduledEvent,
]);

/**
 * Runs the plan's steps: each as soon as the things it needs exist, all others at once (discord.js
 * queues each route's requests behind its rate-limit bucket, so independent routes run side by side).
 * Every Discord id is recorded the moment it exists. Returns the steps that failed, with reasons.
 */
export async function applyPlan(ctx: ApplyContext, plan: Plan): Promise<ProvisioningFailure[]> {
  const ids = new Map<string, Promise<string>>();
  for (const [key, id] of Object.entries(plan.known)) ids.set(key, Promise.resolve(id));
  const settle = new Map<string, { resolve(id: string): void; reject(error: unknown): void }>();
  for (const step of plan.steps) {
    if (!producesKey(step)) continue;
    const promise = new Promise<string>((resolve, reject) => settle.set(step.key, { resolve, reject }));
    promise.catch(() => {}); // a dependent step reports it; nobody else need listen
    ids.set(step.key, promise);
  }
  const need = (key: string) => {
    const id = ids.get(key);
    if (!id) return Promise.reject(new Error(`${key} does not exist`));
    return id.catch(() => Promise.reject(new Error(`waits for ${key}, which failed`)));
  };
  const failures: ProvisioningFailure[] = [];
  // discord.js learns a route's bucket from its first answer; requests queued before that answer
  // can overrun the bucket (a 429). So the first step of each kind goes alone, the rest after it.
  const firstOfKind = new Map<Step["kind"], Promise<void>>();

  await Promise.all(
    plan.steps.map(async (step) => {
      const gate = firstOfKind.get(step.kind);
      let opened: (() => void) | undefined;
      if (!gate) firstOfKind.set(step.kind, new Promise<void>((resolve) => (opened = resolve)));
      try {
        await gate; // none for the first of its kind
        const id = await execute(ctx, step, need);
        // Stryker disable next-line ConditionalExpression,OptionalChaining,StringLiteral: every producing step has its settle and an id; the only other step with a key in a plan that creates is a pin, run after its welcome settled.
        if (producesKey(step)) settle.get(step.key)?.resolve(id ?? "");
        await ctx.onStep(false);
      } catch (error) {
        // Stryker disable next-line ConditionalExpression,OptionalChaining: as for resolve: a producing step's settle exists; a pin's welcome is settled already.
        if (producesKey(step)) settle.get(step.key)?.reject(error);
        failures.push({ step: describeStep(step), reason: reasonOf(error) });
        await ctx.onStep(true);
      } finally {
        opened?.();
      }
    }),
  );
  return failures;
}

function producesKey(step: Step): step is Extract<Step, { key: string }> & { kind: ProducingKind } {
  return PRODUCING.has(step.kind);
}
type ProducingKind =
  | "create-category"
  | "create-role"
  | "create-channel"
  | "adopt"
  | "post-welcome"
  | "create-event";
const PRODUCING = new Set<Step["kind"]>([
  "create-category",
  "create-role",
  "create-channel",
  "adopt",
  "post-welcome",
  // Stryker disable next-line StringLiteral: no step waits for an event.
  "create-event",
]);

async function execute(ctx: ApplyContext, step: Step, need: (key: string) => Promise<string>) {
  const { rest, service, guildId, cohortId, desired } = ctx;
  /** Intent first, then the request, then the id: a kill anywhere leaves something findable. */
  const create = async (key: string, name: string, request: () => Promise<unknown>) => {
    await service.intend(guildId, cohortId, kindOf(key), key, name);
    const made = (await request()) as { id: string };
    await service.made(guildId, cohortId, kindOf(key), key, made.id);
    return made.id;
  };
  switch (step.kind) {
    case "create-role":
      return create(step.key, step.name, () =>
        rest.post(Routes.guildRoles(guildId), {
          body: { name: step.name, permissions: "0", hoist: false, mentionable: false },
        }),
      );
    case "create-category":
      return create(step.key, step.name, () =>
        rest.post(Routes.guildChannels(guildId), {
          body: {
            name: step.name,
            type: ChannelType.GuildCategory,
            permission_overwrites: categoryOverwrites(desired).map(json),
          },
        }),
      );
    case "create-channel": {
      const [roleId, parentId] = await Promise.all([need(step.roleKey), need(step.categoryKey)]);
      return create(step.key, step.name, () =>
        rest.post(Routes.guildChannels(guildId), {
          body: {
            name: step.name,
            type: step.channel === "text" ? ChannelType.GuildText : ChannelType.GuildVoice,
            parent_id: parentId,
            permission_overwrites: channelOverwrites(desired, step.channel, roleId, step.mode).map(json),
          },
        }),
      );
    }
    case "adopt":
      await service.made(guildId, cohortId, step.resource, step.key, step.discordId);
      return step.discordId;
    case "add-role": {
      const roleId = await need(step.roleKey);
      await ignoreGone(rest.put(Routes.guildMemberRole(guildId, step.userId, roleId)));
      return;
    }
    case "remove-role":
      await ignoreGone(rest.delete(Routes.guildMemberRole(guildId, step.userId, step.roleId)));
      return;
    case "post-welcome": {
      const channelId = await need(step.channelKey);
      return create(step.key, "welcome", () =>
        rest.post(Routes.channelMessages(channelId), {
          body: { content: step.content, allowed_mentions: { parse: [] } },
        }),
      );
    }
    case "pin-welcome": {
      const [channelId, messageId] = await Promise.all([need(step.channelKey), need(step.key)]);
      await rest.put(Routes.channelMessagesPin(channelId, messageId));
      await service.markPinned(cohortId, step.key);
      return;
    }
    case "create-event":
      return create(step.key, step.name, () =>
        rest.post(Routes.guildScheduledEvents(guildId), {
          body: {
            name: step.name,
            privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
            scheduled_start_time: step.startsAt,
            scheduled_end_time: step.endsAt,
            entity_type: GuildScheduledEventEntityType.External,
            entity_metadata: { location: step.location },
            description: step.description,
          },
        }),
      );
    case "lock-channel":
      await rest.put(Routes.channelPermission(step.channelId, step.roleId), {
        // Stryker disable next-line StringLiteral: any mode but live gives the read-only overwrite.
        body: json(groupRoleOverwrite(step.channel, step.roleId, "read-only")),
      });
      return;
    case "forget":
      await service.forget(guildId, cohortId, step.resource, step.key);
      return;
    case "delete": {
      const route =
        step.resource === "role"
          ? Routes.guildRole(guildId, step.discordId)
          : step.resource === "event"
            ? Routes.guildScheduledEvent(guildId, step.discordId)
            : Routes.channel(step.discordId);
      await ignoreGone(rest.delete(route));
      await service.forget(guildId, cohortId, step.resource, step.key);
      return;
    }
  }
}

async function ignoreGone(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: only Discord's answers carry a numeric code (a 5xx is an HTTPError without one), and a string code is in no set of numbers.
    if (error instanceof DiscordAPIError && typeof error.code === "number" && GONE.has(error.code)) return;
    throw error;
  }
}

export function describeStep(step: Step): string {
  switch (step.kind) {
    case "add-role":
    case "remove-role":
      return `${step.kind} <@${step.userId}> (${"roleKey" in step ? step.roleKey : step.roleId})`;
    case "lock-channel":
      return `lock-channel ${step.channelId}`;
    case "create-channel":
    case "create-role":
    case "create-category":
    case "create-event":
      return `${step.kind} "${step.name}"`;
    default:
      return `${step.kind} ${step.key}`;
  }
}

/** A reason organisers can act on: Discord's message and code, or what the step waited for. */
export function reasonOf(error: unknown): string {
  if (error instanceof DiscordAPIError) {
    if (error.code === RESTJSONErrorCodes.MissingPermissions)
      return "Discord says the bot lacks a permission here, or its role is too low (50013)";
    return `Discord answered ${error.status}: ${error.message} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}
