import {
  CohortService,
  CommunityService,
  enqueueProvisioning,
  type JobQueue,
  ProvisioningService,
  readLogLevel,
  SessionService,
  startJobQueue,
  stopJobQueue,
  TermNoticeService,
} from "@circles/core";
import { CohortRepository, GroupRepository } from "@circles/core/testing";
import type { InteractionState } from "@circles/discord-sim/client";
import { TestClock } from "pg-boss";
// The cohort's time zone is fixed once it leaves draft; the test world changes it through the repository.
import { termOf } from "../src/announcements/term-runtime.ts";
import { createLogger } from "../src/logger.ts";
import { type Bot, startBot } from "../src/start.ts";
import { type ProvisioningWorld, startProvisioningWorld } from "./provisioning-world.ts";

/** 19:00 London time on Tuesday 30 March 2027 (BST, two days after the clocks went forward). */
export const FIRST_SESSION = new Date("2027-03-30T18:00:00Z");

export interface TermWorld {
  world: ProvisioningWorld;
  clock: TestClock;
  jobs: JobQueue;
  bot: Bot;
  announcements: string;
  general: string;
  groups: { id: string; name: string; mentors: string[]; mentees: string[]; text: string; voice: string }[];
  sessions(): ReturnType<SessionService["list"]>;
  /** Moves the clock to `at` and lets due jobs run; resolves when `until` holds. */
  advanceTo(at: Date | string, until?: () => Promise<boolean>): Promise<void>;
  /** Runs a slash command in a channel and waits for the answer. */
  command(
    userId: string,
    channelId: string,
    subcommand: string,
    options?: Record<string, string | number | boolean>,
    name?: string,
  ): Promise<InteractionState>;
  /** Joins (or leaves with null) a voice channel and waits until the bot has recorded it. */
  voice(userId: string, channelId: string | null): Promise<void>;
  /** Stops the bot (and its job queue), runs `meanwhile`, and starts it again on the same database. */
  restartBotWhile(meanwhile: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

const log = () => createLogger(readLogLevel({ LOG_LEVEL: process.env.BOT_TEST_LOG_LEVEL ?? "silent" }, []));

/**
 * Two provisioned groups of a cohort in Europe/London with three sessions (30 March, 6 and 13 April 2027,
 * 19:00–22:00), the community's announcements in #announcements and share-backs in #general, and the
 * bot on a hand-moved clock (pg-boss's TestClock), starting on 1 March 2027.
 */
export async function startTermWorld(): Promise<TermWorld> {
  const world = await startProvisioningWorld({ groups: 2, bot: false });
  const db = world.database.db;
  const guild = await world.control.guild(world.guildId);
  const channel = (name: string) => guild.channels.find((c) => c.name === name)!.id;
  const announcements = channel("announcements");
  const general = channel("general");
  const actor = { userId: world.organiserId };
  await new CommunityService(db).updateSettings(
    world.guildId,
    { announcementChannelId: announcements },
    actor,
  );
  await new CohortRepository(db).update(world.guildId, world.cohortId, { timeZone: "Europe/London" });
  await new SessionService(db).planSchedule(
    world.guildId,
    world.cohortId,
    { count: 3, everyWeeks: 1, weekday: 2, firstDate: "2027-03-30", startTime: "19:00", endTime: "22:00" },
    actor,
  );
  await new CohortService(db).changeState(world.guildId, world.cohortId, "published", actor);
  await new TermNoticeService(db).updateSettings(
    world.guildId,
    world.cohortId,
    { shareBackChannelId: general },
    actor,
  );

  const clock = new TestClock(Date.parse("2027-03-01T00:00:00Z"));
  let jobs = await startJobQueue(world.database, { clock });
  const start = (queue: JobQueue) =>
    startBot({
      database: world.database,
      jobs: queue,
      discord: {
        token: world.sim.botToken,
        applicationId: world.sim.applicationId,
        apiUrl: world.sim.urls.api,
      },
      log: log(),
      registerGuildCommands: true,
      clock,
    });
  let bot = await start(jobs);

  const until = async (check: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await clock.tick(1_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await enqueueProvisioning(jobs, { guildId: world.guildId, cohortId: world.cohortId, kind: "provision" });
  await until(async () => {
    const run = await new ProvisioningService(db).latestRun(world.guildId, world.cohortId);
    return run?.state === "finished";
  }, "provisioning");
  const groups = (await new GroupRepository(db).listForCohort(world.guildId, world.cohortId)).map((g) => ({
    id: g.id,
    name: g.name,
    mentors: g.mentors,
    mentees: g.mentees,
    text: g.textChannelId!,
    voice: g.voiceChannelId!,
  }));

  const self: TermWorld = {
    world,
    clock,
    get jobs() {
      return jobs;
    },
    get bot() {
      return bot;
    },
    announcements,
    general,
    groups,
    sessions: () => new SessionService(db).list(world.guildId, world.cohortId),
    advanceTo: async (at, check) => {
      await clock.setTime(typeof at === "string" ? Date.parse(at) : at.getTime());
      await termOf(bot.client).scheduler.sync();
      await clock.tick(1_500);
      if (check) await until(check, `the world after ${String(at)}`);
    },
    command: async (userId, channelId, subcommand, options, name = "session") => {
      const { interactionId } = await world.control.runCommand({
        guildId: world.guildId,
        channelId,
        userId,
        name,
        subcommand,
        ...(options ? { options } : {}),
      });
      return world.control.waitForInteraction(
        interactionId,
        (s) => s.stage === "replied" || s.stage === "modal",
        20_000,
      );
    },
    voice: async (userId, channelId) => {
      await world.control.voice({ guildId: world.guildId, userId, channelId });
      const cached = () =>
        bot.client.guilds.cache.get(world.guildId)?.voiceStates.cache.get(userId)?.channelId ?? null;
      const deadline = Date.now() + 10_000;
      while (cached() !== channelId) {
        if (Date.now() > deadline) throw new Error("the bot did not see the voice change");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await termOf(bot.client).voice.settled(world.guildId);
    },
    restartBotWhile: async (meanwhile) => {
      await bot.stop();
      await stopJobQueue(jobs);
      await meanwhile();
      jobs = await startJobQueue(world.database, { clock });
      bot = await start(jobs);
    },
    close: async () => {
      await bot.stop();
      await stopJobQueue(jobs);
      await world.close();
    },
  };
  return self;
}

/** Messages the bot posted in a channel (oldest first), without the interaction answers. */
export async function botPosts(w: TermWorld, channelId: string) {
  const messages = await w.world.control.messages(channelId);
  return messages.filter((m) => m.author.bot && !m.interaction_metadata && !m.ephemeral);
}
