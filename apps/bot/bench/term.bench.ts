import "@circles/node-guard";
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
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
import { startSimulator } from "@circles/discord-sim";
import { ControlClient, type RequestLogEntry } from "@circles/discord-sim/client";
import { DateTime } from "luxon";
import { termOf } from "../src/announcements/term-runtime.ts";
import { commands } from "../src/commands/index.ts";
import { registerCommands, restFor } from "../src/commands/register.ts";
import { createLogger } from "../src/logger.ts";
import { startBot } from "../src/start.ts";
import { startProvisioningWorld } from "../test/provisioning-world.ts";

// `npm run bench:bot` (second part): interactions and the term's reminders. Printed, not asserted.
// 1. `/status` at 100 per second for 30 s through the simulator to a bot in its own process:
//    time from sending the interaction to the bot's first answer (p50, p99; target p99 < 50 ms) and
//    the bot process's peak memory (VmHWM); then 200 at once (all answered, slowest < 3 s).
// 2. The hour-before reminders of an 80-group cohort under the `discord` rate-limit profile: time
//    from the scheduler's sync to the last reminder posted, and 429s received (target 0).
// Needs PostgreSQL for the separate bot process (TEST_DATABASE_URL, default the local server).
// BENCH_PART=status (or reminders) runs one part only.

process.env.TEST_DATABASE_URL ||= "postgres://postgres@127.0.0.1:5432/postgres";
const FIXTURE = fileURLToPath(new URL("../test/fixtures/bot-process.ts", import.meta.url));
const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 80);

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function logSince(control: ControlClient, since: number, path?: string): Promise<RequestLogEntry[]> {
  const all: RequestLogEntry[] = [];
  let after = since;
  for (;;) {
    const page = await control.requestLog({ since: after, limit: 1000, ...(path ? { path } : {}) });
    all.push(...page);
    if (page.length < 1000) return all;
    after = page.at(-1)!.seq;
  }
}

async function lastSeq(control: ControlClient): Promise<number> {
  return (await logSince(control, 0)).at(-1)?.seq ?? 0;
}

async function peakKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function interactions() {
  const sim = await startSimulator({ seed: "demo" });
  const control = new ControlClient(sim.urls.control);
  const database = await createTestDatabase();
  if (database.target.kind !== "postgres") throw new Error("needs PostgreSQL");
  const discord = { token: sim.botToken, applicationId: sim.applicationId, apiUrl: sim.urls.api };
  await registerCommands(restFor(discord), sim.applicationId, commands, sim.guildId);
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
    env: {
      ...process.env,
      DATABASE_URL: database.target.url,
      DISCORD_TOKEN: sim.botToken,
      DISCORD_APPLICATION_ID: sim.applicationId,
      DISCORD_API_URL: sim.urls.api,
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (c: Buffer) => c.toString().includes("ready") && resolve());
    child.once("exit", (code) => reject(new Error(`bot exited ${code}`)));
  });
  try {
    const guild = await control.guild(sim.guildId);
    const general = guild.channels.find((c) => c.name === "general")!.id;
    const people = (await control.members(sim.guildId)).filter((m) => !m.user.bot).map((m) => m.user.id);
    const send = async (i: number) => {
      const sentAt = Date.now();
      const { interactionId } = await control.runCommand({
        guildId: sim.guildId,
        channelId: general,
        userId: people[i % people.length]!,
        name: "status",
      });
      return { interactionId, sentAt };
    };
    // The simulator keeps the last 10,000 requests: read them as they come, not at the end.
    const firstAt = new Map<string, number>();
    let seen = await lastSeq(control);
    const collect = async () => {
      for (const e of await logSince(control, seen)) {
        seen = Math.max(seen, e.seq);
        const id = /\/interactions\/(\d+)\//.exec(e.path)?.[1];
        if (id && e.method === "POST" && !firstAt.has(id)) firstAt.set(id, Date.parse(e.at));
      }
    };
    const firstAnswers = async (sent: { interactionId: string; sentAt: number }[], _since?: number) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        await collect();
        if (sent.every((s) => firstAt.has(s.interactionId)) || Date.now() > deadline)
          return sent.map((s) => (firstAt.get(s.interactionId) ?? Number.NaN) - s.sentAt);
        await sleep(200);
      }
    };
    const collector = setInterval(() => void collect(), 1_000);

    // Warm-up (first interactions pay for module loading and connection set-up).
    const warmSince = await lastSeq(control);
    await firstAnswers(await Promise.all(Array.from({ length: 20 }, (_, i) => send(i))), warmSince);

    const since = await lastSeq(control);
    const sent: Promise<{ interactionId: string; sentAt: number }>[] = [];
    const start = performance.now();
    let peak = 0;
    const sampler = setInterval(() => void peakKb(child.pid!).then((kb) => (peak = Math.max(peak, kb))), 500);
    for (let i = 0; i < RATE * SECONDS; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      sent.push(send(i));
    }
    const steady = await firstAnswers(await Promise.all(sent), since);
    clearInterval(collector);
    clearInterval(sampler);
    peak = Math.max(peak, await peakKb(child.pid!));
    const answered = steady.filter((ms) => !Number.isNaN(ms)).sort((a, b) => a - b);
    console.log(`/status at ${RATE}/s for ${SECONDS} s: ${answered.length}/${steady.length} answered`);
    console.log(
      `  first answer p50 ${pct(answered, 50)} ms, p99 ${pct(answered, 99)} ms, max ${answered.at(-1)} ms (target p99 < 50 ms)`,
    );
    console.log(`  bot process peak memory (VmHWM) ${(peak / 1024).toFixed(0)} MiB`);

    const burstSince = await lastSeq(control);
    const burst = await firstAnswers(
      await Promise.all(Array.from({ length: 200 }, (_, i) => send(i))),
      burstSince,
    );
    const burstAnswered = burst.filter((ms) => !Number.isNaN(ms));
    console.log(
      `burst of 200 at once: ${burstAnswered.length}/200 answered, slowest first answer ${Math.max(...burstAnswered)} ms (target < 3000 ms)`,
    );
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    await database.close();
    await sim.close();
  }
}

async function reminders() {
  const w = await startProvisioningWorld({ groups: GROUPS, bot: false });
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
  try {
    await enqueueProvisioning(jobs, { guildId: w.guildId, cohortId: w.cohortId, kind: "provision" });
    for (;;) {
      const run = await new ProvisioningService(db).latestRun(w.guildId, w.cohortId);
      if (run?.state === "finished") break;
      if (run?.state === "failed" || run?.state === "refused") throw new Error(`provisioning ${run.state}`);
      await sleep(200);
    }
    // The first session starts in an hour (real time), in a zone where that is early afternoon.
    const offset = 12 - new Date().getUTCHours();
    const zone = offset === 0 ? "UTC" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
    await new CohortRepository(db).update(w.guildId, w.cohortId, { timeZone: zone });
    const start = DateTime.now().setZone(zone).plus({ minutes: 59, seconds: 30 }).startOf("minute");
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
    const channels = (await new GroupRepository(db).listForCohort(w.guildId, w.cohortId)).map(
      (g) => g.textChannelId!,
    );
    await w.control.setRateLimits({ name: "discord" });
    const since = await lastSeq(w.control);
    const t0 = performance.now();
    await termOf(bot.client).scheduler.sync();
    const posted = new Set<string>();
    let lastAt = 0;
    const deadline = Date.now() + 120_000;
    while (posted.size < channels.length && Date.now() < deadline) {
      for (const e of await logSince(w.control, since, "/messages")) {
        const channel = /\/channels\/(\d+)\/messages$/.exec(e.path)?.[1];
        if (
          e.method === "POST" &&
          e.status < 300 &&
          channel &&
          channels.includes(channel) &&
          !posted.has(channel)
        ) {
          posted.add(channel);
          lastAt = Math.max(lastAt, Date.parse(e.at));
        }
      }
      await sleep(100);
    }
    const elapsed = lastAt - (Date.now() - (performance.now() - t0));
    const log = await logSince(w.control, since);
    const limited = log.filter((e) => e.status === 429).length;
    const botRequests = log.filter((e) => e.auth === "bot").length;
    console.log(
      `hour-before reminders, ${GROUPS} groups, discord profile: ${posted.size}/${channels.length} posted, last after ${elapsed.toFixed(0)} ms; ` +
        `${botRequests} bot requests (bound at 50/s: ${((botRequests / 50) * 1000).toFixed(0)} ms), 429s received: ${limited} (target 0)`,
    );
  } finally {
    await bot.stop();
    await stopJobQueue(jobs);
    await w.close();
  }
}

// BENCH_PART=status or reminders runs one part alone.
const part = process.env.BENCH_PART;
if (part !== "reminders") await interactions();
if (part !== "status") {
  // The second part runs in this process on the embedded database.
  delete process.env.TEST_DATABASE_URL;
  await reminders();
}
