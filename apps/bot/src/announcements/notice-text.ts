import type { ProgramEvent, SessionNotice, SessionRecord } from "@circles/core";
import { counted } from "@circles/core/words";
import { clipContent } from "../messaging/discord-limits.ts";

// What the term's notices say. Times are Discord timestamps, so each member reads their own local
// time; `:F` the full date and time, `:R` "in 2 days", `:t` the time of an agenda item.

export const stamp = (date: Date, style: "F" | "R" | "t" | "D" = "F") =>
  `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;

export function sessionTitle(cohortName: string, session: Pick<SessionRecord, "number" | "theme">): string {
  return `${cohortName} · Session ${session.number}${session.theme ? `: ${session.theme}` : ""}`;
}

/** The agenda with each item's local start time. */
export function agendaLines(session: Pick<SessionRecord, "startsAt" | "agenda">): string[] {
  let at = session.startsAt.getTime();
  return session.agenda.map((item) => {
    const line = `${stamp(new Date(at), "t")} ${item.title} (${item.minutes} min)`;
    at += item.minutes * 60_000;
    return line;
  });
}

function sessionBlock(notice: SessionNotice): string[] {
  const { session, cohort } = notice;
  return [
    `**When:** ${stamp(session.startsAt)} (${stamp(session.startsAt, "R")})`,
    `**Where:** ${cohort.venue ?? "the venue your organisers announce"}`,
    `**Theme:** ${session.theme ?? "to be announced"}`,
    ...(session.speakers.length ? [`**Speakers:** ${session.speakers.join(", ")}`] : []),
    "**Agenda:**",
    ...agendaLines(session).map((l) => `- ${l}`),
  ];
}

export function announcementText(notice: SessionNotice, offsetMinutes: number): string {
  const ahead =
    offsetMinutes % 1440 === 0 ? counted(offsetMinutes / 1440, "day") : counted(offsetMinutes, "minute");
  const lead = offsetMinutes === 10_080 ? "a week" : offsetMinutes === 1440 ? "a day" : ahead;
  return clipContent(
    [
      `📣 **${sessionTitle(notice.cohort.name, notice.session)}** is ${lead} away.`,
      ...sessionBlock(notice),
      "Mentoring is about careers and growth, not coding tuition: Developer's Gym workshops cover technical skills.",
    ].join("\n"),
  );
}

export function reminderText(notice: SessionNotice, groupName: string): string {
  return clipContent(
    [
      `⏰ **${groupName}: ${sessionTitle(notice.cohort.name, notice.session)}** starts ${stamp(notice.session.startsAt, "R")}.`,
      ...sessionBlock(notice),
      "Mentors: open the evening with `/session start` when it begins.",
    ].join("\n"),
  );
}

export function cancellationText(notice: SessionNotice): string {
  return clipContent(
    `❌ **${sessionTitle(notice.cohort.name, notice.session)}** on ${stamp(notice.session.startsAt)} is cancelled. ` +
      "The other sessions stay as planned.",
  );
}

export function programEventText(event: ProgramEvent, counts: { going: number; notGoing: number }): string {
  return clipContent(
    [
      `🏋️ **${event.title}**`,
      `**When:** ${stamp(event.startsAt)} (${stamp(event.startsAt, "R")}) to ${stamp(event.endsAt, "t")}`,
      `**Where:** ${event.location}`,
      ...(event.description ? [event.description] : []),
      `**Going:** ${counts.going} · **Not going:** ${counts.notGoing}`,
    ].join("\n"),
  );
}

export function programReminderText(event: ProgramEvent): string {
  return clipContent(
    `⏰ **${event.title}** starts ${stamp(event.startsAt, "R")} (${stamp(event.startsAt)}) at ${event.location}.`,
  );
}
