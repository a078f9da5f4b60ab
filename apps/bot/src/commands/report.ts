import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import type { SlashCommand } from "../interactions/types.ts";
import { areaSelect } from "../reports/report-flow.ts";

// `/report`: a confidential code-of-conduct report (../reports/report-flow.ts walks it through).
export const reportCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName("report")
    .setDescription("Report a code-of-conduct violation, confidentially")
    .setContexts(InteractionContextType.Guild),
  async execute(interaction) {
    await interaction.reply({
      content: "Reporting is part of our code of conduct (duty to report). First, which area is it about?",
      components: [areaSelect()],
      flags: MessageFlags.Ephemeral,
    });
  },
};
