import {
  CohortService,
  CommunityService,
  enqueueProvisioning,
  ProvisioningService,
  readLogLevel,
  SessionService,
  startJobQueue,
  stopJobQueue,
} from "@circles/core";
import { CohortRepository, createTestDatabase, GroupRepository } from "@circles/core/testing";
import { sql } from "kysely";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";
import { startBot } from "../src/start.ts";
import { BotProcesses, until, untilDeliveriesSettled } from "./bot-processes.ts";
import { type ProvisioningWorld, startProvisioningWorld } from "./provisioning-world.ts";

// Announcements and reminders across bot processes on one PostgreSQL database: a process killed
// (SIGKILL) while they go out, then another; and two processes at once. Each post exactly once.

const GROUPS = 10;

const bots = new BotProcesses();
let world: ProvisioningWorld | undefined;
afterEach(async () => {
  bots.killAll();
  await world?.close();
  world = undefined;
});

/**
 * A provisioned 10-group cohort whose first session starts 40 minutes from now (real time): its
 * day-before announcement and every group's hour-before reminder are due at once.
 */
async function provisionedWorld() {
  const w = await startProvisioningWorld({
    groups: GROUPS,
    bot: false,
    database: await createTestDatabase(),
  });
  world = w;
  const db = w.database.db;
  const actor = { userId: w.organiserId };
  const guild = await w.control.guild(w.guildId);
  const announcements = guild.channels.find((c) => c.name === "announcements")!.id;
  await new CommunityService(db).updateSettings(w.guildId, { announcementChannelId: announcements }, actor);
  await new CohortService(db).changeState(w.guildId, w.cohortId, "published", actor);
  const jobs = await startJobQueue(w.database);
  const bot = await startBot({
    database: w.database,
    jobs,
    discord: { token: w.sim.botToken, applicationId: w.sim.applicationId, apiUrl: w.sim.urls.api },
    log: createLogger(readLogLevel({ LOG_LEVEL: "silent" }, [])),
  });
  await enqueueProvisioning(jobs, { guildId: w.guildId, cohortId: w.cohortId, kind: "provision" });
  await until("provisioning", 60_000, async () => {
    const run = await new ProvisioningService(db).latestRun(w.guildId, w.cohortId);
    return run?.state === "finished" ? run : undefined;
  });
  await bot.stop();
  await stopJobQueue(jobs);
  // A fixed-offset zone where it is about noon now, so the moved session stays on one local day.
  const offset = 12 - new Date().getUTCHours();
  const zone = offset === 0 ? "UTC" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
  await new CohortRepository(db).update(w.guildId, w.cohortId, { timeZone: zone });
  const start = DateTime.now().setZone(zone).plus({ minutes: 40 }).startOf("minute");
  const [first] = await new SessionService(db).list(w.guildId, w.cohortId);
  await new SessionService(db).move(
    w.guildId,
    first!.id,
    {
      date: start.toISODate()!,
      startTime: start.toFormat("HH:mm"),
      endTime: start.plus({ hours: 3 }).toFormat("HH:mm"),
    },
    actor,
  );
  const groups = await new GroupRepository(db).listForCohort(w.guildId, w.cohortId);
  const channels = [announcements, ...groups.map((g) => g.textChannelId!)];
  return { w, channels };
}

/** Per channel, how many posts of the first session (the announcement, or the group's reminder). */
async function postsPerChannel(w: ProvisioningWorld, channels: string[]) {
  return Promise.all(
    channels.map(
      async (id) =>
        (await w.control.messages(id)).filter((m) => m.author.bot && m.content.includes("Session 1")).length,
    ),
  );
}

describe("announcements and reminders across bot processes (PostgreSQL)", () => {
  it("kill -9 while they go out, then another process: each exactly once", async () => {
    const { w, channels } = await provisionedWorld();
    // Each post takes 2 s on Discord's side, so the kill lands while the fan-out is under way: posts
    // claimed, some of them sent and not yet recorded, none of them answered.
    await w.control.addFault({
      kind: "latency",
      ms: 2_000,
      route: "POST /channels/{channel_id}/messages",
      count: 1000,
    });
    const first = await bots.spawn(w);
    await until("the first post claimed", 60_000, async () => {
      const { rows } = await sql<{
        n: number;
      }>`select count(*)::int as n from deliveries where guild_id = ${w.guildId}`.execute(w.database.db);
      return (rows[0]?.n ?? 0) > 0 ? true : undefined;
    });
    first.kill("SIGKILL");
    const postedBeforeKill = (await postsPerChannel(w, channels)).reduce((a, b) => a + b, 0);
    expect(postedBeforeKill).toBeLessThan(channels.length);
    await bots.spawn(w);
    await until("every post", 120_000, async () =>
      (await postsPerChannel(w, channels)).every((n) => n >= 1) ? true : undefined,
    );
    const settled = await untilDeliveriesSettled(w, ["announce:", "remind:"], channels.length);
    expect(settled).toEqual(channels.map(() => "sent"));
    expect(await postsPerChannel(w, channels)).toEqual(channels.map(() => 1));
  }, 240_000);

  it("two bot processes at once: each exactly once", async () => {
    const { w, channels } = await provisionedWorld();
    await Promise.all([bots.spawn(w), bots.spawn(w)]);
    await until("every post", 120_000, async () =>
      (await postsPerChannel(w, channels)).every((n) => n >= 1) ? true : undefined,
    );
    const settled = await untilDeliveriesSettled(w, ["announce:", "remind:"], channels.length);
    expect(settled).toEqual(channels.map(() => "sent"));
    expect(await postsPerChannel(w, channels)).toEqual(channels.map(() => 1));
  }, 240_000);
});
