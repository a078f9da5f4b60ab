import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { ensureOnceOnlyQueue, type JobQueue, startJobQueue, stopJobQueue } from "./job-queue.ts";

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

describe(`the once-only job queue (${testDatabaseKind()})`, () => {
  it("runs a job sent twice under one singleton key once", async () => {
    await ensureOnceOnlyQueue(boss, "announce-session");
    const key = "cohort-1:session-3:announcement";
    const first = await boss.send("announce-session", { session: 3 }, { singletonKey: key });
    const second = await boss.send("announce-session", { session: 3 }, { singletonKey: key });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();

    const runs: unknown[] = [];
    let done!: () => void;
    const ran = new Promise<void>((resolve) => {
      done = resolve;
    });
    await boss.work("announce-session", { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      runs.push(job?.data);
      done();
    });
    await ran;
    // Give a duplicate every chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(runs).toEqual([{ session: 3 }]);
  });

  it("still runs jobs under different keys", async () => {
    await ensureOnceOnlyQueue(boss, "remind-buddy");
    const a = await boss.send("remind-buddy", {}, { singletonKey: "a" });
    const b = await boss.send("remind-buddy", {}, { singletonKey: "b" });
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(a).not.toBe(b);
  });
});
