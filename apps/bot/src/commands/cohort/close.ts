import { CohortService } from "@circles/core";
import type { CohortSubcommand } from "./subcommand.ts";

/** Applications close; the cohort is ready for matching. */
export const closeSubcommand: CohortSubcommand = {
  name: "close",
  define: (sub) => sub.setName("close").setDescription("Close applications so the cohort can be matched"),
  deferEphemeral: true,
  async execute(interaction, ctx, community) {
    const cohorts = new CohortService(ctx.db);
    const cohort = await cohorts.current(community.guildId);
    const closed = await cohorts.changeState(community.guildId, cohort.id, "matching", {
      userId: interaction.user.id,
    });
    await interaction.editReply({
      content: `Applications for **${closed.name}** are closed. Run \`/cohort match\` to form the groups.`,
    });
  },
};
