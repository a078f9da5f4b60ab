import { SlashCommandBuilder } from "discord.js";
import type { SlashCommand } from "../interactions/types.ts";

export const statusCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName("status")
    .setDescription("Your place in the mentoring program: application, group, buddy, next session"),
  deferEphemeral: true,
  async execute(interaction) {
    await interaction.editReply({ content: "You have not applied to a cohort yet. Run `/apply` to join." });
  },
};
