import {
  type ApplicationDraftRecord,
  ApplicationDraftService,
  ApplicationService,
  CohortService,
  type DraftAnswers,
  ValidationError,
} from "@circles/core";
import { answerPrivately } from "../../interactions/answer.ts";
import type { BotContext, ComponentHandler, ComponentInteraction } from "../../interactions/types.ts";
import {
  answersFromModal,
  applicationForm,
  applicationModal,
  applicationSummary,
  fieldLabel,
  TEXT_INPUTS,
} from "./apply-form.ts";

/** The form as it stands for this draft (the cohort's name, and whether a live application is changed). */
export async function formOf(ctx: BotContext, draft: ApplicationDraftRecord) {
  const cohort = await new CohortService(ctx.db).get(draft.guildId, draft.cohortId);
  const live = await new ApplicationService(ctx.db).findLive(draft.guildId, draft.cohortId, draft.userId);
  return applicationForm({
    cohortName: cohort.name,
    role: draft.role,
    answers: draft.answers,
    changing: live?.appliedAt ?? null,
  });
}

async function updateForm(interaction: ComponentInteraction, ctx: BotContext, draft: ApplicationDraftRecord) {
  const form = await formOf(ctx, draft);
  if (interaction.isMessageComponent() || interaction.isFromMessage()) await interaction.update(form);
  else await answerPrivately(interaction, form);
}

/** A select's answer goes into the draft, and the form shows it. */
function selectHandler(name: string, toAnswers: (values: string[]) => DraftAnswers): ComponentHandler {
  return {
    name,
    async execute(interaction, _args, ctx) {
      if (!interaction.isStringSelectMenu()) return;
      const draft = await new ApplicationDraftService(ctx.db).answer(
        interaction.guildId ?? "",
        interaction.user.id,
        toAnswers(interaction.values),
      );
      await updateForm(interaction, ctx, draft);
    },
  };
}

const textButton: ComponentHandler = {
  name: "apply-text",
  async execute(interaction, _args, ctx) {
    if (!interaction.isButton()) return;
    const draft = await new ApplicationDraftService(ctx.db).get(
      interaction.guildId ?? "",
      interaction.user.id,
    );
    await interaction.showModal(applicationModal(draft.answers));
  },
};

const modalHandler: ComponentHandler = {
  name: "apply-modal",
  async execute(interaction, _args, ctx) {
    if (!interaction.isModalSubmit()) return;
    const field = (id: string) => interaction.fields.getTextInputValue(id) ?? "";
    const draft = await new ApplicationDraftService(ctx.db).answer(
      interaction.guildId ?? "",
      interaction.user.id,
      answersFromModal({
        interests: field(TEXT_INPUTS.interests.id),
        employer: field(TEXT_INPUTS.employer.id),
        goals: field(TEXT_INPUTS.goals.id),
      }),
    );
    await updateForm(interaction, ctx, draft);
  },
};

/** Every answer checked together; what is missing or wrong is named, the form stays as it was. */
const reviewButton: ComponentHandler = {
  name: "apply-review",
  async execute(interaction, _args, ctx) {
    if (!interaction.isButton()) return;
    const drafts = new ApplicationDraftService(ctx.db);
    const draft = await drafts.get(interaction.guildId ?? "", interaction.user.id);
    try {
      const { details } = await drafts.review(draft.guildId, draft.userId);
      const cohort = await new CohortService(ctx.db).get(draft.guildId, draft.cohortId);
      const live = await new ApplicationService(ctx.db).findLive(draft.guildId, draft.cohortId, draft.userId);
      await interaction.update(applicationSummary(cohort.name, details, live !== undefined));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw new ValidationError(
        error.problems.map((p) => {
          const answered = (draft.answers as Record<string, unknown>)[p.field] !== undefined;
          return {
            field: fieldLabel(p.field, draft.role),
            message: answered ? p.message : "not answered yet",
          };
        }),
      );
    }
  },
};

const editButton: ComponentHandler = {
  name: "apply-edit",
  async execute(interaction, _args, ctx) {
    const draft = await new ApplicationDraftService(ctx.db).get(
      interaction.guildId ?? "",
      interaction.user.id,
    );
    await updateForm(interaction, ctx, draft);
  },
};

const confirmButton: ComponentHandler = {
  name: "apply-confirm",
  async execute(interaction, _args, ctx) {
    if (!interaction.isButton()) return;
    const guildId = interaction.guildId ?? "";
    const { application, changed } = await new ApplicationDraftService(ctx.db).submit(
      guildId,
      interaction.user.id,
    );
    const cohort = await new CohortService(ctx.db).get(guildId, application.cohortId);
    const what = changed
      ? `Your application to **${cohort.name}** as a ${application.role} is changed.`
      : `Your application to **${cohort.name}** as a ${application.role} is in. Thank you!`;
    await interaction.update({
      content: `${what}\nFollow it with \`/status\`; change it with \`/apply\` while applications are open, or leave with \`/withdraw\`.`,
      embeds: [],
      components: [],
    });
  },
};

const cancelButton: ComponentHandler = {
  name: "apply-cancel",
  async execute(interaction, _args, ctx) {
    if (!interaction.isButton()) return;
    await new ApplicationDraftService(ctx.db).discard(interaction.guildId ?? "", interaction.user.id);
    await interaction.update({
      content: "Cancelled: nothing was sent. An application you sent before stays as it was.",
      embeds: [],
      components: [],
    });
  },
};

export const applyComponents: readonly ComponentHandler[] = [
  selectHandler("apply-gender", ([gender]) => ({ gender })),
  selectHandler("apply-group", ([choice]) => ({ singleGenderGroup: choice === "yes" })),
  selectHandler("apply-areas", (areas) => ({ areas })),
  selectHandler("apply-experience", ([experience]) => ({ experience })),
  textButton,
  modalHandler,
  reviewButton,
  editButton,
  confirmButton,
  cancelButton,
];
