import { SessionRunService } from "@circles/core";
import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import { termOf } from "../announcements/term-runtime.ts";
import type { SlashCommand } from "../interactions/types.ts";
import { attendanceChecklist, shareBackModal } from "../sessions/session-components.ts";
import { runPlace } from "../sessions/session-place.ts";
import { endText, itemPrompt, startText } from "../sessions/session-texts.ts";

// `/session`: a group's evening, run by its mentors (or an organiser) in the group's own channel.
// The rules and refusals live in core's SessionRunService; this file turns them into messages.

const builder = new SlashCommandBuilder()
  .setName("session")
  .setDescription("Mentors: run tonight's session in your group's channel")
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName("start")
      .setDescription("Open the session: agenda, prompts, attendance")
      .addBooleanOption((o) =>
        o.setName("override").setDescription("Organisers: start a session on another day").setRequired(false),
      ),
  )
  .addSubcommand((s) => s.setName("next").setDescription("Move to the next agenda item"))
  .addSubcommand((s) => s.setName("share").setDescription("Record the group's share-back"))
  .addSubcommand((s) =>
    s.setName("end").setDescription("Close the session: attendance, feedback, buddy check-ins"),
  )
  .addSubcommand((s) => s.setName("attendance").setDescription("Tick who is here (in-person sessions)"));

export const sessionCommand: SlashCommand = {
  data: builder,
  async execute(interaction, ctx) {
    const sub = interaction.options.getSubcommand(true);
    const runs = new SessionRunService(ctx.db);
    const term = termOf(ctx.client);
    const now = () => new Date(term.clock.now());
    if (sub === "share") {
      // Checked before the modal opens, so a mentee or another channel is refused at once.
      const { place, actor } = await runPlace(interaction, ctx);
      await runs.authorise(place, actor);
      await interaction.showModal(shareBackModal());
      return;
    }
    const { place, actor } = await runPlace(interaction, ctx);
    switch (sub) {
      case "start": {
        const override = interaction.options.getBoolean("override") ?? false;
        const started = await runs.start(place, actor, now(), { override });
        await interaction.reply({
          content: startText(
            started.cohort.name,
            started.session,
            started.group,
            started.cohort.attendanceThresholdMinutes,
          ),
          allowedMentions: { parse: [] },
        });
        // Whoever is in the room already counts from now.
        await term.voice.reconcile(interaction.guild);
        return;
      }
      case "next": {
        const moved = await runs.next(place, actor);
        await interaction.reply({ content: itemPrompt(moved.session, moved.run.agendaPosition) });
        return;
      }
      case "end": {
        await interaction.deferReply();
        await term.voice.settled(interaction.guildId);
        const ended = await runs.end(place, actor, now());
        await interaction.editReply({
          content: endText(ended.cohort.name, ended.session, ended.group, ended.attendance),
          allowedMentions: { parse: [] },
        });
        // A job, so a bot that dies part-way still prompts everyone after its restart.
        await term.feedback.queue({
          guildId: interaction.guildId,
          cohortId: ended.cohort.id,
          sessionId: ended.session.id,
          groupId: ended.group.id,
        });
        return;
      }
      case "attendance": {
        const { group, session } = await runs.checklistContext(place, actor, now());
        await interaction.reply(await attendanceChecklist(interaction.guild, ctx.db, group, session));
        return;
      }
      default:
        throw new Error(`no handler for /session ${sub}`);
    }
  },
};
