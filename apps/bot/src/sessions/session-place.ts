import { CommunityService, type RunActor, type RunPlace } from "@circles/core";
import type {
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  StringSelectMenuInteraction,
} from "discord.js";
import { isOrganiser } from "../interactions/organiser.ts";
import type { BotContext } from "../interactions/types.ts";

type InGuild =
  | ChatInputCommandInteraction<"cached">
  | ModalSubmitInteraction<"cached">
  | StringSelectMenuInteraction<"cached">;

/** Where and by whom `/session` (or one of its modals and menus) ran. */
export async function runPlace(
  interaction: InGuild,
  ctx: BotContext,
): Promise<{ place: RunPlace; actor: RunActor }> {
  const community = await new CommunityService(ctx.db).get(interaction.guildId);
  return {
    place: { guildId: interaction.guildId, channelId: interaction.channelId ?? "" },
    actor: { userId: interaction.user.id, isOrganiser: isOrganiser(interaction.member, community) },
  };
}
