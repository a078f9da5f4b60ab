import { GATHERING_LIMITS } from "@circles/core";
import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import { proposeGathering } from "../gatherings/propose.ts";
import type { SlashCommand } from "../interactions/types.ts";

// `/gathering title when [where]`: an extra social gathering of the member's group between sessions.
export const gatheringCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName("gathering")
    .setDescription("Propose an extra social gathering for your group")
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o
        .setName("title")
        .setDescription("What it is, e.g. Board games night")
        .setRequired(true)
        .setMaxLength(GATHERING_LIMITS.title),
    )
    .addStringOption((o) =>
      o
        .setName("when")
        .setDescription("Local date and time in the cohort's time zone: YYYY-MM-DD HH:mm")
        .setRequired(true)
        .setMaxLength(20),
    )
    .addStringOption((o) =>
      o.setName("where").setDescription("Where to meet").setMaxLength(GATHERING_LIMITS.where),
    ),
  deferEphemeral: true,
  async execute(interaction, ctx) {
    await proposeGathering(interaction, ctx);
  },
};
