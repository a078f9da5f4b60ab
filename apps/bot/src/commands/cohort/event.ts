import { CohortService, ProgramEventService, TermNoticeService } from "@circles/core";
import { programEventText, stamp } from "../../announcements/notice-text.ts";
import {
  answerButtons,
  programEventIds,
  publishProgramEvent,
} from "../../announcements/program-event-publish.ts";
import { termOf } from "../../announcements/term-runtime.ts";
import type { ComponentHandler } from "../../interactions/types.ts";
import type { CohortSubcommand } from "./subcommand.ts";

// `/cohort event`: a program-wide event besides the sessions, such as a Developer's Gym workshop for
// technical skills. It gets a Discord scheduled event, an announcement with Going / Not going and
// live counts, and reminders a day and an hour before (the term's scheduler).

export { programEventIds };

export const eventSubcommand: CohortSubcommand = {
  name: "event",
  define: (sub) =>
    sub
      .setName("event")
      .setDescription("Schedule a program-wide event, e.g. a Developer's Gym workshop")
      .addStringOption((o) =>
        o.setName("title").setDescription("What it is").setRequired(true).setMaxLength(100),
      )
      .addStringOption((o) =>
        o.setName("when").setDescription("Local date and time, e.g. 2027-04-13 19:00").setRequired(true),
      )
      .addStringOption((o) =>
        o.setName("where").setDescription("The venue").setRequired(true).setMaxLength(100),
      )
      .addIntegerOption((o) =>
        o.setName("minutes").setDescription("How long (default 120)").setMinValue(15).setMaxValue(720),
      )
      .addStringOption((o) => o.setName("about").setDescription("A short description").setMaxLength(1000)),
  deferEphemeral: true,
  async execute(interaction, ctx, community) {
    const cohort = await new CohortService(ctx.db).current(community.guildId);
    const events = new ProgramEventService(ctx.db);
    const event = await events.create(
      community.guildId,
      cohort.id,
      {
        title: interaction.options.getString("title", true),
        when: interaction.options.getString("when", true),
        location: interaction.options.getString("where", true),
        minutes: interaction.options.getInteger("minutes") ?? 120,
        description: interaction.options.getString("about"),
      },
      { userId: interaction.user.id },
      new Date(termOf(ctx.client).clock.now()),
    );
    // The same publishing as an event made in the dashboard (the term scheduler's sync).
    const cohortNotice = await new TermNoticeService(ctx.db).cohort(community.guildId, cohort.id);
    const { announcedIn } = await publishProgramEvent(
      ctx.client,
      ctx.db,
      ctx.log,
      event,
      cohortNotice?.announcementChannelId ?? null,
    );
    const announced = announcedIn
      ? `announced in <#${announcedIn}>`
      : "there is no announcement channel to post it in (dashboard → community settings)";
    await interaction.editReply({
      content: `**${event.title}** is scheduled for ${stamp(event.startsAt)} at ${event.location}: Discord event made, ${announced}. Reminders go out a day and an hour before.`,
    });
  },
};

/** Going / Not going: the answer is stored and the announcement shows the new counts. */
export const programEventComponents: readonly ComponentHandler[] = [
  {
    name: "program-event",
    async execute(interaction, [eventId, answer], ctx) {
      if (!interaction.isButton() || !interaction.inCachedGuild() || !eventId) return;
      const { event, counts } = await new ProgramEventService(ctx.db).answer(
        interaction.guildId,
        eventId,
        interaction.user.id,
        answer === "yes",
        new Date(termOf(ctx.client).clock.now()),
      );
      await interaction.update({
        content: programEventText(event, counts),
        components: [answerButtons(event.id)],
      });
    },
  },
];
