import type { SessionNotice } from "@circles/core";
import { type Client, GuildScheduledEventStatus } from "discord.js";
import { sessionTitle } from "./notice-text.ts";

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
    name: sessionTitle(cohort.name, session).slice(0, 100),
    scheduledStartTime: session.startsAt,
    scheduledEndTime: session.endsAt,
  });
  return event.id;
}
