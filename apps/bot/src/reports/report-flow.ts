import {
  CODE_OF_CONDUCT_AREA_LABELS as AREA_LABELS,
  CODE_OF_CONDUCT_AREAS,
  REPORT_LIMITS,
  ReportService,
} from "@circles/core";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { customId } from "../interactions/custom-id.ts";
import type { ComponentHandler } from "../interactions/types.ts";
import { termMembersOf } from "../waitlist/term-members.ts";
import { tellOrganisers } from "../organisers/tell-organisers.ts";

// `/report`: pick the area (a select of the code of conduct's eleven), choose whether to stay
// anonymous, then tell what happened in a modal. The reporter gets a receipt; organisers are told in
// their channel only that report #N about an area arrived: the details are in the dashboard alone.

export const reportIds = {
  area: customId("report-area"),
  go: (area: number, anonymous: boolean) => customId("report-go", String(area), anonymous ? "anon" : "named"),
  modal: (area: number, anonymous: boolean) =>
    customId("report-modal", String(area), anonymous ? "anon" : "named"),
};
export const REPORT_FIELDS = { what: "what", involved: "involved" } as const;

export function areaSelect() {
  return new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
    new StringSelectMenuBuilder()
      .setCustomId(reportIds.area)
      .setPlaceholder("Which part of the code of conduct?")
      .addOptions(CODE_OF_CONDUCT_AREAS.map((area) => ({ label: AREA_LABELS[area], value: area }))),
  );
}

const areaOf = (index: string | undefined) => CODE_OF_CONDUCT_AREAS[Number(index)];

const areaChosen: ComponentHandler = {
  name: "report-area",
  async execute(interaction) {
    if (!interaction.isStringSelectMenu()) return;
    const index = CODE_OF_CONDUCT_AREAS.indexOf(interaction.values[0] as never);
    if (index < 0) {
      await interaction.update({
        content: "Please choose one of the listed areas.",
        components: [areaSelect()],
      });
      return;
    }
    await interaction.update({
      content: `About **${AREA_LABELS[CODE_OF_CONDUCT_AREAS[index]!]}**. Should the organisers know it was you? Either way, nobody else ever will.`,
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder()
            .setCustomId(reportIds.go(index, true))
            .setLabel("Stay anonymous")
            .setStyle(ButtonStyle.Primary),
          new ButtonBuilder()
            .setCustomId(reportIds.go(index, false))
            .setLabel("Give organisers my name")
            .setStyle(ButtonStyle.Secondary),
        ),
      ],
    });
  },
};

const openModal: ComponentHandler = {
  name: "report-go",
  async execute(interaction, [index, anonymity]) {
    if (!interaction.isButton() || !areaOf(index)) return;
    const anonymous = anonymity === "anon";
    await interaction.showModal(
      new ModalBuilder()
        .setCustomId(reportIds.modal(Number(index), anonymous))
        .setTitle(anonymous ? "Report (anonymous)" : "Report")
        .addComponents(
          new ActionRowBuilder<TextInputBuilder>().addComponents(
            new TextInputBuilder()
              .setCustomId(REPORT_FIELDS.what)
              .setLabel("What happened?")
              .setStyle(TextInputStyle.Paragraph)
              .setRequired(true)
              .setMaxLength(REPORT_LIMITS.body),
          ),
          new ActionRowBuilder<TextInputBuilder>().addComponents(
            new TextInputBuilder()
              .setCustomId(REPORT_FIELDS.involved)
              .setLabel("Who was involved? (optional)")
              .setStyle(TextInputStyle.Short)
              .setRequired(false)
              .setMaxLength(REPORT_LIMITS.involved),
          ),
        ),
    );
  },
};

const submitted: ComponentHandler = {
  name: "report-modal",
  async execute(interaction, [index, anonymity], ctx) {
    if (!interaction.isModalSubmit() || !interaction.guildId) return;
    const anonymous = anonymity === "anon";
    const deps = termMembersOf(ctx.client).deps;
    const receipt = await new ReportService(ctx.db, deps.now).submit(
      interaction.guildId,
      interaction.user.id,
      {
        area: areaOf(index),
        whatHappened: interaction.fields.getTextInputValue(REPORT_FIELDS.what),
        involved: interaction.fields.getTextInputValue(REPORT_FIELDS.involved),
        anonymous,
      },
    );
    await interaction.reply({
      content: `Thank you. Your report is received; its reference is **${receipt.reference}**. ${anonymous ? "The organisers will not see your name." : "The organisers may contact you about it."} Only the organisers can read it.`,
      flags: 64,
    });
    await tellOrganisers(
      { db: ctx.db, rest: ctx.client.rest, log: deps.log },
      interaction.guildId,
      `Report #${receipt.number} about **${AREA_LABELS[receipt.area]}** arrived. Read it in the dashboard.`,
    );
  },
};

export const reportComponents: readonly ComponentHandler[] = [areaChosen, openModal, submitted];
