import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { CohortService } from "@circles/core";
import { createTestDatabase } from "@circles/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type ProvisioningWorld, startProvisioningWorld } from "./provisioning-world.ts";

// Check-in nudges sent by separate bot processes on one PostgreSQL: two at once, and one killed with
// SIGKILL while the DMs go out. Each DM arrives exactly once.
process.env.TEST_DATABASE_URL ||= "postgres://postgres@127.0.0.1:5432/postgres";

const FIXTURE = fileURLToPath(new URL("./fixtures/bot-process.ts", import.meta.url));
const GROUPS = 4;
/** Each of the 3 buddy pairs of a group: a DM to the mentor and one to the mentee. */
const NUDGES = GROUPS * 3 * 2;

const children: ChildProcess[] = [];
let world: ProvisioningWorld | undefined;
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await world?.close();
  world = undefined;
});

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

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A published cohort whose first session ended four days ago (real time: the processes' clock). */
async function startWorld(): Promise<ProvisioningWorld> {
  world = await startProvisioningWorld({ groups: GROUPS, bot: false, database: await createTestDatabase() });
  const { db } = world.database;
  await new CohortService(db).changeState(world.guildId, world.cohortId, "published", {
    userId: world.organiserId,
  });
  const ended = Date.now() - 4 * 86_400_000;
  await db
    .updateTable("cohort_sessions")
    .set({ starts_at: new Date(ended - 3 * 3_600_000), ends_at: new Date(ended) })
    .where("cohort_id", "=", world.cohortId)
    .where("number", "=", 1)
    .execute();
  return world;
}

async function nudgeCounts(w: ProvisioningWorld): Promise<number[]> {
  const people = w.groups.flatMap((g) => [...g.mentors, ...g.mentees]);
  const counts = [];
  for (const id of people) {
    const dms = await w.control.dms(id);
    // A mentor with two buddies gets one nudge per buddy.
    counts.push(dms.filter((m) => m.content.includes("A gentle nudge")).length);
  }
  return counts;
}
const total = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
/** Mentors 1 and 2 of each group, then mentees a, b, c: mentor 1 is the buddy of a and c. */
const EXPECTED = Array.from({ length: GROUPS }, () => [2, 1, 1, 1, 1]).flat();

describe("check-in nudges across bot processes (PostgreSQL)", () => {
  it("two processes at once: each DM exactly once", async () => {
    const w = await startWorld();
    await Promise.all([spawnBot(w), spawnBot(w)]);
    await until("every nudge", 60_000, async () =>
      total(await nudgeCounts(w)) >= NUDGES ? true : undefined,
    );
    // A moment more for any duplicate to show.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await nudgeCounts(w)).toEqual(EXPECTED);
  }, 120_000);

  it("kill -9 while the DMs go out, then another process: each DM exactly once, none missing", async () => {
    const w = await startWorld();
    // Slow DMs, so that the process dies half-way.
    await w.control.addFault({
      kind: "latency",
      ms: 250,
      route: "POST /channels/{channel_id}/messages",
      count: 1000,
    });
    const first = await spawnBot(w);
    const killedAt = await until("a few DMs", 60_000, async () => {
      const sent = total(await nudgeCounts(w));
      return sent >= 4 ? sent : undefined;
    });
    first.kill("SIGKILL");
    expect(killedAt).toBeLessThan(NUDGES);
    await w.control.clearFaults();
    await spawnBot(w);
    await until("every nudge after the restart", 90_000, async () =>
      total(await nudgeCounts(w)) >= NUDGES ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await nudgeCounts(w)).toEqual(EXPECTED);
  }, 180_000);
});
