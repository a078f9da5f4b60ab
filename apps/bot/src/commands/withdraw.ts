import { ApplicationService, CohortService } from "@circles/core";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  InteractionContextType,
  SlashCommandBuilder,
} from "discord.js";
import type { SlashCommand } from "../interactions/types.ts";
import { withdrawIds } from "./withdraw/withdraw-handlers.ts";

// `/withdraw`: leave the current cohort, after a Confirm button (./withdraw/withdraw-handlers.ts).
export const withdrawCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName("withdraw")
    .setDescription("Withdraw your application (or your place) in the current cohort")
    .setContexts(InteractionContextType.Guild),
  deferEphemeral: true,
  async execute(interaction, ctx) {
    const cohort = await new CohortService(ctx.db).current(interaction.guildId);
    const live = await new ApplicationService(ctx.db).findLive(
      interaction.guildId,
      cohort.id,
      interaction.user.id,
    );
    if (!live) {
      await interaction.editReply({ content: `You have no application to ${cohort.name} to withdraw.` });
      return;
    }
    const placed =
      live.state === "placed"
        ? " You would leave your group; your seat goes to someone on the waitlist."
        : "";
    await interaction.editReply({
      content: `Withdraw your application to **${cohort.name}** as a ${live.role} (${live.state})?${placed}`,
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder()
            .setCustomId(withdrawIds.confirm(live.id))
            .setLabel("Withdraw")
            .setStyle(ButtonStyle.Danger),
          new ButtonBuilder()
            .setCustomId(withdrawIds.cancel)
            .setLabel("Keep it")
            .setStyle(ButtonStyle.Secondary),
        ),
      ],
    });
  },
};
