import { AuditRepository } from "../audit/audit.repository.ts";
import type { Actor } from "../cohorts/cohort.service.ts";
import type { Database } from "../db/database.ts";
import type { Executor } from "../db/executor.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.ts";
import { SessionRepository } from "../sessions/session.repository.ts";
import {
  type AttendanceEntry,
  AttendanceRepository,
  type AttendanceStatus,
} from "./attendance.repository.ts";

/**
 * Attendance from voice presence. While a group's run of a session is open, each member's time in
 * the group's voice room is counted: an interval opens on a join (stored with its start, so a
 * restart of the bot loses nothing) and is added up on a leave or when the run closes. Re-joins add
 * up. At the close, a member with at least the cohort's threshold of minutes is present. Records
 * set by hand (the in-person checklist, an organiser's correction) are not overwritten by voice.
 */
export class AttendanceService {
  constructor(private readonly db: Database) {}

  /** A member joined, moved or left (`channelId` null) at `at`. */
  async voiceChanged(guildId: string, userId: string, channelId: string | null, at: Date): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const repo = new AttendanceRepository(trx);
      for (const room of await repo.openRooms(guildId)) {
        if (!room.members.includes(userId)) continue;
        if (room.voiceChannelId !== null && room.voiceChannelId === channelId)
          await repo.startInterval(guildId, room.sessionId, room.groupId, userId, at);
        else await endInterval(repo, guildId, room.sessionId, userId, at);
      }
    });
  }

  /**
   * Brings the open intervals in line with who is in each room now (after a reconnect the gateway's
   * GUILD_CREATE lists the voice states; when a run opens, people may be in the room already).
   * Someone still in the room keeps the interval they had, so a restart costs them nothing.
   */
  async reconcile(guildId: string, inVoice: ReadonlyMap<string, string>, at: Date): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const repo = new AttendanceRepository(trx);
      for (const room of await repo.openRooms(guildId)) {
        const open = await repo.openIntervals(room.sessionId);
        for (const userId of room.members) {
          // Stryker disable next-line ConditionalExpression: the map holds channel ids only, never null, so a room without voice never matches
          const here = room.voiceChannelId !== null && inVoice.get(userId) === room.voiceChannelId;
          if (here && !open.has(userId))
            await repo.startInterval(guildId, room.sessionId, room.groupId, userId, at);
          if (!here && open.has(userId)) await endInterval(repo, guildId, room.sessionId, userId, at);
        }
      }
    });
  }

  /** The in-person checklist of a mentor: the chosen members present, the others absent. */
  async checklist(
    guildId: string,
    sessionId: string,
    members: readonly string[],
    present: readonly string[],
    actor: Actor,
  ): Promise<AttendanceEntry[]> {
    const stranger = present.find((p) => !members.includes(p));
    if (stranger)
      throw new ValidationError([{ field: "present", message: `<@${stranger}> is not in this group` }]);
    return this.db.transaction().execute(async (trx) => {
      const repo = new AttendanceRepository(trx);
      for (const userId of members)
        await repo.setStatus(
          guildId,
          sessionId,
          userId,
          present.includes(userId) ? "present" : "absent",
          "manual",
        );
      await new AuditRepository(trx).record({
        guildId,
        actorUserId: actor.userId,
        action: "attendance.checklist",
        entityType: "session",
        entityId: sessionId,
        details: { present: [...present], members: [...members] },
      });
      return repo.list(guildId, sessionId, members);
    });
  }

  /** An organiser corrects one record (audited with what it was). */
  async correct(
    guildId: string,
    sessionId: string,
    userId: string,
    status: AttendanceStatus,
    actor: Actor & { isOrganiser: boolean },
  ): Promise<AttendanceEntry> {
    if (!actor.isOrganiser) throw new ForbiddenError("Only organisers can correct attendance.");
    if (!["present", "absent", "excused"].includes(status))
      throw new ValidationError([{ field: "status", message: "must be present, absent or excused" }]);
    return this.db.transaction().execute(async (trx) => {
      if (!(await new SessionRepository(trx).get(guildId, sessionId)))
        throw new NotFoundError("session", sessionId);
      const repo = new AttendanceRepository(trx);
      const before = (await repo.list(guildId, sessionId, [userId]))[0];
      await repo.setStatus(guildId, sessionId, userId, status, "manual");
      await new AuditRepository(trx).record({
        guildId,
        actorUserId: actor.userId,
        action: "attendance.corrected",
        entityType: "session",
        entityId: sessionId,
        details: { userId, from: before?.status ?? null, to: status },
      });
      return (await repo.list(guildId, sessionId, [userId]))[0]!;
    });
  }

  list(guildId: string, sessionId: string): Promise<AttendanceEntry[]> {
    return new AttendanceRepository(this.db).list(guildId, sessionId);
  }
}

async function endInterval(
  repo: AttendanceRepository,
  guildId: string,
  sessionId: string,
  userId: string,
  at: Date,
) {
  const since = await repo.endInterval(sessionId, userId);
  if (since) await repo.addSeconds(guildId, sessionId, userId, (at.getTime() - since.getTime()) / 1000);
}

/**
 * Closes a run's attendance inside the caller's transaction: every open interval is counted up to
 * `at`, and each member's voice record becomes present or absent by the threshold.
 */
export async function closeAttendance(
  trx: Executor,
  guildId: string,
  sessionId: string,
  members: readonly string[],
  thresholdMinutes: number,
  at: Date,
): Promise<AttendanceEntry[]> {
  const repo = new AttendanceRepository(trx);
  for (const userId of (await repo.openIntervals(sessionId)).keys())
    await endInterval(repo, guildId, sessionId, userId, at);
  const existing = new Map((await repo.list(guildId, sessionId, members)).map((e) => [e.userId, e]));
  for (const userId of members) {
    const entry = existing.get(userId);
    if (entry?.source === "manual") continue;
    const minutes = Math.floor((entry?.secondsPresent ?? 0) / 60);
    await repo.setStatus(
      guildId,
      sessionId,
      userId,
      minutes >= thresholdMinutes ? "present" : "absent",
      "voice",
    );
  }
  return repo.list(guildId, sessionId, members);
}
