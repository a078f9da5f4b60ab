import { type Database, DeliveryRepository, type ProgramEvent, ProgramEventService } from "@circles/core";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type Client,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
} from "discord.js";
import { customId } from "../interactions/custom-id.ts";
import type { Logger } from "../logger.ts";
import { deliverOnce } from "../messaging/deliver-once.ts";
import { programEventText } from "./notice-text.ts";

export const programEventIds = {
  answer: (eventId: string, going: boolean) => customId("program-event", eventId, going ? "yes" : "no"),
};

/** The once-only key of a program event's announcement. */
export const programAnnouncementKey = (eventId: string) => `program-announce:${eventId}`;

export function answerButtons(eventId: string) {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(programEventIds.answer(eventId, true))
      .setLabel("Going")
      .setStyle(ButtonStyle.Success),
    new ButtonBuilder()
      .setCustomId(programEventIds.answer(eventId, false))
      .setLabel("Not going")
      .setStyle(ButtonStyle.Secondary),
  );
}

/** Whether a program event still lacks its Discord scheduled event or its announcement. */
export async function unpublished(db: Database, events: readonly ProgramEvent[]): Promise<ProgramEvent[]> {
  const open = events.filter((e) => e.status === "scheduled");
  const announced = await new DeliveryRepository(db).claimed(open.map((e) => programAnnouncementKey(e.id)));
  return open.filter(
    (e) => !e.discordEventId || (!e.announcementMessageId && !announced.has(programAnnouncementKey(e.id))),
  );
}

/**
 * Gives a program event, however it was created (`/cohort event`, the dashboard), its Discord
 * scheduled event and its announcement with Going / Not going: each once, so it is safe to repeat.
 * A Discord event made by a run that died before recording it is found by its name and start.
 */
export async function publishProgramEvent(
  client: Client<true>,
  db: Database,
  log: Logger,
  event: ProgramEvent,
  announcementChannelId: string | null,
): Promise<{ announcedIn: string | null }> {
  const events = new ProgramEventService(db);
  const guild = await client.guilds.fetch(event.guildId);
  if (!event.discordEventId) {
    const existing = (await guild.scheduledEvents.fetch()).find(
      (e) => e.name === event.title && e.scheduledStartTimestamp === event.startsAt.getTime(),
    );
    const scheduled =
      existing ??
      (await guild.scheduledEvents.create({
        name: event.title,
        scheduledStartTime: event.startsAt,
        scheduledEndTime: event.endsAt,
        privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
        entityType: GuildScheduledEventEntityType.External,
        entityMetadata: { location: event.location },
        ...(event.description ? { description: event.description } : {}),
      }));
    const standing = await events.recordDiscordEventOnce(event.guildId, event.id, scheduled.id);
    // Another publisher (the command and the sync at once) recorded its own first: ours goes.
    if (standing !== scheduled.id && !existing)
      await scheduled.delete().catch((error: unknown) => {
        log.warn({ err: error, eventId: event.id }, "could not delete a second Discord event");
      });
  }
  if (!announcementChannelId) return { announcedIn: null };
  const posted = await deliverOnce(client, db, log, {
    key: programAnnouncementKey(event.id),
    guildId: event.guildId,
    to: { channelId: announcementChannelId },
    message: {
      content: programEventText(event, { going: 0, notGoing: 0 }),
      components: [answerButtons(event.id)],
    },
  });
  if (posted.posted && posted.messageId)
    await events.recordDiscord(event.guildId, event.id, { announcementMessageId: posted.messageId });
  return { announcedIn: announcementChannelId };
}
