import {
  type Database,
  DeliveryRepository,
  ensureWorkerQueue,
  type JobQueue,
  ProgramEventService,
  type TermJob,
  TermNoticeService,
} from "@circles/core";
import type { Client } from "discord.js";
import type { Logger } from "../logger.ts";
import { deliverOnce } from "../messaging/deliver-once.ts";
import { announcementText, cancellationText, programReminderText, reminderText } from "./notice-text.ts";
import { publishProgramEvent, unpublished } from "./program-event-publish.ts";
import { syncSessionEvent } from "./session-event.ts";
import type { TermClock } from "./term-clock.ts";

export const TERM_QUEUE = "term-notices";
/** Jobs are queued this far ahead of their time (sent ahead, run at `startAfter`). */
const HORIZON_MS = 3 * 86_400_000;
const SYNC_EVERY_MS = 60_000;

/** A job as stored: the plan's dates as epoch milliseconds. */
export type TermJobData =
  | (TermJob extends infer J
      ? J extends TermJob
        ? Omit<J, "dueAt" | "startsAt"> & { dueAt: number; startsAt?: number }
        : never
      : never)
  | ProgramPublishJob;

/** A program event's Discord event and announcement, however the event was created. */
interface ProgramPublishJob {
  kind: "program-publish";
  key: string;
  guildId: string;
  eventId: string;
  dueAt: number;
}

export interface TermDeps {
  db: Database;
  jobs: JobQueue;
  log: Logger;
  clock: TermClock;
  client: Client<true>;
}

/**
 * Announcements, reminders, cancellation notices, event updates and the end of the cohort, as
 * pg-boss jobs on a once-only queue keyed by what they are about (and the start time they announce),
 * sent with `startAfter` at their due time. `sync` (on start-up, every minute, and after a change
 * made through the bot) queues whatever is due within the horizon and not done; two bot processes
 * queue the same keys, which the queue holds once. Each job re-reads its session when it runs and
 * does nothing if the session moved or was cancelled since; a post is claimed in the database so a
 * retried job never posts twice.
 */
export class TermScheduler {
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly deps: TermDeps) {}

  async start(): Promise<void> {
    const { jobs } = this.deps;
    await ensureWorkerQueue(jobs, TERM_QUEUE, 120);
    // Batches run side by side: a reminder fan-out (one job per group) is limited by Discord's
    // rate limits, not by polling. A failed job fails its batch; the retry re-runs the others, which
    // find their posts claimed and do nothing.
    await jobs.work<TermJobData>(
      TERM_QUEUE,
      { batchSize: 20, localConcurrency: 2, pollingIntervalSeconds: 1, heartbeatRefreshSeconds: 3 },
      async (batch) => {
        const outcomes = await Promise.allSettled(batch.map((job) => this.run(job.data)));
        const failed = outcomes.find((o) => o.status === "rejected");
        if (failed) throw failed.reason;
      },
    );
    await this.sync();
    this.timer = setInterval(
      () => void this.sync().catch((err) => this.deps.log.warn({ err }, "term sync")),
      SYNC_EVERY_MS,
    );
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Queues every job due within the horizon that is not done; returns how many were new. */
  async sync(): Promise<number> {
    const { db, jobs, clock, client } = this.deps;
    const now = new Date(clock.now());
    const due = await new TermNoticeService(db).jobsDue(now, HORIZON_MS, [...client.guilds.cache.keys()]);
    let queued = 0;
    for (const job of due) {
      const data = {
        ...job,
        dueAt: job.dueAt.getTime(),
        ...("startsAt" in job ? { startsAt: job.startsAt.getTime() } : {}),
      } as TermJobData;
      const id = await jobs.send(TERM_QUEUE, data, { singletonKey: job.key, startAfter: job.dueAt });
      if (id) queued++;
    }
    // Program events made anywhere (the dashboard's API too) and not yet on Discord.
    const upcoming = await new ProgramEventService(db).upcoming([...client.guilds.cache.keys()], now);
    for (const event of await unpublished(db, upcoming)) {
      const key = `program-publish:${event.id}`;
      const data: ProgramPublishJob = {
        kind: "program-publish",
        key,
        guildId: event.guildId,
        eventId: event.id,
        dueAt: now.getTime(),
      };
      if (await jobs.send(TERM_QUEUE, data, { singletonKey: key })) queued++;
    }
    return queued;
  }

  /** Runs one job; exported for the worker and for tests that drive jobs by hand. */
  async run(job: TermJobData): Promise<void> {
    const { db, client, log, clock } = this.deps;
    const terms = new TermNoticeService(db);
    const now = new Date(clock.now());
    switch (job.kind) {
      case "finish": {
        if (await terms.finishIfOver(job.guildId, job.cohortId, now))
          log.info({ cohortId: job.cohortId }, "cohort finished after its last session");
        return;
      }
      case "program-publish": {
        const event = await new ProgramEventService(db).get(job.guildId, job.eventId);
        if (event?.status !== "scheduled") return;
        const cohort = await terms.cohort(job.guildId, event.cohortId);
        await publishProgramEvent(client, db, log, event, cohort?.announcementChannelId ?? null);
        return;
      }
      case "program-reminder": {
        const event = await new ProgramEventService(db).get(job.guildId, job.eventId);
        const cohort = await terms.cohort(job.guildId, job.cohortId);
        if (event?.status !== "scheduled" || event.startsAt.getTime() !== job.startsAt) return;
        if (!cohort?.announcementChannelId) return;
        await deliverOnce(client, db, log, {
          key: job.key,
          guildId: job.guildId,
          to: { channelId: cohort.announcementChannelId },
          message: { content: programReminderText(event) },
        });
        return;
      }
      default:
    }
    const notice = await terms.sessionNotice(job.guildId, job.sessionId);
    if (!notice) return;
    const { session, cohort } = notice;
    if (job.kind === "event-sync") {
      const eventId = await syncSessionEvent(client, notice);
      if (eventId) {
        const repo = new DeliveryRepository(db);
        await repo.claim(job.key, job.guildId, { channelId: eventId }, "event");
        await repo.markSent(job.key, { via: "channel", messageId: eventId });
      }
      return;
    }
    if (job.kind === "cancellation") {
      if (session.status !== "cancelled" || !cohort.announcementChannelId) return;
      await deliverOnce(client, db, log, {
        key: job.key,
        guildId: job.guildId,
        to: { channelId: cohort.announcementChannelId },
        message: { content: cancellationText(notice) },
      });
      return;
    }
    // Stale: the session moved (its jobs for the new time carry new keys) or was cancelled.
    if (
      cohort.state === "finished" ||
      session.status !== "scheduled" ||
      session.startsAt.getTime() !== job.startsAt
    ) {
      log.debug({ key: job.key }, "skipped a notice for an older version of its session");
      return;
    }
    if (job.kind === "announcement") {
      if (!cohort.announcementChannelId) {
        log.warn(
          { guildId: job.guildId },
          "no announcement channel: a session announcement could not go out",
        );
        return;
      }
      await deliverOnce(client, db, log, {
        key: job.key,
        guildId: job.guildId,
        to: { channelId: cohort.announcementChannelId },
        message: { content: announcementText(notice, job.offsetMinutes) },
      });
      return;
    }
    const group = notice.groups.find((g) => g.id === job.groupId);
    if (!group?.textChannelId) return;
    await deliverOnce(client, db, log, {
      key: job.key,
      guildId: job.guildId,
      to: { channelId: group.textChannelId },
      message: { content: reminderText(notice, group.name) },
    });
  }
}
