import { PermissionFlagsBits as P } from "discord.js";
import {
  type ActualChannel,
  type ActualState,
  type ChannelKind,
  type DesiredState,
  keys,
  type ProvisioningMode,
} from "./desired-state.ts";

export type ResourceKind = "category" | "role" | "text" | "voice" | "welcome" | "event";

export interface Overwrite {
  id: string;
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

/**
 * One change to the guild. Ids of things made earlier in the same run are named by resource key
 * (`roleKey`, `channelKey`), resolved when the step runs.
 */
export type Step =
  | { kind: "create-category"; key: string; name: string }
  | { kind: "create-role"; key: string; name: string }
  | {
      kind: "create-channel";
      key: string;
      name: string;
      channel: ChannelKind;
      categoryKey: string;
      roleKey: string;
      mode: ProvisioningMode;
    }
  | { kind: "adopt"; key: string; resource: ResourceKind; discordId: string }
  | { kind: "add-role"; roleKey: string; userId: string }
  | { kind: "remove-role"; roleId: string; userId: string }
  | { kind: "post-welcome"; key: string; channelKey: string; content: string }
  | { kind: "pin-welcome"; key: string; channelKey: string }
  | {
      kind: "create-event";
      key: string;
      name: string;
      startsAt: string;
      endsAt: string;
      location: string;
      description: string;
    }
  | { kind: "lock-channel"; channelId: string; roleId: string; channel: ChannelKind }
  | { kind: "delete"; key: string; resource: ResourceKind; discordId: string }
  | { kind: "forget"; key: string; resource: ResourceKind };

/** A thing we made that is gone: reported to organisers, never silently made again. */
export interface MissingThing {
  key: string;
  resource: ResourceKind;
  name: string;
  alreadyReported: boolean;
}

export interface Plan {
  steps: Step[];
  /** Ids that exist already, by resource key (steps refer to them by key). */
  known: Record<string, string>;
  missing: MissingThing[];
}

/** Steps that send a write request to Discord (adopting and forgetting only write our database). */
export const isWrite = (step: Step) => step.kind !== "adopt" && step.kind !== "forget";

// Slow routes first (channel creation is throttled; role creation gates every member's role), so they
// are not waiting behind fast ones; member roles start as soon as their role exists.
const ORDER: Record<Step["kind"], number> = {
  "create-role": 0,
  "create-category": 0,
  adopt: 0,
  "create-channel": 1,
  "add-role": 2,
  "remove-role": 2,
  "create-event": 2,
  "lock-channel": 2,
  "post-welcome": 3,
  "pin-welcome": 4,
  delete: 5,
  forget: 5,
};

const TEXT_MEMBER = P.ViewChannel | P.SendMessages | P.ReadMessageHistory;
const VOICE_MEMBER = P.ViewChannel | P.Connect | P.Speak;
/** What a finished cohort's members keep: reading, not posting or speaking. */
const READ_ONLY_DENY: Record<ChannelKind, bigint> = { text: P.SendMessages, voice: P.Speak };

/** The overwrites of a group channel: private to the group role, organisers and the bot itself. */
export function channelOverwrites(
  desired: Pick<DesiredState, "guildId" | "botUserId" | "organiserRoleId" | "pinWelcome">,
  channel: ChannelKind,
  roleId: string,
  mode: ProvisioningMode,
): Overwrite[] {
  return [
    { id: desired.guildId, type: 0, allow: 0n, deny: P.ViewChannel },
    groupRoleOverwrite(channel, roleId, mode),
    ...(desired.organiserRoleId
      ? [
          {
            id: desired.organiserRoleId,
            type: 0 as const,
            allow: channel === "text" ? TEXT_MEMBER : VOICE_MEMBER,
            deny: 0n,
          },
        ]
      : []),
    { id: desired.botUserId, type: 1, allow: botAllow(desired.pinWelcome), deny: 0n },
  ];
}

export function groupRoleOverwrite(channel: ChannelKind, roleId: string, mode: ProvisioningMode): Overwrite {
  const allow = channel === "text" ? TEXT_MEMBER : VOICE_MEMBER;
  if (mode === "live") return { id: roleId, type: 0, allow, deny: 0n };
  return { id: roleId, type: 0, allow: allow & ~READ_ONLY_DENY[channel], deny: READ_ONLY_DENY[channel] };
}

export function categoryOverwrites(
  desired: Pick<DesiredState, "guildId" | "botUserId" | "organiserRoleId">,
): Overwrite[] {
  return [
    { id: desired.guildId, type: 0, allow: 0n, deny: P.ViewChannel },
    ...(desired.organiserRoleId
      ? [{ id: desired.organiserRoleId, type: 0 as const, allow: P.ViewChannel, deny: 0n }]
      : []),
    { id: desired.botUserId, type: 1, allow: P.ViewChannel, deny: 0n },
  ];
}

export function botAllow(pinWelcome: boolean): bigint {
  return (
    P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.Connect | (pinWelcome ? P.PinMessages : 0n)
  );
}

/**
 * The plan: what to change so the guild matches the desired state. Pure: the same inputs give the
 * same steps. Things are found by the id the database recorded; a thing whose create was recorded
 * as intended but never got its id (a run killed mid-request) is looked for by its name and adopted.
 */
export function planProvisioning(desired: DesiredState, actual: ActualState): Plan {
  const steps: Step[] = [];
  const known: Record<string, string> = {};
  const missing: MissingThing[] = [];
  // Stryker disable next-line ArrayDeclaration: no Discord id is the string Stryker puts in the empty list.
  const claimed = new Set([...actual.recorded.values()].flatMap((r) => (r.discordId ? [r.discordId] : [])));

  /**
   * Where a resource stands: "known" (exists, id in `known`), "adopted" (found by name), "missing"
   * (made once, deleted by hand), or "absent" (to create).
   */
  const resolve = (
    key: string,
    resource: ResourceKind,
    exists: (id: string) => boolean,
    findByName: (name: string) => string | undefined,
  ): "known" | "adopted" | "missing" | "absent" => {
    const recorded = actual.recorded.get(key);
    if (recorded?.discordId) {
      if (exists(recorded.discordId)) {
        known[key] = recorded.discordId;
        return "known";
      }
      missing.push({ key, resource, name: recorded.name, alreadyReported: recorded.missingReported });
      // Stryker disable next-line StringLiteral: a state other than known, adopted and absent is only ever compared with those.
      return "missing";
    }
    if (recorded) {
      const found = findByName(recorded.name);
      if (found && !claimed.has(found)) {
        claimed.add(found);
        known[key] = found;
        steps.push({ kind: "adopt", key, resource, discordId: found });
        return "adopted";
      }
    }
    return "absent";
  };

  if (desired.mode === "archived") return planArchive(actual);

  const hasRole = (id: string) => actual.roles.has(id);
  const roleByName = (name: string) => [...actual.roles.values()].find((r) => r.name === name)?.id;
  const channelOf = (kind: ActualChannel["kind"]) => (id: string) => actual.channels.get(id)?.kind === kind;
  const channelByName = (kind: ActualChannel["kind"], parentKey: string | null) => (name: string) => {
    const parent =
      // Stryker disable next-line ConditionalExpression: for a top-level lookup the key finds no parent either way.
      parentKey === null ? null : (known[parentKey] ?? actual.recorded.get(parentKey)?.discordId);
    // Stryker disable next-line ConditionalExpression: without its parent no channel matches (parentId is an id or null).
    if (parentKey !== null && !parent) return undefined;
    return [...actual.channels.values()].find(
      // A top-level lookup (a category) asks for parentId null, which is what `parent` is then.
      (c) => c.kind === kind && c.name === name && c.parentId === parent,
    )?.id;
  };

  /** Keys whose thing exists or is made by this plan: steps may depend on them. */
  const available = new Set<string>();
  const settle = (key: string, state: ReturnType<typeof resolve>, create: Step | null) => {
    if (state === "known" || state === "adopted") available.add(key);
    else if (state === "absent" && create) {
      steps.push(create);
      available.add(key);
    }
  };

  desired.categories.forEach((name, i) => {
    const key = keys.category(i + 1);
    const state = resolve(key, "category", channelOf("category"), channelByName("category", null));
    settle(key, state, { kind: "create-category", key, name });
  });

  for (const group of desired.groups) {
    const roleKey = keys.role(group.id);
    const roleState = resolve(roleKey, "role", hasRole, roleByName);
    settle(roleKey, roleState, { kind: "create-role", key: roleKey, name: group.roleName });

    // Members hold the role; people holding it who are no longer in the group lose it.
    if (available.has(roleKey)) {
      for (const userId of group.members) {
        const held = actual.memberRoles.get(userId);
        if (held && !(known[roleKey] && held.has(known[roleKey])))
          steps.push({ kind: "add-role", roleKey, userId });
      }
      const roleId = known[roleKey];
      // Stryker disable next-line ConditionalExpression: without an id no one holds the role.
      if (roleId)
        for (const [userId, held] of actual.memberRoles)
          if (held.has(roleId) && !group.members.includes(userId))
            steps.push({ kind: "remove-role", roleId, userId });
    }

    const categoryKey = keys.category(group.category);
    for (const channel of ["text", "voice"] as const) {
      const key = channel === "text" ? keys.text(group.id) : keys.voice(group.id);
      const name = channel === "text" ? group.textName : group.voiceName;
      const state = resolve(key, channel, channelOf(channel), channelByName(channel, categoryKey));
      const creatable = available.has(roleKey) && available.has(categoryKey);
      settle(
        key,
        state,
        creatable
          ? { kind: "create-channel", key, name, channel, categoryKey, roleKey, mode: desired.mode }
          : null,
      );
      const channelId = known[key];
      const roleId = known[roleKey];
      // A room found (known or adopted) in a finished cohort is locked; one made now is made locked.
      if (channelId && roleId && desired.mode === "read-only") {
        // Stryker disable next-line OptionalChaining: a known or adopted room's id is one of the guild's channels.
        const current = actual.channels.get(channelId)?.overwrites.find((o) => o.id === roleId);
        // Stryker disable next-line StringLiteral: any mode but live gives the read-only overwrite.
        const want = groupRoleOverwrite(channel, roleId, "read-only");
        if (!current || (current.deny & want.deny) !== want.deny)
          steps.push({ kind: "lock-channel", channelId, roleId, channel });
      }
    }

    // The welcome, found by its marker (ours alone) when an earlier run posted it unrecorded.
    const textKey = keys.text(group.id);
    const welcomeKey = keys.welcome(group.id);
    // The welcome goes with its channel: a deleted channel is reported, not its welcome.
    if (available.has(textKey)) {
      const found = actual.welcomes.get(group.id);
      const welcomeState = resolve(
        welcomeKey,
        "welcome",
        (id) => id === found,
        () => found,
      );
      // Never recorded (so "absent"), yet there: posted by a run that died before writing it down.
      if (found && !actual.recorded.has(welcomeKey)) {
        known[welcomeKey] = found;
        steps.push({ kind: "adopt", key: welcomeKey, resource: "welcome", discordId: found });
        available.add(welcomeKey);
      } else
        settle(welcomeKey, welcomeState, {
          kind: "post-welcome",
          key: welcomeKey,
          channelKey: textKey,
          content: group.welcome,
        });
      if (desired.pinWelcome && available.has(welcomeKey) && !actual.recorded.get(welcomeKey)?.pinned)
        steps.push({ kind: "pin-welcome", key: welcomeKey, channelKey: textKey });
    }
  }

  for (const event of desired.events) {
    const key = keys.event(event.sessionId);
    const byName = (name: string) => [...actual.events.values()].find((e) => e.name === name)?.id;
    const state = resolve(key, "event", (id) => actual.events.has(id), byName);
    settle(key, state, { kind: "create-event", key, ...withoutSession(event) });
  }

  return { steps: sortSteps(steps), known, missing };
}

function withoutSession({ sessionId: _, ...rest }: DesiredState["events"][number]) {
  return rest;
}

/** Archiving: everything recorded that still exists goes, roles last (channels never open up); the rest is written off. */
function planArchive(actual: ActualState): Plan {
  const steps: Step[] = [];
  // Stryker disable next-line StringLiteral: an unknown first kind sorts first all the same (index -1).
  const order: ResourceKind[] = ["event", "text", "voice", "category", "role", "welcome"];
  const entries = [...actual.recorded.entries()].sort(
    ([a], [b]) => order.indexOf(kindOf(a)) - order.indexOf(kindOf(b)) || a.localeCompare(b),
  );
  for (const [key, recorded] of entries) {
    const resource = kindOf(key);
    const id = recorded.discordId;
    if (!id) continue;
    const exists =
      resource === "role"
        ? actual.roles.has(id)
        : resource === "event"
          ? actual.events.has(id)
          : // Stryker disable next-line ConditionalExpression,StringLiteral: a welcome's id is a message's, never a channel's.
            resource !== "welcome" && actual.channels.has(id);
    // Welcomes go with their channels; things already gone are only written off.
    steps.push(exists ? { kind: "delete", key, resource, discordId: id } : { kind: "forget", key, resource });
  }
  return { steps, known: {}, missing: [] };
}

export function kindOf(key: string): ResourceKind {
  return key.slice(0, key.indexOf(":")) as ResourceKind;
}

/** By kind; within a kind in plan order (Array.prototype.sort is stable). */
function sortSteps(steps: Step[]): Step[] {
  return [...steps].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
}

/** The plan in counts, for the organisers' confirm message and the minimum-writes figure. */
export function countSteps(plan: Plan): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const step of plan.steps) {
    const label = step.kind === "create-channel" ? `create-${step.channel}-channel` : step.kind;
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}
