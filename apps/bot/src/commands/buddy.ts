import { CheckInService } from "@circles/core";
import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import type { SlashCommand } from "../interactions/types.ts";

// `/buddy`: a mentee's mentor buddy; a mentor's mentee buddies (one or more).
export const buddyCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName("buddy")
    .setDescription("Who your buddy is (mentors: each of your buddies)")
    .setContexts(InteractionContextType.Guild),
  deferEphemeral: true,
  async execute(interaction, ctx) {
    const { group, buddies } = await new CheckInService(ctx.db).myBuddies(
      interaction.guildId,
      interaction.user.id,
    );
    const names = buddies.map((id) => `<@${id}>`);
    const content =
      buddies.length === 0
        ? `You have no buddy in **${group.name}** yet; the organisers will pair you.`
        : group.role === "mentee"
          ? `Your buddy in **${group.name}** is ${names[0]}, your mentor to check in with one-on-one.`
          : `Your buddies in **${group.name}**: ${names.join(", ")}. Log a one-on-one with \`/checkin buddy:\`.`;
    await interaction.editReply({ content, allowedMentions: { parse: [] } });
  },
};
