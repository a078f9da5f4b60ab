import { FEEDBACK_COMMENT_MAX, FeedbackService } from "@circles/core";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import type { ComponentHandler } from "../interactions/types.ts";
import { feedbackIds } from "./feedback-prompt.ts";

// Buttons and modals of the feedback prompt; they work in DMs, so the guild travels in the custom id.

const rate: ComponentHandler = {
  name: "rate",
  async execute(interaction, [guildId, sessionId, rating], ctx) {
    if (!interaction.isButton() || !guildId || !sessionId) return;
    await new FeedbackService(ctx.db).rate(guildId, sessionId, interaction.user.id, Number(rating));
    await interaction.reply({
      content: `Thank you: you rated this session **${rating}/5**. Press a number again to change it.`,
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder()
            .setCustomId(feedbackIds.comment(guildId, sessionId))
            .setLabel("Add a comment")
            .setStyle(ButtonStyle.Secondary),
        ),
      ],
      flags: MessageFlags.Ephemeral,
    });
  },
};

const comment: ComponentHandler = {
  name: "fb-comment",
  async execute(interaction, [guildId, sessionId]) {
    if (!interaction.isButton() || !guildId || !sessionId) return;
    await interaction.showModal(
      new ModalBuilder()
        .setCustomId(feedbackIds.commentModal(guildId, sessionId))
        .setTitle("Your comment on the session")
        .addComponents(
          new ActionRowBuilder<TextInputBuilder>().addComponents(
            new TextInputBuilder()
              .setCustomId("comment")
              .setLabel("What worked, what could be better?")
              .setStyle(TextInputStyle.Paragraph)
              .setMaxLength(FEEDBACK_COMMENT_MAX)
              .setRequired(true),
          ),
        ),
    );
  },
};

const commentModal: ComponentHandler = {
  name: "fb-comment-modal",
  async execute(interaction, [guildId, sessionId], ctx) {
    if (!interaction.isModalSubmit() || !guildId || !sessionId) return;
    const text = interaction.fields.getTextInputValue("comment");
    await new FeedbackService(ctx.db).comment(guildId, sessionId, interaction.user.id, text);
    await interaction.reply({
      content: "Thank you: your comment is saved with your rating.",
      flags: MessageFlags.Ephemeral,
    });
  },
};

const survey: ComponentHandler = {
  name: "survey",
  async execute(interaction, [guildId, cohortId]) {
    if (!interaction.isButton() || !guildId || !cohortId) return;
    const input = (id: string, label: string, style: TextInputStyle, required: boolean, max: number) =>
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder()
          .setCustomId(id)
          .setLabel(label)
          .setStyle(style)
          .setRequired(required)
          .setMaxLength(max),
      );
    await interaction.showModal(
      new ModalBuilder()
        .setCustomId(feedbackIds.surveyModal(guildId, cohortId))
        .setTitle("Final survey")
        .addComponents(
          input("overall", "The program overall, from 1 to 5", TextInputStyle.Short, true, 1),
          input("valuable", "What was most valuable?", TextInputStyle.Paragraph, false, 1000),
          input("change", "What should change next time?", TextInputStyle.Paragraph, false, 1000),
        ),
    );
  },
};

const surveyModal: ComponentHandler = {
  name: "survey-modal",
  async execute(interaction, [guildId, cohortId], ctx) {
    if (!interaction.isModalSubmit() || !guildId || !cohortId) return;
    const overall = interaction.fields.getTextInputValue("overall").trim();
    await new FeedbackService(ctx.db).finalSurvey(guildId, {
      cohortId,
      userId: interaction.user.id,
      overall: /^[0-9]$/.test(overall) ? Number(overall) : Number.NaN,
      mostValuable: interaction.fields.getTextInputValue("valuable") || null,
      changeNext: interaction.fields.getTextInputValue("change") || null,
    });
    await interaction.reply({
      content: "Thank you for answering the final survey.",
      flags: MessageFlags.Ephemeral,
    });
  },
};

export const feedbackComponents: readonly ComponentHandler[] = [
  rate,
  comment,
  commentModal,
  survey,
  surveyModal,
];
