import { ConflictError, SEAT_OFFER_QUEUE, WaitlistService } from "@circles/core";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  RESTJSONErrorCodes,
} from "discord.js";
import { customId } from "../interactions/custom-id.ts";
import type { ComponentHandler } from "../interactions/types.ts";
import { deliverOnce } from "../messaging/deliver-once.ts";
import { type TermMembersDeps, termMembersOf } from "./term-members.ts";

export const seatIds = {
  accept: (guildId: string, offerId: string) => customId("seat-accept", guildId, offerId),
  decline: (guildId: string, offerId: string) => customId("seat-decline", guildId, offerId),
};

const unix = (date: Date) => Math.floor(date.getTime() / 1000);

/** Offers a freed seat to the next waitlisted mentee the group's rules allow, by DM, once. */
export async function offerSeat(
  deps: TermMembersDeps,
  job: { guildId: string; vacancyId: string },
): Promise<void> {
  const made = await new WaitlistService(deps.db, deps.now).offerNext(job.guildId, job.vacancyId);
  if (!made) {
    deps.log.info(
      { guildId: job.guildId, vacancyId: job.vacancyId },
      "no one on the waitlist can take the seat",
    );
    return;
  }
  const { offer, groupName } = made;
  await deliverOnce(deps.client, deps.db, deps.log, {
    key: `seat-offer:${offer.id}`,
    guildId: job.guildId,
    to: { userId: offer.userId, fallbackChannelId: null },
    message: {
      content: `A seat has opened for you in the mentoring group **${groupName}**. Would you like it? Please answer by <t:${unix(offer.deadlineAt)}:F> (<t:${unix(offer.deadlineAt)}:R>); after that it goes to the next person on the waitlist.`,
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder()
            .setCustomId(seatIds.accept(job.guildId, offer.id))
            .setLabel("Accept the seat")
            .setStyle(ButtonStyle.Success),
          new ButtonBuilder()
            .setCustomId(seatIds.decline(job.guildId, offer.id))
            .setLabel("Decline")
            .setStyle(ButtonStyle.Secondary),
        ),
      ],
    },
  });
}

/** An offer not answered by its deadline ends; the seat goes to the next one. */
export async function expireOffer(
  deps: TermMembersDeps,
  job: { guildId: string; offerId: string },
): Promise<void> {
  const expired = await new WaitlistService(deps.db, deps.now).expire(job.guildId, job.offerId);
  if (expired) await offerNextAfter(deps, job.guildId, expired.vacancyId);
}

function offerNextAfter(deps: TermMembersDeps, guildId: string, vacancyId: string) {
  return deps.jobs.send(SEAT_OFFER_QUEUE, { guildId, vacancyId }, { singletonKey: vacancyId });
}

const acceptButton: ComponentHandler = {
  name: "seat-accept",
  async execute(interaction, [guildId, offerId], ctx) {
    if (!interaction.isButton() || !guildId || !offerId) return;
    const deps = termMembersOf(ctx.client).deps;
    // Pressed in a DM: no member and no guild on the interaction, so the community comes from the
    // custom id and the member from the guild (one who left the server cannot take the seat). The
    // dispatcher writes members only for guild interactions; this one is written here.
    const guild = await ctx.client.guilds.fetch(guildId);
    const member = await guild.members.fetch(interaction.user.id).catch((error: unknown) => {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMember) return null;
      throw error;
    });
    if (!member) throw new ConflictError("You are no longer in the server, so the seat cannot be yours.");
    await ctx.members.ensure(member);
    const seat = await new WaitlistService(ctx.db, deps.now).accept(guildId, offerId, interaction.user.id);
    if (seat.discordRoleId) await member.roles.add(seat.discordRoleId, "took a seat from the waitlist");
    if (seat.textChannelId) {
      const channel = await ctx.client.channels.fetch(seat.textChannelId).catch(() => null);
      if (channel?.isSendable())
        await channel.send({
          content: `Welcome <@${interaction.user.id}>, who joins **${seat.groupName}** from the waitlist!${seat.buddyMentorId ? ` Your buddy is <@${seat.buddyMentorId}>.` : ""}`,
          allowedMentions: {
            users: [interaction.user.id, ...(seat.buddyMentorId ? [seat.buddyMentorId] : [])],
          },
        });
    }
    await interaction.update({
      content: `You have the seat in **${seat.groupName}**. Welcome! Your group's channel is <#${seat.textChannelId ?? ""}>.`,
      components: [],
    });
  },
};

const declineButton: ComponentHandler = {
  name: "seat-decline",
  async execute(interaction, [guildId, offerId], ctx) {
    if (!interaction.isButton() || !guildId || !offerId) return;
    const deps = termMembersOf(ctx.client).deps;
    const declined = await new WaitlistService(ctx.db, deps.now).decline(
      guildId,
      offerId,
      interaction.user.id,
    );
    await interaction.update({
      content: "You declined the seat; you stay on the waitlist for the next one. Thank you for answering.",
      components: [],
    });
    await offerNextAfter(deps, guildId, declined.vacancyId);
  },
};

export const seatComponents: readonly ComponentHandler[] = [acceptButton, declineButton];
