import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import type { SlashCommand } from "../interactions/types.ts";
import { confirmErasure, exportLink } from "../mydata/mydata-handlers.ts";

// `/mydata export | delete`: a member's own data (PDPA): a one-time download link, or erasure.
export const mydataCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName("mydata")
    .setDescription("Your own data in Circles")
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s.setName("export").setDescription("Download everything Circles holds about you (JSON)"),
    )
    .addSubcommand((s) => s.setName("delete").setDescription("Erase your data from Circles in this server")),
  deferEphemeral: true,
  async execute(interaction, ctx) {
    if (interaction.options.getSubcommand() === "export") await exportLink(interaction, ctx);
    else await confirmErasure(interaction, ctx);
  },
};
