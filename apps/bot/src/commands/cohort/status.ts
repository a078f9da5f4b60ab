import { ApplicationService, CohortService, ProvisioningService } from "@circles/core";
import { clipContent } from "../../messaging/discord-limits.ts";
import { describeRun } from "../../provisioning/progress-text.ts";
import type { CohortSubcommand } from "./subcommand.ts";

/** The current cohort's state, its applications, and how provisioning on Discord stands. */
export const cohortStatusSubcommand: CohortSubcommand = {
  name: "status",
  define: (sub) =>
    sub.setName("status").setDescription("The cohort's state, applications and Discord set-up"),
  deferEphemeral: true,
  async execute(interaction, ctx, community) {
    const cohort = await new CohortService(ctx.db).current(community.guildId);
    const counts = await new ApplicationService(ctx.db).counts(community.guildId, cohort.id);
    const run = await new ProvisioningService(ctx.db).latestRun(community.guildId, cohort.id);
    const byState = Object.entries(counts.byState)
      .map(([state, n]) => `${n} ${state}`)
      .join(", ");
    await interaction.editReply({
      content: clipContent(
        [
          `**${cohort.name}** is **${cohort.state.replace("_", " ")}**.`,
          `Applications: **${counts.total}** (${counts.byRole.mentor ?? 0} mentors, ${counts.byRole.mentee ?? 0} mentees)` +
            (byState ? `; ${byState}` : ""),
          describeRun(run),
        ].join("\n"),
      ),
    });
  },
};
