import {
  CohortService,
  enqueueProvisioning,
  type JobQueue,
  ProvisioningService,
  startJobQueue,
  stopJobQueue,
} from "@circles/core";
import { createTestDatabase } from "@circles/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { BotProcesses, until } from "./bot-processes.ts";
import { expectExactlyOnce } from "./provisioning-expect.ts";
import {
  lastSeq,
  type ProvisioningWorld,
  startProvisioningWorld,
  writesSince,
} from "./provisioning-world.ts";

const GROUPS = 10;
/** 1 category + 10 roles + 20 channels + 50 member roles + 10 welcomes and their 10 pins + 6 events. */
const PLAN_WRITES = 1 + GROUPS + 2 * GROUPS + 5 * GROUPS + 2 * GROUPS + 6;

const bots = new BotProcesses();
let world: ProvisioningWorld | undefined;
let queue: JobQueue | undefined;
afterEach(async () => {
  bots.killAll();
  if (queue) await stopJobQueue(queue);
  await world?.close();
  queue = undefined;
  world = undefined;
});

async function startWorld(): Promise<ProvisioningWorld> {
  world = await startProvisioningWorld({ groups: GROUPS, bot: false, database: await createTestDatabase() });
  return world;
}

async function publishAndEnqueue(w: ProvisioningWorld) {
  await new CohortService(w.database.db).changeState(w.guildId, w.cohortId, "published", {
    userId: w.organiserId,
  });
  queue = await startJobQueue(w.database);
  await enqueueProvisioning(queue, { guildId: w.guildId, cohortId: w.cohortId, kind: "provision" });
}

const finishedRun = (w: ProvisioningWorld) => async () => {
  const run = await new ProvisioningService(w.database.db).latestRun(w.guildId, w.cohortId);
  return run?.state === "finished" ? run : undefined;
};

describe("provisioning across bot processes (PostgreSQL)", () => {
  it("finishes with no duplicate and nothing missing after kill -9 of the bot process mid-way", async () => {
    const w = await startWorld();
    // Slow enough to be killed half-way: 5 requests per route and half second.
    await w.control.setRateLimits({ name: "custom", default: { limit: 5, windowMs: 500 } });
    const first = await bots.spawn(w);
    const before = await lastSeq(w.control);
    await publishAndEnqueue(w);
    const killedAt = await until("30 writes", 60_000, async () => {
      const writes = await writesSince(w.control, before);
      return writes.length >= 30 ? writes.length : undefined;
    });
    first.kill("SIGKILL");
    expect(killedAt).toBeLessThan(PLAN_WRITES);

    await bots.spawn(w);
    await until("the job to be taken over and finished", 120_000, finishedRun(w));
    await expectExactlyOnce(w);
    // No create was sent twice; what the killed run made was adopted. Member roles may be re-put.
    const creates = (await writesSince(w.control, before)).filter(
      (e) => e.method === "POST" && e.status < 300,
    );
    expect(creates.length).toBe(1 + GROUPS + 2 * GROUPS + GROUPS + 6);
  }, 180_000);

  it("two bot processes on one database: each provisioning step happens once", async () => {
    const w = await startWorld();
    await Promise.all([bots.spawn(w), bots.spawn(w)]);
    const before = await lastSeq(w.control);
    await publishAndEnqueue(w);
    // A second request while the first is queued or running is the same job.
    expect(
      await enqueueProvisioning(queue!, { guildId: w.guildId, cohortId: w.cohortId, kind: "provision" }),
    ).toBeNull();
    await until("the run to finish", 60_000, finishedRun(w));
    await expectExactlyOnce(w);
    expect((await writesSince(w.control, before)).length).toBe(PLAN_WRITES);
  }, 120_000);
});
