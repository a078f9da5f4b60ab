import { ApplicationService, CohortService, enqueueMemberLeftGroup } from "@circles/core";
import { customId } from "../../interactions/custom-id.ts";
import type { ComponentHandler } from "../../interactions/types.ts";

export const withdrawIds = {
  confirm: (applicationId: string) => customId("withdraw-confirm", applicationId),
  cancel: customId("withdraw-cancel"),
};

const confirmButton: ComponentHandler = {
  name: "withdraw-confirm",
  async execute(interaction, [applicationId], ctx) {
    if (!interaction.isButton() || !applicationId) return;
    const guildId = interaction.guildId ?? "";
    const withdrawn = await new ApplicationService(ctx.db).withdraw(
      guildId,
      applicationId,
      interaction.user.id,
    );
    // A placed member also left their group: the role, the group's mentors and the seat follow as a job.
    if (withdrawn.leftGroup)
      await enqueueMemberLeftGroup(ctx.jobs, {
        guildId,
        userId: interaction.user.id,
        reason: "withdrawal",
        left: withdrawn.leftGroup,
      });
    const cohort = await new CohortService(ctx.db).get(guildId, withdrawn.cohortId);
    await interaction.update({
      content: `Your application to **${cohort.name}** is withdrawn. You can apply again with \`/apply\` while applications are open.`,
      components: [],
    });
  },
};

const cancelButton: ComponentHandler = {
  name: "withdraw-cancel",
  async execute(interaction) {
    if (!interaction.isButton()) return;
    await interaction.update({
      content: "Nothing changed: your application stays as it is.",
      components: [],
    });
  },
};

export const withdrawComponents: readonly ComponentHandler[] = [confirmButton, cancelButton];
