import { type DatabaseHandle, type JobQueue, readLogLevel, startJobQueue, stopJobQueue } from "@circles/core";
import { createTestDatabase } from "@circles/core/testing";
import { type Simulator, startSimulator } from "@circles/discord-sim";
import { ControlClient, type InteractionState } from "@circles/discord-sim/client";
import { createLogger, type Logger } from "../src/logger.ts";
import { type Bot, startBot } from "../src/start.ts";

/** The demo community's people and places, found by role and channel name. */
export interface DemoCommunity {
  guildId: string;
  organisers: string[];
  mentors: string[];
  mentees: string[];
  channels: Record<string, string>;
  roles: Record<string, string>;
}

export interface Harness {
  sim: Simulator;
  control: ControlClient;
  database: DatabaseHandle;
  jobs: JobQueue;
  bot: Bot;
  demo: DemoCommunity;
  /** Runs a slash command as a member and waits for the bot's answer (or modal). */
  command(
    userId: string,
    name: string,
    input?: {
      subcommand?: string;
      options?: Record<string, string | number | boolean>;
      channelId?: string;
    },
  ): Promise<InteractionState>;
  /** Presses a button on a message (for ephemeral replies, the interaction's `original`) and waits. */
  press(
    userId: string,
    message: { id: string; channel_id: string },
    customId: string,
  ): Promise<InteractionState>;
  /** Chooses values in a select menu and waits for the answer. */
  select(
    userId: string,
    message: { id: string; channel_id: string },
    customId: string,
    values: string[],
  ): Promise<InteractionState>;
  /** Submits the modal the bot showed in answer to `interactionId`, and waits. */
  submitModal(
    userId: string,
    interactionId: string,
    values: Record<string, string>,
  ): Promise<InteractionState>;
  /** Starts a second bot process's worth of client on the same database (for once-only tests). */
  close(): Promise<void>;
}

const answered = (s: InteractionState) => s.stage === "replied" || s.stage === "modal";

/** A simulator with the demo community, a fresh database, the job queue, and the real bot logged in. */
export async function startHarness(
  options: { seed?: "demo" | "empty"; log?: Logger } = {},
): Promise<Harness> {
  const sim = await startSimulator({ seed: options.seed ?? "demo", timings: { heartbeatIntervalMs: 1_000 } });
  const control = new ControlClient(sim.urls.control);
  const database = await createTestDatabase();
  const jobs = await startJobQueue(database);
  const log =
    options.log ?? createLogger(readLogLevel({ LOG_LEVEL: process.env.BOT_TEST_LOG_LEVEL ?? "silent" }, []));
  const bot = await startBot({
    database,
    jobs,
    discord: { token: sim.botToken, applicationId: sim.applicationId, apiUrl: sim.urls.api },
    log,
    registerGuildCommands: true,
  });
  const demo = await readDemo(control, sim.guildId);

  const wait = async (created: Promise<{ interactionId: string }>) => {
    const { interactionId } = await created;
    return control.waitForInteraction(interactionId, answered, 10_000);
  };
  return {
    sim,
    control,
    database,
    jobs,
    bot,
    demo,
    command: (userId, name, input = {}) =>
      wait(
        control.runCommand({
          guildId: demo.guildId,
          channelId: input.channelId ?? demo.channels.general!,
          userId,
          name,
          ...(input.subcommand ? { subcommand: input.subcommand } : {}),
          ...(input.options ? { options: input.options } : {}),
        }),
      ),
    press: (userId, message, customId) =>
      wait(control.pressButton({ channelId: message.channel_id, userId, messageId: message.id, customId })),
    select: (userId, message, customId, values) =>
      wait(
        control.selectMenu({
          channelId: message.channel_id,
          userId,
          messageId: message.id,
          customId,
          values,
        }),
      ),
    submitModal: (userId, interactionId, values) =>
      wait(control.submitModal({ userId, interactionId, values })),
    close: async () => {
      await bot.stop();
      await stopJobQueue(jobs);
      await database.close();
      await sim.close();
    },
  };
}

async function readDemo(control: ControlClient, guildId: string): Promise<DemoCommunity> {
  const guild = await control.guild(guildId);
  const members = await control.members(guildId);
  const roles = Object.fromEntries(guild.roles.map((r) => [r.name, r.id]));
  const holding = (role: string) =>
    members.filter((m) => roles[role] && m.roles.includes(roles[role])).map((m) => m.user.id);
  return {
    guildId,
    organisers: holding("Organisers"),
    mentors: holding("Mentors"),
    mentees: holding("Mentees"),
    channels: Object.fromEntries(guild.channels.map((c) => [c.name ?? c.id, c.id])),
    roles,
  };
}
