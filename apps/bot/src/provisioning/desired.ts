import type { GroupRecord, ProvisioningSnapshot, SessionRecord } from "@circles/core";
import { sessionEventName } from "../announcements/session-event.ts";
import { clipContent } from "../messaging/discord-limits.ts";
import { type DesiredState, keys, type ProvisioningMode, welcomeMarker } from "./desired-state.ts";

/** A category holds 50 channels: 25 groups' text and voice pairs. */
export const GROUPS_PER_CATEGORY = 25;

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "") || "group";

export function modeOf(snapshot: Pick<ProvisioningSnapshot, "cohort" | "archived">): ProvisioningMode | null {
  if (snapshot.archived) return "archived";
  if (snapshot.cohort.state === "published" || snapshot.cohort.state === "running") return "live";
  if (snapshot.cohort.state === "finished") return "read-only";
  return null;
}

/**
 * The desired state of a cohort on Discord, from the database. Sessions get an event if they are
 * still ahead (Discord refuses events in the past) or already have one.
 */
export function desiredState(
  snapshot: ProvisioningSnapshot,
  options: { botUserId: string; pinWelcome: boolean; now: Date; mode?: ProvisioningMode },
): DesiredState {
  const { cohort, community } = snapshot;
  const mode = options.mode ?? modeOf(snapshot);
  if (!mode) throw new Error(`${cohort.name} is ${cohort.state}: there is nothing to provision yet`);
  const recorded = new Set(snapshot.resources.filter((r) => r.discordId).map((r) => r.key));
  const sessions = snapshot.sessions.filter(
    (s) => s.status === "scheduled" && (s.startsAt > options.now || recorded.has(keys.event(s.id))),
  );
  const categoryCount = Math.ceil(snapshot.groups.length / GROUPS_PER_CATEGORY);
  const venue = cohort.venue?.trim() || "To be announced";
  return {
    guildId: cohort.guildId,
    botUserId: options.botUserId,
    organiserRoleId: community.organiserRoleId,
    mode,
    pinWelcome: options.pinWelcome,
    categories: Array.from({ length: categoryCount }, (_, i) =>
      clipContent(i === 0 ? cohort.name : `${cohort.name} (${i + 1})`, 100),
    ),
    groups: snapshot.groups.map((group, i) => ({
      id: group.id,
      roleName: clipContent(`${cohort.name} · ${group.name}`, 100),
      textName: clipContent(slug(group.name), 100),
      voiceName: clipContent(group.name, 100),
      category: Math.floor(i / GROUPS_PER_CATEGORY) + 1,
      members: [...group.mentors, ...group.mentees],
      welcome: welcomeMessage(cohort.name, venue, group, snapshot.sessions),
    })),
    events: sessions.map((s) => ({
      sessionId: s.id,
      name: sessionEventName(cohort.name, s),
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      location: clipContent(venue, 100),
      description: clipContent(`Session ${s.number} of ${cohort.name}, for every group.`, 1000),
    })),
  };
}

const mention = (userId: string) => `<@${userId}>`;
const stamp = (date: Date) => `<t:${Math.floor(date.getTime() / 1000)}:F>`;

/** The pinned welcome: everyone in the group, the buddy pairs, the sessions in each reader's time. */
export function welcomeMessage(
  cohortName: string,
  venue: string,
  group: Pick<GroupRecord, "id" | "name" | "mentors" | "mentees" | "buddies">,
  sessions: readonly Pick<SessionRecord, "number" | "startsAt" | "status" | "theme">[],
): string {
  const buddies = Object.entries(group.buddies).map(
    ([mentee, mentor]) => `${mention(mentee)} ↔ ${mention(mentor)}`,
  );
  const lines = [
    `**Welcome to ${group.name} of ${cohortName}!** This channel and its voice room are your group's own.`,
    "",
    `**Mentors:** ${group.mentors.map(mention).join(", ") || "to be announced"}`,
    `**Mentees:** ${group.mentees.map(mention).join(", ") || "to be announced"}`,
    ...(buddies.length > 0
      ? ["", "**Buddies** (mentee ↔ mentor, check in between sessions):", ...buddies]
      : []),
    "",
    `**Sessions** at ${venue}:`,
    ...sessions
      .filter((s) => s.status === "scheduled")
      .map((s) => `${s.number}. ${stamp(s.startsAt)}${s.theme ? ` · ${s.theme}` : ""}`),
    "",
    `-# ${welcomeMarker(group.id)}`,
  ];
  return clipContent(lines.join("\n"), 2000);
}
