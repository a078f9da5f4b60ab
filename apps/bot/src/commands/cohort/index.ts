import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from "discord.js";
import { requireOrganiser } from "../../interactions/organiser.ts";
import type { SlashCommand } from "../../interactions/types.ts";
import { cohortSubcommands } from "./subcommands.ts";

// `/cohort <subcommand>`: the organisers' steps on Discord. Each subcommand lives in its own file
// (subcommands.ts lists them) and declares its options on the shared builder.

const builder = new SlashCommandBuilder()
  .setName("cohort")
  .setDescription("Organisers: run the current cohort (open, close, match, publish, status)")
  // A default only: servers may change it, so the organiser check runs again on every use.
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);
for (const sub of cohortSubcommands) builder.addSubcommand(sub.define);

export const cohortCommand: SlashCommand = {
  data: builder,
  async execute(interaction, ctx) {
    const name = interaction.options.getSubcommand(true);
    const sub = cohortSubcommands.find((s) => s.name === name);
    if (!sub) throw new Error(`no handler for /cohort ${name}`);
    if (sub.deferEphemeral) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const community = await requireOrganiser(interaction.member, ctx);
    await sub.execute(interaction, ctx, community);
  },
};
