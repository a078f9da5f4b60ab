import { CohortService, enqueueProvisioning, ForbiddenError, ProvisioningService } from "@circles/core";
import { ButtonStyle } from "discord.js";
import type { BotContext, ComponentHandler, ComponentInteraction } from "../../interactions/types.ts";
import { clipContent } from "../../messaging/discord-limits.ts";
import { describePlan, describeRun } from "../../provisioning/progress-text.ts";
import { previewProvisioning } from "../../provisioning/reconcile.ts";
import { reconcilerOf } from "../../provisioning/start-provisioning.ts";
import { confirmButtons, confirmHandler } from "./confirm.ts";
import type { CohortSubcommand } from "./subcommand.ts";

const HANDLER = "cohort-publish";

/** Preflight, then the plan with Confirm/Cancel; the confirm publishes and shows live progress. */
export const publishSubcommand: CohortSubcommand = {
  name: "publish",
  define: (sub) =>
    sub
      .setName("publish")
      .setDescription("Publish the groups: each gets its role, private rooms and welcome"),
  deferEphemeral: true, // reading the guild and planning takes more than a moment
  async execute(interaction, ctx, community) {
    const cohort = await new CohortService(ctx.db).current(community.guildId);
    if (cohort.state === "published" || cohort.state === "running") {
      // Published already: look at Discord again (a run that failed, something changed by hand).
      await enqueueProvisioning(ctx.jobs, {
        guildId: community.guildId,
        cohortId: cohort.id,
        kind: "provision",
      });
      const run = await new ProvisioningService(ctx.db).latestRun(community.guildId, cohort.id);
      await interaction.editReply({
        content: clipContent(
          `**${cohort.name} is ${cohort.state}.** Checking Discord against it again.\n${describeRun(run)}`,
        ),
      });
      return;
    }
    if (cohort.state !== "matching")
      throw new ForbiddenError(
        `${cohort.name} is ${cohort.state.replace("_", " ")}: publish it after \`/cohort match\`, while it is matching.`,
      );
    const preview = await previewProvisioning(reconcilerOf(ctx.client), community.guildId, cohort.id, "live");
    if (preview.snapshot.groups.length === 0)
      throw new ForbiddenError(`${cohort.name} has no groups yet: run \`/cohort match\` first.`);
    if (preview.problems.length > 0) {
      await interaction.editReply({
        content: clipContent(
          [
            `**${cohort.name} cannot be published yet.** Nothing was created. Please change:`,
            ...preview.problems.map((p) => `- ${p}`),
          ].join("\n"),
        ),
      });
      return;
    }
    const buttons = confirmButtons(HANDLER, cohort.id, "Publish", ButtonStyle.Success);
    await interaction.editReply({
      content: clipContent(
        [
          `**Publish ${cohort.name}: ${preview.snapshot.groups.length} groups.** The plan:`,
          ...describePlan(preview.plan),
          "Members see their group once it is published.",
        ].join("\n"),
      ),
      components: [buttons],
    });
  },
};

const POLL_MS = 1_500;
const POLL_FOR_MS = 14 * 60_000; // the interaction token lives 15 minutes

export const publishComponents: ComponentHandler[] = [
  confirmHandler(
    HANDLER,
    "Not published; nothing was changed.",
    async (interaction, ctx, community, cohortId) => {
      const guildId = community.guildId;
      // The guild may have changed since the plan was shown: check again before the first write.
      const preview = await previewProvisioning(reconcilerOf(ctx.client), guildId, cohortId, "live");
      if (preview.problems.length > 0) {
        await interaction.editReply({
          content: clipContent(
            [
              "Not published. Nothing was created. Please change:",
              ...preview.problems.map((p) => `- ${p}`),
            ].join("\n"),
          ),
          components: [],
        });
        return;
      }
      const cohort = await new CohortService(ctx.db).changeState(guildId, cohortId, "published", {
        userId: interaction.user.id,
      });
      await enqueueProvisioning(ctx.jobs, { guildId, cohortId, kind: "provision" });
      await interaction.editReply({
        content: `**${cohort.name} is published.** Setting up Discord…`,
        components: [],
      });
      await followProgress(interaction, ctx, guildId, cohortId, `**${cohort.name} is published.**`);
    },
  ),
];

/** Edits the run's progress into the message until it ends (or the interaction token would expire). */
export async function followProgress(
  interaction: ComponentInteraction,
  ctx: BotContext,
  guildId: string,
  cohortId: string,
  heading: string,
) {
  const service = new ProvisioningService(ctx.db);
  const started = Date.now();
  let shown = "";
  while (Date.now() - started < POLL_FOR_MS) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const run = await service.latestRun(guildId, cohortId);
    const text = clipContent(`${heading}\n${describeRun(run)}`);
    if (text !== shown) {
      await interaction.editReply({ content: text }).catch(() => undefined);
      shown = text;
    }
    if (run && run.state !== "running" && run.state !== "queued") return;
  }
}
