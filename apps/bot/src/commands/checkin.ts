import { CHECK_IN_NOTE_MAX, CheckInService } from "@circles/core";
import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import type { SlashCommand } from "../interactions/types.ts";
import { termMembersOf } from "../waitlist/term-members.ts";

// `/checkin buddy:<user> [note]`: a one-on-one check-in with a buddy; the note is for the pair and
// the organisers only (it is never posted in a channel).
export const checkinCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName("checkin")
    .setDescription("Log a one-on-one check-in with your buddy")
    .setContexts(InteractionContextType.Guild)
    .addUserOption((o) => o.setName("buddy").setDescription("Your buddy").setRequired(true))
    .addStringOption((o) =>
      o
        .setName("note")
        .setDescription("A private note (only you two and the organisers see it)")
        .setMaxLength(CHECK_IN_NOTE_MAX),
    ),
  deferEphemeral: true,
  async execute(interaction, ctx) {
    const buddy = interaction.options.getUser("buddy", true);
    const note = interaction.options.getString("note");
    const now = termMembersOf(ctx.client).deps.now;
    await new CheckInService(ctx.db, now).log(interaction.guildId, interaction.user.id, buddy.id, note);
    await interaction.editReply({
      content: `Check-in with <@${buddy.id}> logged${note ? " with your note (private to you two and the organisers)" : ""}. Thank you!`,
      allowedMentions: { parse: [] },
    });
  },
};
