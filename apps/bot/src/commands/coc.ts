import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import type { SlashCommand } from "../interactions/types.ts";
import { currentCocView, NO_CODE } from "./coc/coc-state.ts";

// `/coc`: the community's current code of conduct, its eleven areas in short and each in full in the
// member's handbook, with an Accept button (buttons and select: ./coc/coc-handlers.ts).
export const cocCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName("coc")
    .setDescription("Read and accept the mentoring program's code of conduct")
    .setContexts(InteractionContextType.Guild),
  deferEphemeral: true,
  async execute(interaction, ctx) {
    const view = await currentCocView(ctx, interaction.guildId, interaction.user.id);
    await interaction.editReply(view ?? { content: NO_CODE });
  },
};
