import {
  AttendanceService,
  type Database,
  type GroupRecord,
  type SessionRecord,
  SessionRunService,
  SHARE_BACK_MAX,
  TermNoticeService,
} from "@circles/core";
import {
  ActionRowBuilder,
  type Guild,
  type InteractionReplyOptions,
  MessageFlags,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { sessionTitle } from "../announcements/notice-text.ts";
import { termOf } from "../announcements/term-runtime.ts";
import { customId } from "../interactions/custom-id.ts";
import type { ComponentHandler } from "../interactions/types.ts";
import { clipContent } from "../messaging/discord-limits.ts";
import { runPlace } from "./session-place.ts";

export const sessionIds = {
  shareModal: customId("session-share"),
  checklist: (sessionId: string) => customId("session-attendance", sessionId),
};

export function shareBackModal(): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(sessionIds.shareModal)
    .setTitle("Your group's share-back")
    .addComponents(
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder()
          .setCustomId("text")
          .setLabel("What did your group discuss and take away?")
          .setStyle(TextInputStyle.Paragraph)
          .setMaxLength(SHARE_BACK_MAX)
          .setRequired(true),
      ),
    );
}

/** The mentors' in-person checklist: a menu of the group, those marked present already chosen. */
export async function attendanceChecklist(
  guild: Guild,
  db: Database,
  group: GroupRecord,
  session: SessionRecord,
): Promise<InteractionReplyOptions> {
  const people = [...group.mentors, ...group.mentees];
  const present = new Set(
    (await new AttendanceService(db).list(guild.id, session.id))
      .filter((a) => a.status === "present")
      .map((a) => a.userId),
  );
  const menu = new StringSelectMenuBuilder()
    .setCustomId(sessionIds.checklist(session.id))
    .setPlaceholder("Who is here?")
    .setMinValues(0)
    .setMaxValues(people.length)
    .addOptions(
      people.map((userId) => ({
        label: (guild.members.cache.get(userId)?.displayName ?? userId).slice(0, 100),
        value: userId,
        description: group.mentors.includes(userId) ? "mentor" : "mentee",
        default: present.has(userId),
      })),
    );
  return {
    content: `Tick everyone who is at **Session ${session.number}** in person; the others are marked absent.`,
    components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)],
    flags: MessageFlags.Ephemeral,
  };
}

const shareModal: ComponentHandler = {
  name: "session-share",
  async execute(interaction, _args, ctx) {
    if (!interaction.isModalSubmit() || !interaction.inCachedGuild()) return;
    const { place, actor } = await runPlace(interaction, ctx);
    const shared = await new SessionRunService(ctx.db).share(
      place,
      actor,
      interaction.fields.getTextInputValue("text"),
      new Date(termOf(ctx.client).clock.now()),
    );
    const channelId = shared.cohort.shareBackChannelId;
    let where = "stored with the session";
    if (channelId) {
      const channel = await interaction.guild.channels.fetch(channelId).catch(() => null);
      if (channel?.isSendable()) {
        await channel.send({
          content: clipContent(
            `📝 **${shared.group.name} · ${sessionTitle(shared.cohort.name, shared.session)}** share-back (by <@${interaction.user.id}>):\n${shared.run.shareBack}`,
          ),
          allowedMentions: { parse: [] },
        });
        where = `stored and posted in <#${channelId}>`;
      } else where = `stored, but I cannot post in <#${channelId}> (check my permissions there)`;
    }
    await interaction.reply({
      content: `Thank you: your group's share-back is ${where}.`,
      flags: MessageFlags.Ephemeral,
    });
  },
};

const checklist: ComponentHandler = {
  name: "session-attendance",
  async execute(interaction, [sessionId], ctx) {
    if (!interaction.isStringSelectMenu() || !interaction.inCachedGuild() || !sessionId) return;
    const { place, actor } = await runPlace(interaction, ctx);
    const notice = await new TermNoticeService(ctx.db).sessionNotice(interaction.guildId, sessionId);
    const { group } = await new SessionRunService(ctx.db).checklistContext(
      place,
      actor,
      notice?.session.startsAt ?? new Date(),
    );
    const members = [...group.mentors, ...group.mentees];
    const saved = await new AttendanceService(ctx.db).checklist(
      interaction.guildId,
      sessionId,
      members,
      interaction.values,
      actor,
    );
    const present = saved.filter((a) => a.status === "present").map((a) => `<@${a.userId}>`);
    await interaction.update({
      content: `Attendance saved: ${present.length}/${members.length} present${present.length ? ` (${present.join(", ")})` : ""}.`,
      components: [],
    });
  },
};

export const sessionComponents: readonly ComponentHandler[] = [shareModal, checklist];
