import { CohortMatchingService, CohortService } from "@circles/core";
import { clipContent } from "../../messaging/discord-limits.ts";
import type { CohortSubcommand } from "./subcommand.ts";

/** Runs the matching on the cohort's applications and answers with its summary. */
export const matchSubcommand: CohortSubcommand = {
  name: "match",
  define: (sub) =>
    sub.setName("match").setDescription("Match the applicants into groups (a draft to review)"),
  deferEphemeral: true, // the matcher may work for a second on a large cohort
  async execute(interaction, ctx, community) {
    const cohort = await new CohortService(ctx.db).current(community.guildId);
    const outcome = await new CohortMatchingService(ctx.db).run(community.guildId, cohort.id, {
      userId: interaction.user.id,
    });
    const report = (outcome.result.report ?? {}) as { unbalancedLowerBound?: number; summary?: string[] };
    const placedMentees = outcome.result.groups.reduce((n, g) => n + g.mentees.length, 0);
    const v = outcome.verdict;
    const lines = [
      `**${cohort.name}: ${outcome.groups.length} draft groups.** ${placedMentees} mentees placed, ` +
        `${outcome.result.waitlist.length} on the waitlist, ${outcome.result.unplacedMentors.length} mentors without a group.`,
      `- Hard rules broken: **${v.hardViolations}**`,
      `- Single-gender requests honoured: **${v.bindingRequestsHonoured} of ${v.bindingRequests}**`,
      `- Groups without one male and one female mentor: **${v.unbalancedGroups}**` +
        (report.unbalancedLowerBound !== undefined
          ? ` (the least possible: ${report.unbalancedLowerBound})`
          : ""),
      `- Soft score: **${v.softScore.toFixed(3)}** (areas, experience spread, interests; 1 is best)`,
    ];
    if (ctx.dashboardUrl)
      lines.push(
        `Review and adjust the groups: ${ctx.dashboardUrl}/c/${community.guildId}/cohorts/${cohort.id}/matching`,
      );
    lines.push("When they look right, `/cohort publish` gives each group its role and rooms.");
    await interaction.editReply({ content: clipContent(lines.join("\n")) });
  },
};
