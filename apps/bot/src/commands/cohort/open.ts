import { CohortService } from "@circles/core";
import { announce } from "../../messaging/announce.ts";
import type { CohortSubcommand } from "./subcommand.ts";

/** Applications open for the current cohort (a draft, or a cohort in matching taking more applicants). */
export const openSubcommand: CohortSubcommand = {
  name: "open",
  define: (sub) => sub.setName("open").setDescription("Open applications for the current cohort"),
  deferEphemeral: true,
  async execute(interaction, ctx, community) {
    const cohorts = new CohortService(ctx.db);
    const cohort = await cohorts.current(community.guildId);
    const opened = await cohorts.changeState(community.guildId, cohort.id, "applications_open", {
      userId: interaction.user.id,
    });
    const announced = await announce(
      ctx,
      community,
      `**Applications for ${opened.name} are open.** Read and accept the code of conduct with \`/coc\`, ` +
        "then apply as a mentee or volunteer as a mentor with `/apply`.",
    );
    await interaction.editReply({
      content:
        `Applications for **${opened.name}** are open. ` +
        (announced.posted
          ? `I told the community in <#${announced.channelId}>.`
          : `I could not tell the community: ${announced.reason}.`),
    });
  },
};
