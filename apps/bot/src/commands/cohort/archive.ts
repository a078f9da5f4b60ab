import { CohortService, ConflictError, enqueueProvisioning, ProvisioningService } from "@circles/core";
import { ButtonStyle } from "discord.js";
import type { ComponentHandler } from "../../interactions/types.ts";
import { confirmButtons, confirmHandler } from "./confirm.ts";
import { followProgress } from "./publish.ts";
import type { CohortSubcommand } from "./subcommand.ts";

const HANDLER = "cohort-archive";

/** The last finished cohort: its roles and channels are removed after a confirm. */
export const archiveSubcommand: CohortSubcommand = {
  name: "archive",
  define: (sub) =>
    sub
      .setName("archive")
      .setDescription("Remove a finished cohort's group roles and channels (after a confirm)"),
  deferEphemeral: true,
  async execute(interaction, ctx, community) {
    const cohorts = await new CohortService(ctx.db).list(community.guildId);
    const finished = cohorts.find((c) => c.state === "finished" || c.state === "cancelled");
    if (!finished)
      throw new ConflictError("No cohort has finished yet: only a finished cohort can be archived.");
    const buttons = confirmButtons(HANDLER, finished.id, "Archive", ButtonStyle.Danger);
    await interaction.editReply({
      content:
        `**Archive ${finished.name}?** Its group roles, channels (with their messages) and categories are deleted ` +
        "from Discord. The cohort's records stay in Circles.",
      components: [buttons],
    });
  },
};

export const archiveComponents: ComponentHandler[] = [
  confirmHandler(
    HANDLER,
    "Not archived; nothing was changed.",
    async (interaction, ctx, community, cohortId) => {
      const cohort = await new ProvisioningService(ctx.db).archive(community.guildId, cohortId, {
        userId: interaction.user.id,
      });
      await enqueueProvisioning(ctx.jobs, { guildId: community.guildId, cohortId, kind: "archive" });
      await interaction.editReply({ content: `**Archiving ${cohort.name}…**`, components: [] });
      await followProgress(interaction, ctx, community.guildId, cohortId, `**Archiving ${cohort.name}.**`);
    },
  ),
];
