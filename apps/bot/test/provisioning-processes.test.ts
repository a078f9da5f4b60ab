import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
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
import { expectExactlyOnce } from "./provisioning-expect.ts";
import {
  lastSeq,
  type ProvisioningWorld,
  startProvisioningWorld,
  writesSince,
} from "./provisioning-world.ts";

// Separate bot processes need a database they can share: PostgreSQL (the local server unless
// TEST_DATABASE_URL names another).
process.env.TEST_DATABASE_URL ||= "postgres://postgres@127.0.0.1:5432/postgres";

const FIXTURE = fileURLToPath(new URL("./fixtures/bot-process.ts", import.meta.url));
const GROUPS = 10;
/** 1 category + 10 roles + 20 channels + 50 member roles + 10 welcomes and their 10 pins + 6 events. */
const PLAN_WRITES = 1 + GROUPS + 2 * GROUPS + 5 * GROUPS + 2 * GROUPS + 6;

const children: ChildProcess[] = [];
let world: ProvisioningWorld | undefined;
let queue: JobQueue | undefined;
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  if (queue) await stopJobQueue(queue);
  await world?.close();
  queue = undefined;
  world = undefined;
});

async function startWorld(): Promise<ProvisioningWorld> {
  world = await startProvisioningWorld({ groups: GROUPS, bot: false, database: await createTestDatabase() });
  return world;
}

/** Starts the bot as its own process and waits for it to log in. */
async function spawnBot(w: ProvisioningWorld): Promise<ChildProcess> {
  const target = w.database.target;
  if (target.kind !== "postgres") throw new Error("needs PostgreSQL");
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
    env: {
      ...process.env,
      DATABASE_URL: target.url,
      DISCORD_TOKEN: w.sim.botToken,
      DISCORD_APPLICATION_ID: w.sim.applicationId,
      DISCORD_API_URL: w.sim.urls.api,
      LOG_LEVEL: process.env.BOT_TEST_LOG_LEVEL ?? "silent",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`the bot process exited with ${code} before it was ready`)),
    );
  });
  return child;
}

async function publishAndEnqueue(w: ProvisioningWorld) {
  await new CohortService(w.database.db).changeState(w.guildId, w.cohortId, "published", {
    userId: w.organiserId,
  });
  queue = await startJobQueue(w.database);
  await enqueueProvisioning(queue, { guildId: w.guildId, cohortId: w.cohortId, kind: "provision" });
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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
    const first = await spawnBot(w);
    const before = await lastSeq(w.control);
    await publishAndEnqueue(w);
    const killedAt = await until("30 writes", 60_000, async () => {
      const writes = await writesSince(w.control, before);
      return writes.length >= 30 ? writes.length : undefined;
    });
    first.kill("SIGKILL");
    expect(killedAt).toBeLessThan(PLAN_WRITES);

    await spawnBot(w);
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
    await Promise.all([spawnBot(w), spawnBot(w)]);
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
