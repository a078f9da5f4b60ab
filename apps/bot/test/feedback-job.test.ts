import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { termOf } from "../src/announcements/term-runtime.ts";
import { FeedbackPrompts } from "../src/feedback/feedback-job.ts";
import { createLogger } from "../src/logger.ts";
import { eventually } from "./member-helpers.ts";
import { startTermWorld, type TermWorld } from "./term-world.ts";

// The feedback prompts after `/session end` are a job: a fan-out cut short (the process died) is
// finished by the job's next run, and every member has exactly one prompt.

let w: TermWorld;
beforeAll(async () => {
  w = await startTermWorld();
}, 120_000);
afterAll(() => w?.close());

describe("feedback prompts as a job", () => {
  it("finishes a fan-out cut short by a crash: each member gets exactly one prompt", async () => {
    const g1 = w.groups[0]!;
    const members = [...g1.mentors, ...g1.mentees];
    const session = (await w.sessions())[0]!;
    const job = {
      guildId: w.world.guildId,
      cohortId: w.world.cohortId,
      sessionId: session.id,
      groupId: g1.id,
    };
    const promptsTo = async (userId: string) =>
      (await w.world.control.dms(userId)).filter((m) => m.content.includes("Rate it from 1"));

    // A process that dies after reaching two members: its run throws part-way.
    const client = w.bot.client;
    let reached = 0;
    const dying = new Proxy(client, {
      get(target, key) {
        if (key === "users")
          return {
            fetch: async (id: string) => {
              if (++reached > 2) throw new Error("the process died");
              return target.users.fetch(id);
            },
          };
        return Reflect.get(target, key);
      },
    });
    const crashed = new FeedbackPrompts({
      client: dying,
      db: w.world.database.db,
      jobs: w.jobs,
      log: createLogger("silent"),
    });
    await expect(crashed.run(job)).rejects.toThrow("the process died");
    const before = await Promise.all(members.map(async (id) => (await promptsTo(id)).length));
    expect(before.filter((n) => n === 1)).toHaveLength(2);
    expect(before.filter((n) => n === 0)).toHaveLength(members.length - 2);

    // The job runs again (the bot's worker): the rest are reached, nobody twice.
    await termOf(w.bot.client).feedback.queue(job);
    await eventually(async () => {
      await w.clock.tick(1_000); // pg-boss's clock: lets the queued job be fetched
      const counts = await Promise.all(members.map(async (id) => (await promptsTo(id)).length));
      return counts.every((n) => n >= 1) ? true : undefined;
    }, 20_000);
    // Queued once more (a retried `/session end`, a second process): still one each.
    await termOf(w.bot.client).feedback.queue(job);
    await w.clock.tick(2_000);
    expect(await termOf(w.bot.client).feedback.run(job)).toBe(0);
    for (const id of members) expect(await promptsTo(id)).toHaveLength(1);
  });

  it("runs the fan-out on a queue whose jobs a dead worker's successor takes over", async () => {
    const queue = await w.jobs.getQueue("feedback-prompts");
    expect(queue).toMatchObject({ policy: "exclusive", heartbeatSeconds: 10 });
    expect(queue!.retryLimit).toBeGreaterThan(0);
  });
});
