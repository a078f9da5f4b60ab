import type { CommunityRecord } from "@circles/core";
import { ActionRowBuilder, ButtonBuilder, type ButtonInteraction, ButtonStyle } from "discord.js";
import { customId } from "../../interactions/custom-id.ts";
import { requireOrganiser } from "../../interactions/organiser.ts";
import type { BotContext, ComponentHandler } from "../../interactions/types.ts";

// A cohort step that changes Discord asks first: the plan comes with a confirm button and Cancel
// (custom ids `<handler>:confirm|cancel:<cohortId>`), which only an organiser may press.

/** The confirm button (labelled `label`, in `style`) and Cancel under a cohort's plan. */
export function confirmButtons(handler: string, cohortId: string, label: string, style: ButtonStyle) {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(customId(handler, "confirm", cohortId))
      .setLabel(label)
      .setStyle(style),
    new ButtonBuilder()
      .setCustomId(customId(handler, "cancel", cohortId))
      .setLabel("Cancel")
      .setStyle(ButtonStyle.Secondary),
  );
}

/**
 * The buttons' handler: Cancel answers `cancelled` and changes nothing; the confirm defers the update
 * and runs `confirmed`, which answers with `editReply`.
 */
export function confirmHandler(
  name: string,
  cancelled: string,
  confirmed: (
    interaction: ButtonInteraction<"cached">,
    ctx: BotContext,
    community: CommunityRecord,
    cohortId: string,
  ) => Promise<void>,
): ComponentHandler {
  return {
    name,
    async execute(interaction, args, ctx) {
      const [action, cohortId] = args;
      if (!interaction.isButton() || !interaction.inCachedGuild() || !cohortId) return;
      const community = await requireOrganiser(interaction.member, ctx);
      if (action === "cancel") {
        await interaction.update({ content: cancelled, components: [] });
        return;
      }
      await interaction.deferUpdate();
      await confirmed(interaction, ctx, community, cohortId);
    },
  };
}
