import type { CommunityRecord } from "@circles/core";
import type { ChatInputCommandInteraction, SlashCommandSubcommandBuilder } from "discord.js";
import type { BotContext } from "../../interactions/types.ts";

/** One `/cohort` subcommand; the organiser check has passed before `execute` runs. */
export interface CohortSubcommand {
  name: string;
  define(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder;
  /** Defer an ephemeral reply before the organiser check (work that may pass 3 s). */
  deferEphemeral?: boolean;
  execute(
    interaction: ChatInputCommandInteraction<"cached">,
    ctx: BotContext,
    community: CommunityRecord,
  ): Promise<void>;
}
