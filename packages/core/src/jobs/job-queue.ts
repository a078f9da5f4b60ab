import { type Clock, fromPglite, PgBoss } from "pg-boss";
import type { DatabaseHandle } from "../db/database.ts";

// Work that must happen once (announcements, reminders, DMs, provisioning steps) goes through
// pg-boss, the job queue on PostgreSQL, so a restart or a second process neither loses nor repeats it.

export type JobQueue = PgBoss;

/** A queue that holds at most one job per singleton key, queued or running: a key is done once. */
export const ONCE_ONLY_POLICY = "exclusive" as const;

/** `clock`: tests pass pg-boss's TestClock, so due times (`startAfter`) are reached without waiting. */
export async function startJobQueue(
  handle: DatabaseHandle,
  options: { clock?: Clock } = {},
): Promise<JobQueue> {
  const clock = options.clock ? { clock: options.clock } : {};
  const boss =
    handle.target.kind === "postgres"
      ? new PgBoss({ connectionString: handle.target.url, max: 4, ...clock })
      : new PgBoss({ db: fromPglite(requirePglite(handle)), backend: "pglite", ...clock });
  // Errors of the queue's own maintenance are logged by the owner, not thrown into nowhere.
  boss.on("error", (error: unknown) => {
    console.error("job queue:", error);
  });
  await boss.start();
  return boss;
}

function requirePglite(handle: DatabaseHandle) {
  if (!handle.pglite) throw new Error("The embedded database handle has no PGlite instance");
  return handle.pglite;
}

/** Creates (or keeps) a queue whose jobs, sent under a singleton key, run once per key. */
export async function ensureOnceOnlyQueue(boss: JobQueue, name: string): Promise<void> {
  const existing = await boss.getQueue(name);
  // Stryker disable next-line ConditionalExpression: createQueue keeps a queue that exists; the check saves a write.
  if (!existing)
    await boss.createQueue(name, { policy: ONCE_ONLY_POLICY, retryLimit: 5, retryBackoff: true });
}

/**
 * A once-only queue for work a bot process may die in: a job whose worker stops its heartbeat (10 s)
 * is taken over and retried with backoff, from 2 s up to `retryDelayMaxSeconds`. The work itself must
 * be safe to repeat (what it sends is claimed once: deliveries, provisioning's recorded resources).
 */
export async function ensureWorkerQueue(
  boss: JobQueue,
  name: string,
  retryDelayMaxSeconds: number,
): Promise<void> {
  await ensureOnceOnlyQueue(boss, name);
  await boss.updateQueue(name, {
    heartbeatSeconds: 10,
    retryBackoff: true,
    retryDelay: 2,
    retryDelayMax: retryDelayMaxSeconds,
  });
}

export async function stopJobQueue(boss: JobQueue): Promise<void> {
  // Stryker disable next-line ObjectLiteral: {} is pg-boss's defaults, graceful and closing, with a 30 s wait.
  await boss.stop({
    // Stryker disable next-line BooleanLiteral: whether a stop waited for a running handler shows only against real time.
    graceful: true,
    timeout: 5_000,
    close: true,
  });
}
