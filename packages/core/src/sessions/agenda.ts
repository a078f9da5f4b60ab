import { ValidationError } from "../errors.ts";
import type { InputProblem, SessionTimes } from "./schedule.ts";

/** The agenda of a session: an ordered list of items, each with a duration in minutes. */

export const agendaKinds = ["dinner", "talk", "discussion", "share-back", "supper", "custom"] as const;
export type AgendaKind = (typeof agendaKinds)[number];

export interface AgendaItem {
  kind: AgendaKind;
  title: string;
  minutes: number;
}

export class AgendaInputError extends ValidationError {
  constructor(problems: InputProblem[]) {
    super(problems);
    this.name = "AgendaInputError";
  }
}

export const agendaLimits = {
  items: { min: 1, max: 20 },
  titleLength: { min: 1, max: 100 },
  minutes: { min: 1, max: 240 },
  /** What `defaultAgenda` can spread: half an hour up to 12 hours (the talk-to-supper shares stay in range). */
  totalMinutes: { min: 30, max: 720 },
} as const;

/** A typical evening, 19:00-22:00. */
export const defaultSessionMinutes = 180;

// The program's evening (about-the-mentoring-program.md), in order, for a 3-hour session.
const programAgenda: readonly AgendaItem[] = [
  { kind: "dinner", title: "Dinner", minutes: 45 },
  { kind: "talk", title: "Talk by mentors on the theme", minutes: 30 },
  { kind: "discussion", title: "Group discussion on the theme", minutes: 60 },
  { kind: "share-back", title: "Share-back from each group", minutes: 30 },
  { kind: "supper", title: "Supper", minutes: 15 },
];

/**
 * The program's default agenda, its durations scaled to `totalMinutes` in whole minutes that add up
 * exactly (leftover minutes go to the items that lost the most to rounding down).
 */
export function defaultAgenda(totalMinutes: number = defaultSessionMinutes): AgendaItem[] {
  const { min, max } = agendaLimits.totalMinutes;
  if (!Number.isInteger(totalMinutes) || totalMinutes < min || totalMinutes > max) {
    throw new AgendaInputError([
      { field: "totalMinutes", message: `must be a whole number of minutes from ${min} to ${max}` },
    ]);
  }
  const exact = programAgenda.map((item) => (item.minutes * totalMinutes) / defaultSessionMinutes);
  const minutes = exact.map(Math.floor);
  let left = totalMinutes - minutes.reduce((sum, m) => sum + m, 0);
  const byRemainder = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    minutes[i] = (minutes[i] ?? 0) + 1;
    left--;
  }
  return programAgenda.map((item, i) => ({ ...item, minutes: minutes[i] ?? 0 }));
}

export function agendaMinutes(items: readonly AgendaItem[]): number {
  return items.reduce((sum, item) => sum + item.minutes, 0);
}

/** Whether the items' total fits between the session's start and end (real elapsed minutes). */
export function agendaFitsSession(items: readonly AgendaItem[], startsAt: Date, endsAt: Date): boolean {
  return agendaMinutes(items) * 60_000 <= endsAt.getTime() - startsAt.getTime();
}

/**
 * Checks an agenda a user sent and returns a clean copy (titles trimmed, extra properties dropped).
 * With `session`, the agenda must also fit the session's duration. Throws `AgendaInputError` naming
 * every bad field at once, e.g. `items[2].minutes`.
 */
export function validateAgenda(items: unknown, session?: SessionTimes): AgendaItem[] {
  const limits = agendaLimits.items;
  if (!Array.isArray(items) || items.length < limits.min || items.length > limits.max) {
    throw new AgendaInputError([
      { field: "items", message: `must be a list of ${limits.min} to ${limits.max} agenda items` },
    ]);
  }
  const problems: InputProblem[] = [];
  const clean = items.flatMap((item: unknown, i) => {
    const checked = checkItem(item, `items[${i}]`, problems);
    return checked ? [checked] : [];
  });
  if (problems.length === 0 && session) {
    const sessionMinutes = (session.endsAt.getTime() - session.startsAt.getTime()) / 60_000;
    if (!(sessionMinutes > 0)) {
      problems.push({ field: "session", message: "must have a start before its end" });
    } else if (!agendaFitsSession(clean, session.startsAt, session.endsAt)) {
      problems.push({
        field: "items",
        message: `take ${agendaMinutes(clean)} minutes but the session lasts ${sessionMinutes} minutes`,
      });
    }
  }
  if (problems.length > 0) throw new AgendaInputError(problems);
  return clean;
}

function checkItem(item: unknown, field: string, problems: InputProblem[]): AgendaItem | undefined {
  if (typeof item !== "object" || item === null) {
    problems.push({ field, message: "must be an object with kind, title and minutes" });
    return undefined;
  }
  const { kind, title, minutes } = item as Record<string, unknown>;
  const before = problems.length;
  if (!agendaKinds.includes(kind as AgendaKind)) {
    problems.push({ field: `${field}.kind`, message: `must be one of ${agendaKinds.join(", ")}` });
  }
  const trimmed = typeof title === "string" ? title.trim() : "";
  const length = [...trimmed].length;
  const titleLimits = agendaLimits.titleLength;
  if (length < titleLimits.min || length > titleLimits.max) {
    problems.push({
      field: `${field}.title`,
      message: `must be text of ${titleLimits.min} to ${titleLimits.max} characters`,
    });
  }
  const minuteLimits = agendaLimits.minutes;
  if (
    typeof minutes !== "number" ||
    !Number.isInteger(minutes) ||
    minutes < minuteLimits.min ||
    minutes > minuteLimits.max
  ) {
    problems.push({
      field: `${field}.minutes`,
      message: `must be a whole number of minutes from ${minuteLimits.min} to ${minuteLimits.max}`,
    });
  }
  if (problems.length > before) return undefined;
  return { kind: kind as AgendaKind, title: trimmed, minutes: minutes as number };
}
