import { CohortService } from "@circles/core";
import type { CohortSubcommand } from "./subcommand.ts";

// The program's own shape: six sessions, every three weeks, 19:00-22:00 local.
const DEFAULTS = { sessions: 6, everyWeeks: 3, startTime: "19:00", endTime: "22:00" } as const;

/** A new cohort with its schedule, for organisers who run the program from Discord alone. */
export const createSubcommand: CohortSubcommand = {
  name: "create",
  define: (sub) =>
    sub
      .setName("create")
      .setDescription("Create a cohort and its session schedule (the dashboard offers more)")
      .addStringOption((o) =>
        o.setName("name").setDescription("e.g. 2027 spring").setRequired(true).setMaxLength(100),
      )
      .addStringOption((o) =>
        o
          .setName("first_session")
          .setDescription("Date of the first session, YYYY-MM-DD; later ones fall on the same weekday")
          .setRequired(true)
          .setMinLength(10)
          .setMaxLength(10),
      )
      .addIntegerOption((o) =>
        o
          .setName("sessions")
          .setDescription(`How many sessions (default ${DEFAULTS.sessions})`)
          .setMinValue(1)
          .setMaxValue(52),
      )
      .addIntegerOption((o) =>
        o
          .setName("every_weeks")
          .setDescription(`Weeks between sessions (default ${DEFAULTS.everyWeeks})`)
          .setMinValue(1)
          .setMaxValue(12),
      )
      .addStringOption((o) =>
        o
          .setName("start_time")
          .setDescription(`Local start, HH:mm (default ${DEFAULTS.startTime})`)
          .setMaxLength(5),
      )
      .addStringOption((o) =>
        o
          .setName("end_time")
          .setDescription(`Local end, HH:mm (default ${DEFAULTS.endTime})`)
          .setMaxLength(5),
      )
      .addStringOption((o) => o.setName("venue").setDescription("Where every group meets").setMaxLength(200))
      .addStringOption((o) =>
        o
          .setName("time_zone")
          .setDescription("IANA time zone, e.g. Asia/Singapore (default: the community's)")
          .setMaxLength(64),
      ),
  deferEphemeral: true,
  async execute(interaction, ctx, community) {
    const options = interaction.options;
    const firstDate = options.getString("first_session", true).trim();
    const timeZone = options.getString("time_zone")?.trim() || community.timeZone;
    const cohort = await new CohortService(ctx.db).create(
      community.guildId,
      { name: options.getString("name", true), timeZone, venue: options.getString("venue") },
      { userId: interaction.user.id },
      {
        count: options.getInteger("sessions") ?? DEFAULTS.sessions,
        everyWeeks: options.getInteger("every_weeks") ?? DEFAULTS.everyWeeks,
        weekday: weekdayOf(firstDate),
        firstDate,
        startTime: options.getString("start_time")?.trim() || DEFAULTS.startTime,
        endTime: options.getString("end_time")?.trim() || DEFAULTS.endTime,
      },
    );
    await interaction.editReply({
      content:
        `Created **${cohort.name}** (a draft, ${cohort.timeZone}). Run \`/cohort status\` to see its sessions, ` +
        "and `/cohort open` when applications may start.",
    });
  },
};

/** The first session falls on the given date: its weekday is the schedule's. A bad date is reported by the schedule. */
function weekdayOf(date: string): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay(); // NaN for a bad date
  return (Number.isNaN(day) ? 1 : day === 0 ? 7 : day) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}
