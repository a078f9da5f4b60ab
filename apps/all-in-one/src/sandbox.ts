import { randomBytes } from "node:crypto";
import { access, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { buildApi, builtDashboardDir } from "@circles/api";
import { type Bot, type BotOptions, createLogger, keepRunningOnStrayErrors, startBot } from "@circles/bot";
import {
  type DatabaseHandle,
  embeddedDatabaseDir,
  type JobQueue,
  type LogLevel,
  migrateToLatest,
  openDatabase,
  startJobQueue,
  stopJobQueue,
} from "@circles/core";
import { type Simulator, type StartupInfo, startSimulator, startupInfo } from "@circles/discord-sim";
import { ControlClient } from "@circles/discord-sim/client";
import { type DemoServer, seedDemoProgram } from "./demo-program.ts";

export interface SandboxOptions {
  dataDir: string;
  host: string;
  /** The dashboard and API; 0 picks a free port. */
  port: number;
  simPort: number;
  logLevel: LogLevel;
  /** What the bot takes as now (tests move it by hand to run a session's minutes at once). */
  clock?: BotOptions["clock"];
}

export interface Sandbox {
  sim: Simulator;
  info: StartupInfo;
  dashboardUrl: string;
  database: DatabaseHandle;
  jobs: JobQueue;
  bot: Bot;
  api: Awaited<ReturnType<typeof buildApi>>;
  /** True on the first start, when the demo program was laid out. */
  seeded: boolean;
  close(): Promise<void>;
}

export class SandboxStateError extends Error {}

/**
 * One process: the local Discord with its demo community, the bot logged in to it, and the API with the
 * dashboard, on one embedded database. Both the database and the simulated Discord live in `dataDir`,
 * so a restart carries on where the last run stopped.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const files = sandboxFiles(options.dataDir);
  await mkdir(options.dataDir, { recursive: true });
  await refuseHalfAWorld(files);
  const log = createLogger(options.logLevel);
  keepRunningOnStrayErrors(log);

  const sim = await startSimulator({ seed: "demo", stateFile: files.simState, port: options.simPort });
  const stopSaving = saveWhenChanged(sim);
  const database = await openDatabase({ kind: "embedded", dataDir: files.database });
  await migrateToLatest(database.db);
  const jobs = await startJobQueue(database);
  const port = options.port === 0 ? await freePort(options.host) : options.port;
  const dashboardUrl = `http://${options.host}:${port}`;
  const bot = await startBot({
    database,
    jobs,
    discord: { token: sim.botToken, applicationId: sim.applicationId, apiUrl: sim.urls.api },
    log,
    registerGuildCommands: true,
    dashboardUrl,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const control = new ControlClient(sim.urls.control);
  const seeded = await seedDemoProgram(database.db, await demoServer(control, sim.guildId), new Date());

  await control.addRedirectUri(`${dashboardUrl}/api/auth/callback`);
  // Both halves on disk from the first start: the timer saves only after a change, and a sandbox
  // stopped before any would leave a database without its Discord.
  await sim.save();
  const api = await buildApi({
    database,
    logLevel: options.logLevel,
    auth: {
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      discordApiUrl: sim.urls.api,
      publicUrl: dashboardUrl,
      sessionSecret: await sessionSecret(files.sessionSecret),
    },
    dashboardDir: builtDashboardDir(), // the built pages, when `npm run build` has made them
    jobs, // publishing from the dashboard queues the bot's provisioning
  });
  await api.listen({ host: options.host, port });
  const info = startupInfo(sim);
  await writeAtomically(files.startupInfo, `${JSON.stringify(info, null, 2)}\n`);

  return {
    sim,
    info,
    dashboardUrl,
    database,
    jobs,
    bot,
    api,
    seeded,
    close: async () => {
      await api.close();
      await bot.stop();
      await stopJobQueue(jobs);
      await database.close();
      stopSaving();
      await sim.close(); // saves the simulated Discord
    },
  };
}

export function sandboxFiles(dataDir: string) {
  return {
    database: embeddedDatabaseDir(dataDir),
    simState: path.join(dataDir, "discord-sim.json"),
    startupInfo: path.join(dataDir, "sandbox.json"),
    sessionSecret: path.join(dataDir, "session-secret"),
  };
}

/** The database refers to the simulated Discord's ids: one without the other cannot carry on. */
async function refuseHalfAWorld(files: ReturnType<typeof sandboxFiles>) {
  const [hasDatabase, hasSim] = await Promise.all([exists(files.database), exists(files.simState)]);
  if (hasDatabase !== hasSim)
    throw new SandboxStateError(
      `The sandbox's data folder holds ${hasDatabase ? "a database but no simulated Discord" : "a simulated Discord but no database"} ` +
        `(${path.dirname(files.simState)}); they belong together. Delete that folder to start a fresh sandbox.`,
    );
}

/** The simulator saves on close; a crash in between loses at most the last two seconds. */
function saveWhenChanged(sim: Simulator): () => void {
  let dirty = false;
  const unsubscribe = sim.state.events.on(() => {
    dirty = true;
  });
  const timer = setInterval(() => {
    if (!dirty) return;
    dirty = false;
    sim.save().catch(() => {
      dirty = true;
    });
  }, 2_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}

async function demoServer(control: ControlClient, guildId: string): Promise<DemoServer> {
  const [guild, members] = await Promise.all([control.guild(guildId), control.members(guildId)]);
  const organiserRole = guild.roles.find((r) => r.name === "Organisers");
  const announcements = guild.channels.find((c) => c.name === "announcements");
  if (!organiserRole || !announcements)
    throw new Error("the demo server lacks its Organisers role or #announcements");
  return {
    guildId,
    guildName: guild.name,
    organiserRoleId: organiserRole.id,
    announcementChannelId: announcements.id,
    userIds: new Map(members.map((m) => [m.user.global_name ?? m.user.username, m.user.id])),
  };
}

/** Kept in the data folder so that a restart keeps everyone logged in. */
async function sessionSecret(file: string): Promise<string> {
  const existing = await readFile(file, "utf8").catch(() => "");
  if (existing.trim().length >= 32) return existing.trim();
  const secret = randomBytes(32).toString("base64url");
  await writeAtomically(file, secret);
  return secret;
}

async function writeAtomically(file: string, content: string) {
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, content, { mode: 0o600 });
  await rename(partial, file);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}
