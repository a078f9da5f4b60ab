import { type GatheringCounts, GatheringService } from "@circles/core";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type ChatInputCommandInteraction,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
} from "discord.js";
import { customId } from "../interactions/custom-id.ts";
import type { BotContext, ComponentHandler } from "../interactions/types.ts";
import { termMembersOf } from "../waitlist/term-members.ts";

export const gatheringIds = {
  going: (id: string) => customId("gathering-rsvp", id, "yes"),
  notGoing: (id: string) => customId("gathering-rsvp", id, "no"),
};

const unix = (date: Date) => Math.floor(date.getTime() / 1000);

export function gatheringText(
  g: { title: string; startsAt: Date; location: string | null; proposedBy: string },
  counts: GatheringCounts,
): string {
  return [
    `**${g.title}**: an extra gathering proposed by <@${g.proposedBy}>`,
    `When: <t:${unix(g.startsAt)}:F> (<t:${unix(g.startsAt)}:R>)${g.location ? `\nWhere: ${g.location}` : ""}`,
    `Going: ${counts.going} · Not going: ${counts.notGoing}`,
  ].join("\n");
}

function rsvpRow(id: string) {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(gatheringIds.going(id)).setLabel("Going").setStyle(ButtonStyle.Success),
    new ButtonBuilder()
      .setCustomId(gatheringIds.notGoing(id))
      .setLabel("Not going")
      .setStyle(ButtonStyle.Secondary),
  );
}

/** Stores the gathering, creates its Discord event, and posts it with Going / Not going in the group's channel. */
export async function proposeGathering(interaction: ChatInputCommandInteraction<"cached">, ctx: BotContext) {
  const service = new GatheringService(ctx.db, termMembersOf(ctx.client).deps.now);
  const { gathering, group } = await service.propose(interaction.guildId, interaction.user.id, {
    title: interaction.options.getString("title", true),
    when: interaction.options.getString("when", true),
    where: interaction.options.getString("where"),
  });
  if (!group.textChannelId) {
    await interaction.editReply({
      content: `Saved **${gathering.title}**, but your group has no channel yet to post it in; ask an organiser.`,
    });
    return;
  }
  let eventId: string | null = null;
  try {
    const event = await interaction.guild.scheduledEvents.create({
      name: gathering.title,
      scheduledStartTime: gathering.startsAt,
      scheduledEndTime: gathering.endsAt ?? new Date(gathering.startsAt.getTime() + 7_200_000),
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
      entityType: GuildScheduledEventEntityType.External,
      entityMetadata: { location: gathering.location ?? `${group.name} (place to be agreed)` },
      description: `An extra social gathering of ${group.name}.`,
    });
    eventId = event.id;
  } catch (error) {
    ctx.log.warn({ err: error, gatheringId: gathering.id }, "could not create the gathering's Discord event");
  }
  const channel = await ctx.client.channels.fetch(group.textChannelId);
  if (!channel?.isSendable()) throw new Error(`group channel ${group.textChannelId} is not sendable`);
  const message = await channel.send({
    content: gatheringText(gathering, { going: 0, notGoing: 0 }),
    components: [rsvpRow(gathering.id)],
    allowedMentions: { parse: [] },
  });
  await service.recordDiscord(interaction.guildId, gathering.id, {
    discordEventId: eventId,
    channelId: channel.id,
    messageId: message.id,
  });
  await interaction.editReply({
    content: `Posted **${gathering.title}** in <#${channel.id}> for <t:${unix(gathering.startsAt)}:F>${eventId ? ", with a Discord event" : " (the Discord event could not be created; the post stands)"}.`,
  });
}

const rsvpButton: ComponentHandler = {
  name: "gathering-rsvp",
  async execute(interaction, [gatheringId, answer], ctx) {
    if (!interaction.isButton() || !gatheringId || !interaction.guildId) return;
    const service = new GatheringService(ctx.db, termMembersOf(ctx.client).deps.now);
    const counts = await service.respond(
      interaction.guildId,
      gatheringId,
      interaction.user.id,
      answer === "yes",
    );
    const gathering = await service.get(interaction.guildId, gatheringId);
    await interaction.update({
      content: gatheringText(gathering, counts),
      components: [rsvpRow(gatheringId)],
    });
  },
};

export const gatheringComponents: readonly ComponentHandler[] = [rsvpButton];
