import { DateTime, IANAZone } from "luxon";
import { type Problem, ValidationError } from "../errors.ts";

/**
 * The pure logic of a cohort's session schedule: dates and times in, UTC instants out.
 *
 * Rules (decided here, relied on by the sessions service):
 * - The first session is on the first date on or after `firstDate` that falls on `weekday`;
 *   every later one is `everyWeeks` weeks after the previous one.
 * - Sessions keep their local wall-clock time across daylight-saving changes; instants are UTC.
 * - A session starts and ends on the same local date: an end at or before the start is rejected
 *   (no overnight sessions).
 * - A local time that does not exist on a session's date (clocks jump forward) is reported, never
 *   shifted. A local time that happens twice (clocks fall back) takes the earlier instant.
 */

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface ScheduleInput {
  count: number;
  everyWeeks: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: IsoWeekday;
  /** 'YYYY-MM-DD', a local date in `timeZone`. */
  firstDate: string;
  /** 'HH:mm', local. */
  startTime: string;
  /** 'HH:mm', local, after `startTime` on the same date. */
  endTime: string;
  /** IANA time zone, e.g. 'Asia/Singapore'. */
  timeZone: string;
}

export interface PlannedSession {
  /** 1-based. */
  number: number;
  startsAt: Date;
  endsAt: Date;
  /** 'YYYY-MM-DD' in the schedule's time zone. */
  localDate: string;
}

export interface SessionTimes {
  startsAt: Date;
  endsAt: Date;
}

export interface SessionMove {
  date?: string;
  startTime?: string;
  endTime?: string;
}

export interface MovedSession extends SessionTimes {
  localDate: string;
}

export type InputProblem = Problem;

export class ScheduleInputError extends ValidationError {
  constructor(problems: InputProblem[]) {
    super(problems);
    this.name = "ScheduleInputError";
  }
}

export const scheduleLimits = {
  count: { min: 1, max: 52 },
  everyWeeks: { min: 1, max: 12 },
  weekday: { min: 1, max: 7 },
} as const;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

interface LocalTime {
  hour: number;
  minute: number;
}

export function layOutSessions(input: ScheduleInput): PlannedSession[] {
  const problems: InputProblem[] = [];
  const count = checkWholeNumber(input.count, "count", scheduleLimits.count, problems);
  const everyWeeks = checkWholeNumber(input.everyWeeks, "everyWeeks", scheduleLimits.everyWeeks, problems);
  const weekday = checkWholeNumber(input.weekday, "weekday", scheduleLimits.weekday, problems);
  const firstDate = parseDate(input.firstDate, "firstDate", problems);
  const times = parseTimes(input.startTime, input.endTime, problems);
  const zone = parseZone(input.timeZone, problems);
  // Every value is set when no problem was found; the checks narrow the types for TypeScript.
  if (problems.length > 0 || !count || !everyWeeks || !weekday || !firstDate || !times || !zone) {
    throw new ScheduleInputError(problems);
  }

  const first = DateTime.fromObject(firstDate, { zone: "UTC" });
  const daysToWeekday = (weekday - first.weekday + 7) % 7;
  const sessions: PlannedSession[] = [];
  for (let i = 0; i < count; i++) {
    // Calendar arithmetic on a zone-free date, so DST never moves a session to another day.
    const day = first.plus({ days: daysToWeekday + i * everyWeeks * 7 });
    const date = { year: day.year, month: day.month, day: day.day };
    const instants = resolveSession(date, times, zone, `on ${day.toISODate()} (session ${i + 1})`, problems);
    if (instants) sessions.push({ number: i + 1, ...instants, localDate: day.toISODate()! });
  }
  if (problems.length > 0) throw new ScheduleInputError(problems);
  return sessions;
}

/**
 * Moves one session without touching the others. Each field left out keeps the session's current
 * local value in `timeZone` (so changing only `startTime` keeps the old end time, and the result
 * must still end after it starts).
 */
export function moveSession(session: SessionTimes, move: SessionMove, timeZone: string): MovedSession {
  const problems: InputProblem[] = [];
  const zone = parseZone(timeZone, problems);
  const current = zone ? currentLocal(session, zone, problems) : undefined;
  if (!zone || !current) {
    // Without the session's local values only the fields given can be checked.
    if (move.date !== undefined) parseDate(move.date, "date", problems);
    if (move.startTime !== undefined) parseTime(move.startTime, "startTime", problems);
    if (move.endTime !== undefined) parseTime(move.endTime, "endTime", problems);
    throw new ScheduleInputError(problems);
  }
  const date = move.date === undefined ? current.date : parseDate(move.date, "date", problems);
  const times = parseTimes(move.startTime ?? current.startTime, move.endTime ?? current.endTime, problems);
  if (problems.length > 0 || !date || !times) throw new ScheduleInputError(problems);

  const localDate = DateTime.fromObject(date, { zone: "UTC" }).toISODate()!;
  const instants = resolveSession(date, times, zone, `on ${localDate}`, problems);
  if (!instants) throw new ScheduleInputError(problems);
  return { ...instants, localDate };
}

/**
 * One local date and time ('YYYY-MM-DD', 'HH:mm') in `timeZone` as a UTC instant, by the same rules
 * as sessions: a time the clocks jump over is reported, never shifted; a doubled one takes the earlier.
 */
export function localInstant(date: string, time: string, timeZone: string, field = "when"): Date {
  const problems: InputProblem[] = [];
  const day = parseDate(date, field, problems);
  const at = parseTime(time, field, problems);
  const zone = parseZone(timeZone, problems);
  const instant = day && at && zone ? resolveLocal(day, at, zone, field, `on ${date}`, problems) : undefined;
  if (!instant) throw new ScheduleInputError(problems);
  return instant;
}

function checkWholeNumber(
  value: unknown,
  field: string,
  range: { min: number; max: number },
  problems: InputProblem[],
): number | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value >= range.min && value <= range.max) {
    return value;
  }
  problems.push({ field, message: `must be a whole number from ${range.min} to ${range.max}` });
  return undefined;
}

function parseDate(value: unknown, field: string, problems: InputProblem[]): LocalDate | undefined {
  const match = typeof value === "string" ? DATE_PATTERN.exec(value) : null;
  if (!match) {
    problems.push({ field, message: "must be a date written YYYY-MM-DD" });
    return undefined;
  }
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (!DateTime.fromObject(date, { zone: "UTC" }).isValid) {
    problems.push({ field, message: `${String(value)} is not a real calendar date` });
    return undefined;
  }
  // Keeps every laid-out date a plain four-digit year (52 sessions 12 weeks apart span 12 years).
  if (date.year < 1900 || date.year > 2900) {
    problems.push({ field, message: "must be a date between the years 1900 and 2900" });
    return undefined;
  }
  return date;
}

function parseTime(value: unknown, field: string, problems: InputProblem[]): LocalTime | undefined {
  const match = typeof value === "string" ? TIME_PATTERN.exec(value) : null;
  if (!match) {
    problems.push({ field, message: "must be a time written HH:mm, from 00:00 to 23:59" });
    return undefined;
  }
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function parseTimes(
  startValue: unknown,
  endValue: unknown,
  problems: InputProblem[],
): { start: LocalTime; end: LocalTime } | undefined {
  const start = parseTime(startValue, "startTime", problems);
  const end = parseTime(endValue, "endTime", problems);
  if (!start || !end) return undefined;
  if (end.hour * 60 + end.minute <= start.hour * 60 + start.minute) {
    problems.push({
      field: "endTime",
      message: `must be after the start time ${String(startValue)} on the same day (sessions cannot run past midnight)`,
    });
    return undefined;
  }
  return { start, end };
}

function parseZone(value: unknown, problems: InputProblem[]): IANAZone | undefined {
  // Fixed offsets such as "+08:00" pass Intl but ignore daylight saving: a zone must be named.
  if (typeof value === "string" && /^[A-Za-z]/.test(value) && IANAZone.isValidZone(value)) {
    return IANAZone.create(value);
  }
  problems.push({ field: "timeZone", message: "must be an IANA time zone such as Asia/Singapore" });
  return undefined;
}

/** The session's current local date and times, the defaults of a move. */
function currentLocal(
  session: SessionTimes,
  zone: IANAZone,
  problems: InputProblem[],
): { date: LocalDate; startTime: string; endTime: string } | undefined {
  const valid = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());
  if (!valid(session.startsAt) || !valid(session.endsAt)) {
    problems.push({ field: "session", message: "must have a valid start and end" });
    return undefined;
  }
  const start = DateTime.fromJSDate(session.startsAt, { zone });
  const end = DateTime.fromJSDate(session.endsAt, { zone });
  return {
    date: { year: start.year, month: start.month, day: start.day },
    startTime: start.toFormat("HH:mm"),
    endTime: end.toFormat("HH:mm"),
  };
}

function resolveSession(
  date: LocalDate,
  times: { start: LocalTime; end: LocalTime },
  zone: IANAZone,
  where: string,
  problems: InputProblem[],
): SessionTimes | undefined {
  const startsAt = resolveLocal(date, times.start, zone, "startTime", where, problems);
  const endsAt = resolveLocal(date, times.end, zone, "endTime", where, problems);
  return startsAt && endsAt ? { startsAt, endsAt } : undefined;
}

/**
 * The UTC instant of a local wall-clock time, or a reported problem when that time does not exist.
 * Luxon alone shifts gap times forward and picks the later of two fall-back instants, so the
 * candidates are worked out here: every offset in force within a day either side is tried, and the
 * earliest instant whose own offset agrees wins.
 */
function resolveLocal(
  date: LocalDate,
  time: LocalTime,
  zone: IANAZone,
  field: string,
  where: string,
  problems: InputProblem[],
): Date | undefined {
  const wallMs = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  const dayMs = 24 * 60 * 60 * 1000;
  const offsets = new Set([wallMs - dayMs, wallMs, wallMs + dayMs].map((ms) => zone.offset(ms)));
  const instants = [...offsets]
    .map((offsetMinutes) => wallMs - offsetMinutes * 60_000)
    .filter((ms) => wallMs - zone.offset(ms) * 60_000 === ms)
    .sort((a, b) => a - b);
  const earliest = instants[0];
  if (earliest === undefined) {
    const hhmm = `${pad(time.hour)}:${pad(time.minute)}`;
    problems.push({
      field,
      message: `${hhmm} does not exist ${where} in ${zone.name}: the clocks jump forward over it; choose another time`,
    });
    return undefined;
  }
  return new Date(earliest);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
