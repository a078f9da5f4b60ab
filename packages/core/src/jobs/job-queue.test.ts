import { sql } from "kysely";
import { TestClock } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type DatabaseHandle, openDatabase } from "../db/database.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import {
  ensureOnceOnlyQueue,
  ensureWorkerQueue,
  type JobQueue,
  startJobQueue,
  stopJobQueue,
} from "./job-queue.ts";

let handle: DatabaseHandle;
let boss: JobQueue;

beforeAll(async () => {
  handle = await createTestDatabase();
  boss = await startJobQueue(handle);
});
afterAll(async () => {
  await stopJobQueue(boss);
  await handle.close();
});

/** Polls until `condition` holds; fails (never decides) after a generous bound. */
async function eventually(condition: () => Promise<boolean>, what: string, boundMs = 20_000) {
  const deadline = Date.now() + boundMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function jobsUnder(queue: string, key: string) {
  return boss.findJobs(queue, { key });
}

describe(`the once-only job queue (${testDatabaseKind()})`, () => {
  it("runs a job sent twice under one singleton key once", async () => {
    await ensureOnceOnlyQueue(boss, "announce-session");
    const key = "cohort-1:session-3:announcement";
    const first = await boss.send("announce-session", { session: 3 }, { singletonKey: key });
    const second = await boss.send("announce-session", { session: 3 }, { singletonKey: key });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();

    const runs: unknown[] = [];
    await boss.work("announce-session", { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      runs.push(job?.data);
    });
    await eventually(
      async () => (await jobsUnder("announce-session", key)).every((j) => j.state === "completed"),
      "the job to complete",
    );
    // The refused duplicate was never stored, so nothing is left that could run a second time.
    expect((await jobsUnder("announce-session", key)).map((j) => j.id)).toEqual([first]);
    expect(runs).toEqual([{ session: 3 }]);
  });

  it("refuses a job under a key whose job is running right now, and runs it once", async () => {
    await ensureOnceOnlyQueue(boss, "provision-group");
    const key = "cohort-1:group-01:provision";
    const id = await boss.send("provision-group", { group: 1 }, { singletonKey: key });
    expect(id).toEqual(expect.any(String));

    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runs: unknown[] = [];
    await boss.work("provision-group", { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      runs.push(job?.data);
      started();
      await released;
    });
    await running;
    expect((await boss.getJobById("provision-group", id!))?.state).toBe("active");

    // While the first is active: a queue with policy "short" would take this one (it only guards
    // queued jobs); "exclusive" refuses it.
    const duplicate = await boss.send("provision-group", { group: 1 }, { singletonKey: key });
    expect(duplicate).toBeNull();

    release();
    await eventually(
      async () => (await boss.getJobById("provision-group", id!))?.state === "completed",
      "the running job to complete",
    );
    expect((await jobsUnder("provision-group", key)).map((j) => j.id)).toEqual([id]);
    expect(runs).toEqual([{ group: 1 }]);
  });

  it("creates the queue once, exclusive, with five retries backing off", async () => {
    await ensureOnceOnlyQueue(boss, "welcome-member");
    await ensureOnceOnlyQueue(boss, "welcome-member");
    expect(await boss.getQueue("welcome-member")).toMatchObject({
      policy: "exclusive",
      retryLimit: 5,
      retryBackoff: true,
    });
  });

  it("makes a worker's queue: once-only, a dead worker's job taken over after 10 s, retries backing off", async () => {
    await ensureWorkerQueue(boss, "worker-queue", 60);
    expect(await boss.getQueue("worker-queue")).toMatchObject({
      policy: "exclusive",
      retryLimit: 5,
      heartbeatSeconds: 10,
      retryBackoff: true,
      retryDelay: 2,
      retryDelayMax: 60,
    });
  });

  // Each queue started inside the test, on the embedded database and (when the run has one) on the
  // PostgreSQL server: the product runs on either, a queue keeps its jobs in the database it is given
  // (beside the data its jobs act on), and a stopped queue leaves no connection of its own open.
  it("starts on the embedded database and on a PostgreSQL server alike, keeping its jobs in that database", async () => {
    const handles = [await openDatabase({ kind: "embedded", dataDir: "memory" })];
    if (testDatabaseKind() === "postgres") handles.push(await createTestDatabase());
    for (const own of handles) {
      try {
        const queue = await startJobQueue(own);
        try {
          await ensureOnceOnlyQueue(queue, "either-database");
          const id = await queue.send("either-database", { on: own.target.kind }, { singletonKey: "k" });
          const stored = await sql<{
            id: string;
          }>`select id from pgboss.job where name = 'either-database'`.execute(own.db);
          expect(stored.rows.map((row) => row.id)).toEqual([id]);
          const [job] = await queue.fetch("either-database");
          expect([job?.id, job?.data]).toEqual([id, { on: own.target.kind }]);
        } finally {
          await stopJobQueue(queue);
        }
        if (own.target.kind === "postgres")
          await eventually(
            async () => {
              const open = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
              where datname = current_database() and application_name like 'pgboss%'`.execute(own.db);
              return open.rows[0]?.n === 0;
              // Within 5 s: left open, idle connections would still go after pg's 10 s idle timeout.
            },
            "the stopped queue's connections to close",
            5_000,
          );
      } finally {
        await own.close();
      }
    }
  });

  it("refuses an embedded database handle without its PGlite instance", async () => {
    await expect(
      startJobQueue({ ...handle, target: { kind: "embedded", dataDir: "memory" }, pglite: undefined }),
    ).rejects.toThrow("The embedded database handle has no PGlite instance");
  });

  it("still runs jobs under different keys", async () => {
    await ensureOnceOnlyQueue(boss, "remind-buddy");
    const a = await boss.send("remind-buddy", {}, { singletonKey: "a" });
    const b = await boss.send("remind-buddy", {}, { singletonKey: "b" });
    expect(a).toEqual(expect.any(String));
    expect(b).toEqual(expect.any(String));
    expect(a).not.toBe(b);
  });

  // A queue of its own, started inside the test: what `startJobQueue` sets up must be seen here.
  it("logs an error of the queue's own maintenance instead of throwing it", async () => {
    const own = await startJobQueue(handle);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const failure = new Error("maintenance failed");
      expect(() => own.emit("error", failure)).not.toThrow();
      expect(logged).toHaveBeenCalledWith("job queue:", failure);
    } finally {
      logged.mockRestore();
      await own.stop({ graceful: false, close: false });
    }
  });

  // The injectable clock: a queue on a hand-moved clock holds a delayed job until the clock reaches
  // its due time, and then hands it out; no real time passes. On a database of its own, since the
  // clock takes over the time of every pg-boss statement in its schema.
  it("holds a delayed job until the injected clock reaches its due time, then hands it out", async () => {
    const own = await createTestDatabase();
    const clock = new TestClock(Date.parse("2031-06-01T09:00:00Z"));
    const queue = await startJobQueue(own, { clock });
    try {
      await ensureOnceOnlyQueue(queue, "remind-session");
      const id = await queue.send(
        "remind-session",
        { session: 1 },
        { singletonKey: "s1", startAfter: new Date("2031-06-01T10:00:00Z") },
      );
      expect(id).toEqual(expect.any(String));
      // The job's dates are the injected clock's, not the machine's.
      expect((await queue.getJobById("remind-session", id!))?.createdOn.toISOString()).toBe(
        "2031-06-01T09:00:00.000Z",
      );

      await clock.setTime("2031-06-01T09:59:59Z");
      expect(await queue.fetch("remind-session")).toEqual([]);

      await clock.setTime("2031-06-01T10:00:00Z");
      const due = await queue.fetch("remind-session");
      expect(due.map((job) => [job.id, job.data])).toEqual([[id, { session: 1 }]]);

      const stopped = vi.fn();
      queue.on("stopped", stopped);
      await stopJobQueue(queue);
      expect(stopped).toHaveBeenCalledOnce();
    } finally {
      await queue.stop({ graceful: false });
      await own.close();
    }
  });
});
