import type { AttendanceEntry, GroupRecord, SessionRecord } from "@circles/core";
import { agendaLines, sessionTitle, stamp } from "../announcements/notice-text.ts";
import { clipContent } from "../messaging/discord-limits.ts";

// What `/session` posts in the group's channel.

const DEFAULT_PROMPTS = [
  "What is one career decision you are weighing now, and what would help you make it?",
  "What has helped you grow most at work this year, and what held you back?",
];

function prompts(session: SessionRecord): string[] {
  return session.discussionPrompts.length ? session.discussionPrompts : DEFAULT_PROMPTS;
}

/** The prompt of one agenda item. */
export function itemPrompt(session: SessionRecord, position: number): string {
  const item = session.agenda[position];
  if (!item) return "";
  const head = `**${position + 1}/${session.agenda.length} · ${item.title}** (${item.minutes} min)`;
  switch (item.kind) {
    case "dinner":
      return `${head}\n🍽️ Settle in and catch up with each other over dinner.`;
    case "talk":
      return `${head}\n🎤 The mentors' talk on **${session.theme ?? "tonight's theme"}**${
        session.speakers.length ? ` by ${session.speakers.join(", ")}` : ""
      }.`;
    case "discussion":
      return [
        `${head}\n💬 Discuss the theme together. Prompts:`,
        ...prompts(session).map((p) => `- ${p}`),
        "This is mentoring on careers and growth, not coding tuition: take technical questions to the Developer's Gym.",
      ].join("\n");
    case "share-back":
      return `${head}\n📝 Sum up what your group discussed; a mentor records it with \`/session share\`.`;
    case "supper":
      return `${head}\n🥪 Supper. Thank you for tonight! A mentor closes the evening with \`/session end\`.`;
    default:
      return `${head}`;
  }
}

export function startText(
  cohortName: string,
  session: SessionRecord,
  group: GroupRecord,
  thresholdMinutes: number,
): string {
  return clipContent(
    [
      `▶️ **${sessionTitle(cohortName, session)}** has started for **${group.name}** (${stamp(session.startsAt)}).`,
      "**Agenda** (your local times):",
      ...agendaLines(session).map((l) => `- ${l}`),
      "**Discussion prompts:**",
      ...prompts(session).map((p) => `- ${p}`),
      group.voiceChannelId
        ? `Attendance: time in <#${group.voiceChannelId}> counts from now; ${thresholdMinutes} minutes make you present. In person? A mentor ticks the list with \`/session attendance\`.`
        : "Attendance: a mentor ticks the list with `/session attendance`.",
      "",
      itemPrompt(session, 0),
    ].join("\n"),
  );
}

export function endText(
  cohortName: string,
  session: SessionRecord,
  group: GroupRecord,
  attendance: AttendanceEntry[],
): string {
  const present = attendance.filter((a) => a.status === "present");
  const others = attendance.filter((a) => a.status !== "present");
  const buddies = Object.entries(group.buddies);
  return clipContent(
    [
      `⏹️ **${sessionTitle(cohortName, session)}** has ended for **${group.name}**.`,
      `**Attended (${present.length}/${attendance.length}):** ${present.map((a) => `<@${a.userId}>`).join(", ") || "no one"}`,
      ...(others.length
        ? [
            `**Not counted present:** ${others.map((a) => `<@${a.userId}> (${a.minutesPresent} min)`).join(", ")}`,
          ]
        : []),
      "Please rate tonight with the buttons below.",
      ...(buddies.length
        ? [
            "**Buddies**, check in one-on-one before the next session (log it with `/checkin`):",
            ...buddies.map(([mentee, mentor]) => `- <@${mentor}> ↔ <@${mentee}>`),
          ]
        : []),
    ].join("\n"),
  );
}
