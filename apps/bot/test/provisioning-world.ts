import {
  CohortService,
  CommunityService,
  type DatabaseHandle,
  enqueueProvisioning,
  type JobQueue,
  MemberService,
  ProvisioningService,
  readLogLevel,
  SessionService,
  startJobQueue,
  stopJobQueue,
} from "@circles/core";
import { createTestDatabase, GroupRepository } from "@circles/core/testing";
import { type Simulator, startSimulator } from "@circles/discord-sim";
import { ControlClient, type InteractionState } from "@circles/discord-sim/client";
// Test data goes in through the core repository that the matching itself writes with.
import { createLogger } from "../src/logger.ts";
import { type Bot, startBot } from "../src/start.ts";

export const COHORT_NAME = "Spring 2027";

export interface WorldGroup {
  id: string;
  name: string;
  mentors: string[];
  mentees: string[];
}

/**
 * A simulator guild with `groups` × (2 mentors + 3 mentees) extra members, a database with a
 * matched cohort of those groups and six sessions ahead, and (unless `bot: false`) the bot.
 */
export interface ProvisioningWorld {
  sim: Simulator;
  control: ControlClient;
  database: DatabaseHandle;
  guildId: string;
  cohortId: string;
  organiserId: string;
  organiserRoleId: string;
  groups: WorldGroup[];
  jobs?: JobQueue;
  bot?: Bot;
  /** Runs a slash command as a member and waits for the bot's answer. */
  command(userId: string, name: string, subcommand?: string): Promise<InteractionState>;
  /** Presses a button of an ephemeral reply and waits for the bot's answer. */
  press(
    userId: string,
    message: { id: string; channel_id: string },
    customId: string,
  ): Promise<InteractionState>;
  close(): Promise<void>;
}

export async function startProvisioningWorld(
  options: { groups: number; bot?: boolean; database?: DatabaseHandle } = { groups: 2 },
): Promise<ProvisioningWorld> {
  const sim = await startSimulator({ seed: "demo", timings: { heartbeatIntervalMs: 1_000 } });
  const control = new ControlClient(sim.urls.control);
  const database = options.database ?? (await createTestDatabase());
  const guildId = sim.guildId;
  const guild = await control.guild(guildId);
  const organiserRoleId = guild.roles.find((r) => r.name === "Organisers")!.id;
  const organiserId = (await control.members(guildId)).find((m) => m.roles.includes(organiserRoleId))!.user
    .id;
  await new CommunityService(database.db).register({
    guildId,
    name: guild.name,
    timeZone: "Asia/Singapore",
    organiserRoleId,
  });

  const people: string[] = [];
  for (let i = 0; i < options.groups * 5; i++) {
    const user = await control.createUser({ username: `person_${i + 1}` });
    await control.addMember(guildId, { userId: user.id });
    await new MemberService(database.db).ensureInCommunity(guildId, {
      userId: user.id,
      displayName: `Person ${i + 1}`,
    });
    people.push(user.id);
  }
  const cohorts = new CohortService(database.db);
  const actor = { userId: organiserId };
  const cohort = await cohorts.create(
    guildId,
    { name: COHORT_NAME, venue: "Lifelong Learning Institute, 11 Eunos Road 8" },
    actor,
  );
  const first = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
  await new SessionService(database.db).planSchedule(
    guildId,
    cohort.id,
    { count: 6, everyWeeks: 2, weekday: 3, firstDate: first, startTime: "19:00", endTime: "21:30" },
    actor,
  );
  await cohorts.changeState(guildId, cohort.id, "applications_open", actor);
  await cohorts.changeState(guildId, cohort.id, "matching", actor);
  const drafts = Array.from({ length: options.groups }, (_, g) => {
    const [m1, m2, a, b, c] = people.slice(g * 5, g * 5 + 5) as [string, string, string, string, string];
    return {
      name: `Group ${String(g + 1).padStart(2, "0")}`,
      kind: "mixed" as const,
      mentors: [m1, m2],
      mentees: [a, b, c],
      buddies: { [a]: m1, [b]: m2, [c]: m1 },
    };
  });
  await new GroupRepository(database.db).replaceAll(guildId, cohort.id, drafts);
  const groups = (await new GroupRepository(database.db).listForCohort(guildId, cohort.id)).map((g) => ({
    id: g.id,
    name: g.name,
    mentors: g.mentors,
    mentees: g.mentees,
  }));

  let jobs: JobQueue | undefined;
  let bot: Bot | undefined;
  if (options.bot !== false) {
    jobs = await startJobQueue(database);
    bot = await startBot({
      database,
      jobs,
      discord: { token: sim.botToken, applicationId: sim.applicationId, apiUrl: sim.urls.api },
      log: createLogger(readLogLevel({ LOG_LEVEL: process.env.BOT_TEST_LOG_LEVEL ?? "silent" }, [])),
      registerGuildCommands: true,
      // The simulator has no pin route (and its bot role lacks Manage Messages).
    });
  }
  const answered = (s: InteractionState) => s.stage === "replied" || s.stage === "modal";
  const wait = async (created: Promise<{ interactionId: string }>) =>
    control.waitForInteraction((await created).interactionId, answered, 20_000);
  return {
    sim,
    control,
    database,
    guildId,
    cohortId: cohort.id,
    organiserId,
    organiserRoleId,
    groups,
    ...(jobs ? { jobs } : {}),
    ...(bot ? { bot } : {}),
    command: (userId, name, subcommand) =>
      wait(
        control.runCommand({
          guildId,
          channelId: guild.channels.find((c) => c.name === "general")!.id,
          userId,
          name,
          ...(subcommand ? { subcommand } : {}),
        }),
      ),
    press: (userId, message, customId) =>
      wait(control.pressButton({ channelId: message.channel_id, userId, messageId: message.id, customId })),
    close: async () => {
      await bot?.stop();
      if (jobs) await stopJobQueue(jobs);
      await database.close();
      await sim.close();
    },
  };
}

/** Write requests (anything but GET) the bot sent to the simulator's REST API after `since`. */
export async function writesSince(control: ControlClient, since: number) {
  const entries = [];
  let after = since;
  for (;;) {
    const page = await control.requestLog({ since: after, limit: 1000 });
    entries.push(...page);
    if (page.length < 1000) break;
    after = page.at(-1)!.seq;
  }
  return entries.filter((e) => e.method !== "GET" && e.auth === "bot" && !e.path.includes("/interactions/"));
}

/** The request log's latest sequence number. */
export async function lastSeq(control: ControlClient): Promise<number> {
  let after = 0;
  for (;;) {
    const page = await control.requestLog({ since: after, limit: 1000 });
    if (page.length === 0) return after;
    after = page.at(-1)!.seq;
  }
}

/** Polls the database until the cohort's latest run has ended (the job runs in the background). */
export async function waitForRun(world: ProvisioningWorld, timeoutMs = 60_000) {
  const service = new ProvisioningService(world.database.db);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await service.latestRun(world.guildId, world.cohortId);
    if (run && run.state !== "running" && run.state !== "queued") return run;
    if (Date.now() > deadline) throw new Error(`provisioning still ${run?.state ?? "not started"}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Runs the cohort's reconcile the way production does, through the job queue (one per cohort at a
 * time: calling the reconciler directly could overlap a run the periodic sweep queued), and returns
 * the run once it has ended.
 */
export async function reconcileNow(w: ProvisioningWorld, timeoutMs = 60_000) {
  const service = new ProvisioningService(w.database.db);
  const previous = (await service.latestRun(w.guildId, w.cohortId))?.id;
  const deadline = Date.now() + timeoutMs;
  const job = { guildId: w.guildId, cohortId: w.cohortId, kind: "provision" as const };
  // A run the sweep queued holds the cohort's key: wait for it, then queue ours.
  while (!(await enqueueProvisioning(w.jobs!, job))) {
    if (Date.now() > deadline) throw new Error("the cohort's job key stayed taken");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (;;) {
    const run = await service.latestRun(w.guildId, w.cohortId);
    if (run && run.id !== previous && run.state !== "running" && run.state !== "queued") return run;
    if (Date.now() > deadline) throw new Error(`provisioning still ${run?.state ?? "not started"}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
