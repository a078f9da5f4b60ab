import { MemberStatusService } from "@circles/core";
import { SlashCommandBuilder } from "discord.js";
import type { SlashCommand } from "../interactions/types.ts";
import { statusText } from "./status/status-text.ts";

export const statusCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName("status")
    .setDescription("Your place in the mentoring program: application, group, buddy, next session"),
  deferEphemeral: true,
  async execute(interaction, ctx) {
    const status = await new MemberStatusService(ctx.db).of(interaction.guildId, interaction.user.id);
    await interaction.editReply({ content: statusText(status) });
  },
};
