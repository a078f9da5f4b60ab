import { enqueueMemberLeftGroup, PersonalDataService } from "@circles/core";
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type ChatInputCommandInteraction } from "discord.js";
import { customId } from "../interactions/custom-id.ts";
import type { BotContext, ComponentHandler } from "../interactions/types.ts";
import { termMembersOf } from "../waitlist/term-members.ts";

export const mydataIds = { erase: customId("mydata-erase"), keep: customId("mydata-keep") };
const unix = (date: Date) => Math.floor(date.getTime() / 1000);

/** An ephemeral, one-time link (15 minutes) to everything Circles holds about the member, as JSON. */
export async function exportLink(interaction: ChatInputCommandInteraction<"cached">, ctx: BotContext) {
  if (!ctx.dashboardUrl) {
    await interaction.editReply({
      content:
        "Downloads are not set up on this server (the bot has no public address); please ask an organiser.",
    });
    return;
  }
  const link = await new PersonalDataService(ctx.db, termMembersOf(ctx.client).deps.now).createExport(
    interaction.guildId,
    interaction.user.id,
  );
  await interaction.editReply({
    content: `Your data, as JSON: ${ctx.dashboardUrl}/api/mydata/${link.token}\nThe link works once, until <t:${unix(link.expiresAt)}:t> (<t:${unix(link.expiresAt)}:R>). Keep it to yourself.`,
  });
}

/** Says what erasure means (leaving a running group first of all), then asks to confirm. */
export async function confirmErasure(interaction: ChatInputCommandInteraction<"cached">, ctx: BotContext) {
  const group = await new PersonalDataService(ctx.db).runningGroup(interaction.guildId, interaction.user.id);
  const lines = [
    "Erase your data from Circles in this server? This cannot be undone.",
    "Your applications, answers, check-ins, RSVPs and reports' link to you are deleted. Attendance counts and the audit log stay, without you in them.",
    ...(group
      ? [
          `**You are in ${group.name}, which is running now:** you would leave the group and the program, lose its channel, and your seat would be offered to someone on the waitlist.`,
        ]
      : []),
  ];
  await interaction.editReply({
    content: lines.join("\n"),
    components: [
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder()
          .setCustomId(mydataIds.erase)
          .setLabel("Erase my data")
          .setStyle(ButtonStyle.Danger),
        new ButtonBuilder().setCustomId(mydataIds.keep).setLabel("Keep it").setStyle(ButtonStyle.Secondary),
      ),
    ],
  });
}

const eraseButton: ComponentHandler = {
  name: "mydata-erase",
  async execute(interaction, _args, ctx) {
    if (!interaction.isButton() || !interaction.guildId) return;
    const guildId = interaction.guildId;
    const userId = interaction.user.id;
    const { left } = await new PersonalDataService(ctx.db, termMembersOf(ctx.client).deps.now).erase(
      guildId,
      userId,
    );
    ctx.members.forget(guildId, userId);
    if (left) await enqueueMemberLeftGroup(ctx.jobs, { guildId, userId, reason: "erasure", left });
    await interaction.update({
      content: "Your data is erased from Circles here. You are welcome back any time.",
      components: [],
    });
  },
};

const keepButton: ComponentHandler = {
  name: "mydata-keep",
  async execute(interaction) {
    if (!interaction.isButton()) return;
    await interaction.update({ content: "Nothing was erased.", components: [] });
  },
};

export const mydataComponents: readonly ComponentHandler[] = [eraseButton, keepButton];
