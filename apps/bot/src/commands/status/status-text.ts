import type { MemberStatus } from "@circles/core";
import { clipContent } from "../../messaging/discord-limits.ts";

const STATE_WORDS: Record<string, string> = {
  submitted: "received; groups are not formed yet",
  placed: "placed in a group",
  waitlisted: "on the waitlist (the cohort is full for now; a freed seat goes to the next in line)",
  withdrawn: "withdrawn",
  declined: "not taken this time",
};

/** Discord shows `<t:…>` in each reader's own time zone: absolute (F) and relative (R). */
export const discordTime = (date: Date, style: "F" | "R" | "f" = "F") =>
  `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;

/** The member's own state in words; mentions render as names and ping no one (the bot's default). */
export function statusText(status: MemberStatus): string {
  const { cohort, application, group, buddies, nextSession } = status;
  if (!cohort) return "No cohort is running right now. Watch the announcements for the next one.";
  if (!application)
    return cohort.state === "applications_open"
      ? `You have not applied to **${cohort.name}** yet: run \`/coc\`, then \`/apply\`.`
      : `You have not applied to **${cohort.name}**.`;
  const lines = [
    `**${cohort.name}**: you applied as a ${application.role} ${discordTime(application.appliedAt, "f")}; ` +
      `your application is ${STATE_WORDS[application.state] ?? application.state}.`,
  ];
  if (group) {
    lines.push(`Group: **${group.name}**${group.textChannelId ? ` (<#${group.textChannelId}>)` : ""}`);
    if (buddies.length > 0)
      lines.push(
        application.role === "mentee"
          ? `Your buddy: <@${buddies[0]}>`
          : `Your buddies: ${buddies.map((id) => `<@${id}>`).join(", ")}`,
      );
  }
  if (nextSession)
    lines.push(
      `Next session: #${nextSession.number}${nextSession.theme ? ` (${nextSession.theme})` : ""}, ` +
        `${discordTime(nextSession.startsAt, "F")} (${discordTime(nextSession.startsAt, "R")})` +
        (cohort.venue ? ` at ${cohort.venue}` : ""),
    );
  return clipContent(lines.join("\n"));
}
