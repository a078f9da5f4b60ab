import {
  CheckInService,
  type Database,
  type DatabaseHandle,
  ensureWorkerQueue,
  type JobQueue,
  MEMBER_LEFT_GROUP_QUEUE,
  type MemberLeftGroupJob,
  SEAT_OFFER_EXPIRY_QUEUE,
  SEAT_OFFER_QUEUE,
  WaitlistService,
} from "@circles/core";
import type { Client } from "discord.js";
import { CHECK_IN_NUDGE_QUEUE, type NudgeJob, nudgeBuddies } from "../buddies/nudge-job.ts";
import type { Logger } from "../logger.ts";
import { memberLeftGroup } from "./left-group-job.ts";
import { expireOffer, offerSeat } from "./offer-job.ts";

/** The clock of members' deadlines (offers, nudges); tests pass one they move by hand. */
export interface MembersClock {
  now(): number;
}

export interface TermMembersDeps {
  client: Client<true>;
  db: Database;
  jobs: JobQueue;
  log: Logger;
  now(): Date;
}

export interface TermMembersRuntime {
  deps: TermMembersDeps;
  /** Queues what is due by the clock: expired offers, check-in nudges. Runs every few minutes. */
  sweep(): Promise<{ offers: number; nudges: number }>;
  stop(): void;
}

const SWEEP_EVERY_MS = 5 * 60 * 1000;
const runtimes = new WeakMap<Client, TermMembersRuntime>();

/**
 * Buddies' nudges, the waitlist's offers and deadlines, and what follows a member leaving a group:
 * all pg-boss jobs, each message sent once (see messaging/deliver-once.ts).
 */
export async function startTermMembers(
  client: Client<true>,
  options: { database: DatabaseHandle; jobs: JobQueue; log: Logger; clock?: MembersClock },
): Promise<TermMembersRuntime> {
  const clock = options.clock ?? { now: () => Date.now() };
  const deps: TermMembersDeps = {
    client,
    db: options.database.db,
    jobs: options.jobs,
    log: options.log,
    now: () => new Date(clock.now()),
  };
  const { jobs } = options;
  const queues = [SEAT_OFFER_QUEUE, SEAT_OFFER_EXPIRY_QUEUE, MEMBER_LEFT_GROUP_QUEUE, CHECK_IN_NUDGE_QUEUE];
  // A killed worker's job is taken over once its heartbeat stops; its DMs are claimed, so none repeats.
  for (const queue of queues) await ensureWorkerQueue(jobs, queue, 60);
  const each = <T extends object>(handler: (deps: TermMembersDeps, data: T) => Promise<void>) =>
    (async ([job]: Array<{ data: T }>) => {
      if (job) await handler(deps, job.data);
    }) as never;
  const workOptions = { pollingIntervalSeconds: 0.5, heartbeatRefreshSeconds: 3 };
  await jobs.work(SEAT_OFFER_QUEUE, workOptions, each(offerSeat));
  await jobs.work(SEAT_OFFER_EXPIRY_QUEUE, workOptions, each(expireOffer));
  await jobs.work(MEMBER_LEFT_GROUP_QUEUE, workOptions, each<MemberLeftGroupJob>(memberLeftGroup));
  await jobs.work(CHECK_IN_NUDGE_QUEUE, workOptions, each<NudgeJob>(nudgeBuddies));

  const sweep = async () => {
    const overdue = await new WaitlistService(deps.db, deps.now).overdueOffers();
    for (const { guildId, offerId } of overdue)
      await jobs.send(SEAT_OFFER_EXPIRY_QUEUE, { guildId, offerId }, { singletonKey: offerId });
    const due = await new CheckInService(deps.db, deps.now).nudgesDue();
    for (const { guildId, cohortId, sessionId } of due)
      await jobs.send(CHECK_IN_NUDGE_QUEUE, { guildId, cohortId, sessionId }, { singletonKey: sessionId });
    return { offers: overdue.length, nudges: due.length };
  };
  const timer = setInterval(() => {
    sweep().catch((error: unknown) => options.log.error({ err: error }, "the members' sweep failed"));
  }, SWEEP_EVERY_MS);
  timer.unref();
  const runtime = { deps, sweep, stop: () => clearInterval(timer) };
  runtimes.set(client, runtime);
  await sweep();
  return runtime;
}

export function termMembersOf(client: Client): TermMembersRuntime {
  const runtime = runtimes.get(client);
  if (!runtime) throw new Error("the members' term has not started in this bot");
  return runtime;
}
