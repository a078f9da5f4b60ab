import type { SessionNotice, SessionRecord } from "@circles/core";
import { type Client, GuildScheduledEventStatus } from "discord.js";
import { clipContent } from "../messaging/discord-limits.ts";
import { sessionTitle } from "./notice-text.ts";

const EVENT_NAME_MAX = 100; // Discord's limit for a scheduled event's name

/**
 * A session's scheduled event name: provisioning creates the event with it and the term's sync
 * renames it with it, so the two never disagree (a disagreement would be drift to repair each run).
 */
export function sessionEventName(
  cohortName: string,
  session: Pick<SessionRecord, "number" | "theme">,
): string {
  return clipContent(sessionTitle(cohortName, session), EVENT_NAME_MAX);
}

/** Brings a session's Discord scheduled event in line with the session: its time and name, or cancelled. */
export async function syncSessionEvent(client: Client<true>, notice: SessionNotice): Promise<string | null> {
  const { session, cohort } = notice;
  if (!session.discordEventId) return null;
  const guild = await client.guilds.fetch(cohort.guildId);
  const event = await guild.scheduledEvents.fetch(session.discordEventId);
  if (session.status === "cancelled") {
    if (event.status === GuildScheduledEventStatus.Scheduled)
      await event.edit({ status: GuildScheduledEventStatus.Canceled });
    return event.id;
  }
  if (event.status !== GuildScheduledEventStatus.Scheduled) return event.id;
  await event.edit({
    name: sessionEventName(cohort.name, session),
    scheduledStartTime: session.startsAt,
    scheduledEndTime: session.endsAt,
  });
  return event.id;
}
