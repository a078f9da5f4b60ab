import { CohortService } from "@circles/core";
import { createTestDatabase } from "@circles/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { BotProcesses, until, untilDeliveriesSettled } from "./bot-processes.ts";
import { type ProvisioningWorld, startProvisioningWorld } from "./provisioning-world.ts";

// Check-in nudges sent by separate bot processes on one PostgreSQL: two at once, and one killed with
// SIGKILL while the DMs go out. Each DM arrives exactly once.

const GROUPS = 4;
/** Each of the 3 buddy pairs of a group: a DM to the mentor and one to the mentee. */
const NUDGES = GROUPS * 3 * 2;

const bots = new BotProcesses();
let world: ProvisioningWorld | undefined;
afterEach(async () => {
  bots.killAll();
  await world?.close();
  world = undefined;
});

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
    await Promise.all([bots.spawn(w), bots.spawn(w)]);
    await until("every nudge", 60_000, async () =>
      total(await nudgeCounts(w)) >= NUDGES ? true : undefined,
    );
    expect(await untilDeliveriesSettled(w, ["checkin-nudge:"], NUDGES)).toEqual(Array(NUDGES).fill("sent"));
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
    const first = await bots.spawn(w);
    const killedAt = await until("a few DMs", 60_000, async () => {
      const sent = total(await nudgeCounts(w));
      return sent >= 4 ? sent : undefined;
    });
    first.kill("SIGKILL");
    expect(killedAt).toBeLessThan(NUDGES);
    await w.control.clearFaults();
    await bots.spawn(w);
    await until("every nudge after the restart", 90_000, async () =>
      total(await nudgeCounts(w)) >= NUDGES ? true : undefined,
    );
    expect(await untilDeliveriesSettled(w, ["checkin-nudge:"], NUDGES)).toEqual(Array(NUDGES).fill("sent"));
    expect(await nudgeCounts(w)).toEqual(EXPECTED);
  }, 180_000);
});
