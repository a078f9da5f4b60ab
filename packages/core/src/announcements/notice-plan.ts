import { DateTime } from "luxon";

/**
 * Which notices a session needs and when (pure). Keys name what a notice is about *and* the start
 * time it announces, so a moved session gets new keys (new jobs) and the jobs of its old time find
 * themselves stale when they run; a re-themed session keeps its keys and the job renders the theme
 * current when it runs.
 *
 * Rules:
 * - An announcement `offset` minutes before the start, and one reminder per group; an offset of
 *   whole days is counted in calendar days of the cohort's time zone (19:00 a week before stays
 *   19:00 local across a daylight-saving change), anything else in elapsed minutes.
 * - Nothing is planned for a session that has started. Of the announcements already due, only the
 *   latest is still sent (a bot that was down does not post "a week before" and "a day before"
 *   together); one that is not yet due is always planned.
 * - A cancelled session gets one cancellation notice and nothing else.
 */

export interface NoticeSession {
  id: string;
  startsAt: Date;
  status: "scheduled" | "cancelled";
}

export interface NoticeSettings {
  timeZone: string;
  announcementOffsetsMinutes: readonly number[];
  reminderOffsetMinutes: number;
}

export type PlannedNotice =
  | {
      kind: "announcement";
      key: string;
      sessionId: string;
      startsAt: Date;
      dueAt: Date;
      offsetMinutes: number;
    }
  | { kind: "reminder"; key: string; sessionId: string; startsAt: Date; dueAt: Date; groupId: string }
  | { kind: "cancellation"; key: string; sessionId: string; startsAt: Date; dueAt: Date };

const MINUTES_PER_DAY = 1440;

/** The instant `offsetMinutes` before `startsAt`, whole days counted on the local calendar. */
export function noticeTime(startsAt: Date, offsetMinutes: number, timeZone: string): Date {
  const start = DateTime.fromJSDate(startsAt, { zone: timeZone });
  const due =
    offsetMinutes % MINUTES_PER_DAY === 0
      ? start.minus({ days: offsetMinutes / MINUTES_PER_DAY })
      : start.minus({ minutes: offsetMinutes });
  return due.toJSDate();
}

export function planSessionNotices(
  session: NoticeSession,
  groupIds: readonly string[],
  settings: NoticeSettings,
  now: Date,
): PlannedNotice[] {
  const startsAt = session.startsAt;
  const at = startsAt.getTime();
  if (session.status === "cancelled")
    return [
      { kind: "cancellation", key: `cancel:${session.id}`, sessionId: session.id, startsAt, dueAt: now },
    ];
  if (at <= now.getTime()) return [];
  const announcements = [...new Set(settings.announcementOffsetsMinutes)]
    .map((offsetMinutes) => ({
      offsetMinutes,
      dueAt: noticeTime(startsAt, offsetMinutes, settings.timeZone),
    }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const due = announcements.filter((a) => a.dueAt.getTime() <= now.getTime());
  const latestDue = due.at(-1);
  const planned: PlannedNotice[] = announcements
    .filter((a) => a.dueAt.getTime() > now.getTime() || a === latestDue)
    .map((a) => ({
      kind: "announcement",
      key: `announce:${session.id}:${a.offsetMinutes}:${at}`,
      sessionId: session.id,
      startsAt,
      dueAt: a.dueAt,
      offsetMinutes: a.offsetMinutes,
    }));
  const reminderAt = noticeTime(startsAt, settings.reminderOffsetMinutes, settings.timeZone);
  for (const groupId of groupIds)
    planned.push({
      kind: "reminder",
      key: `remind:${session.id}:${groupId}:${at}`,
      sessionId: session.id,
      startsAt,
      dueAt: reminderAt,
      groupId,
    });
  return planned;
}

/** A short, stable mark of a notice key, shown under the message so a retried job can find its post. */
export function noticeMarker(key: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  let second = 0;
  for (let i = key.length - 1; i >= 0; i--) second = (Math.imul(second, 31) + key.charCodeAt(i)) >>> 0;
  return `n${hash.toString(36)}${second.toString(36)}`;
}
