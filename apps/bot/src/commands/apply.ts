import { ApplicationDraftService, CodeOfConductNotAcceptedError } from "@circles/core";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  InteractionContextType,
  SlashCommandBuilder,
} from "discord.js";
import type { SlashCommand } from "../interactions/types.ts";
import { formOf } from "./apply/apply-handlers.ts";
import { cocIds } from "./coc/coc-view.ts";

// `/apply role:<mentee|mentor>`: opens the application form for the current cohort (menus, a modal,
// a summary to confirm: ./apply/). Run again while applications are open, it changes the answers.
export const applyCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName("apply")
    .setDescription("Apply to the mentoring program as a mentee, or volunteer as a mentor")
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) =>
      option
        .setName("role")
        .setDescription("Take part as a mentee or as a mentor")
        .setRequired(true)
        .addChoices({ name: "mentee", value: "mentee" }, { name: "mentor", value: "mentor" }),
    ),
  deferEphemeral: true,
  async execute(interaction, ctx) {
    const role = interaction.options.getString("role", true) === "mentor" ? "mentor" : "mentee";
    try {
      const { draft } = await new ApplicationDraftService(ctx.db).start(
        interaction.guildId,
        interaction.user.id,
        role,
      );
      await interaction.editReply(await formOf(ctx, draft));
    } catch (error) {
      if (!(error instanceof CodeOfConductNotAcceptedError)) throw error;
      await interaction.editReply({
        content: "Before applying, please read and accept the community's code of conduct (or run `/coc`).",
        components: [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder()
              .setCustomId(cocIds.open(role))
              .setLabel("Read the code of conduct")
              .setStyle(ButtonStyle.Primary),
          ),
        ],
      });
    }
  },
};
