import type { DatabaseHandle, JobQueue } from "@circles/core";
import type { Client } from "discord.js";
import { VoiceTracker } from "../attendance/voice-tracker.ts";
import { FeedbackPrompts } from "../feedback/feedback-job.ts";
import type { Logger } from "../logger.ts";
import { systemTermClock, type TermClock } from "./term-clock.ts";
import { TermScheduler } from "./term-scheduler.ts";

/** The running term of a bot: its clock, scheduler and voice tracker. */
export interface TermRuntime {
  clock: TermClock;
  scheduler: TermScheduler;
  voice: VoiceTracker;
  feedback: FeedbackPrompts;
}

const runtimes = new WeakMap<Client, TermRuntime>();

/** Starts the scheduler's worker and first sync, and watches voice for attendance. */
export async function startTerm(
  client: Client<true>,
  options: { database: DatabaseHandle; jobs: JobQueue; log: Logger; clock?: TermClock },
): Promise<TermRuntime> {
  const clock = options.clock ?? systemTermClock;
  const db = options.database.db;
  const voice = new VoiceTracker(client, db, clock, options.log);
  voice.watch();
  const scheduler = new TermScheduler({ db, jobs: options.jobs, log: options.log, clock, client });
  const feedback = new FeedbackPrompts({ client, db, jobs: options.jobs, log: options.log });
  const runtime = { clock, scheduler, voice, feedback };
  runtimes.set(client, runtime);
  await Promise.all(client.guilds.cache.map((guild) => voice.reconcile(guild)));
  await scheduler.start();
  await feedback.start();
  return runtime;
}

export function termOf(client: Client): TermRuntime {
  const runtime = runtimes.get(client);
  if (!runtime) throw new Error("the term has not started in this bot");
  return runtime;
}
