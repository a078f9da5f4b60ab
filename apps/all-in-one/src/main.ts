import "@circles/node-guard";
import { buildApi, builtDashboardDir } from "@circles/api";
import { createLogger, keepRunningOnStrayErrors, startBot } from "@circles/bot";
import { exitOnStartupError, openDatabaseForApp, startJobQueue, stopJobQueue } from "@circles/core";
import { type AllInOneConfig, readAllInOneConfig } from "./config.ts";
import { nextSteps } from "./next-steps.ts";
import { SandboxStateError, startSandbox } from "./sandbox.ts";

// `npm start`: with no settings the sandbox (local Discord + bot + API on an embedded database);
// with DISCORD_TOKEN the bot and the API on real Discord in one process.
async function main() {
  const config = readAllInOneConfig(process.env);
  const close = config.mode === "sandbox" ? await runSandbox(config) : await runOnDiscord(config);
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing`);
    await close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

async function runSandbox(config: Extract<AllInOneConfig, { mode: "sandbox" }>) {
  const sandbox = await startSandbox(config);
  console.log(nextSteps(sandbox, config.dataDir));
  return sandbox.close;
}

async function runOnDiscord(config: Extract<AllInOneConfig, { mode: "discord" }>) {
  const log = createLogger(config.bot.logLevel);
  keepRunningOnStrayErrors(log);
  const database = await openDatabaseForApp(config.bot.database);
  const jobs = await startJobQueue(database);
  const bot = await startBot({
    database,
    jobs,
    discord: config.bot.discord,
    log,
    dashboardUrl: config.api.auth.publicUrl,
  });
  const api = await buildApi({
    database,
    logLevel: config.api.logLevel,
    auth: config.api.auth,
    dashboardDir: builtDashboardDir(),
    jobs, // publishing from the dashboard queues the bot's provisioning
  });
  await api.listen({ host: config.api.host, port: config.api.port });
  console.log(`Circles is running: the bot is on Discord, the dashboard at ${config.api.auth.publicUrl}`);
  return async () => {
    await api.close();
    await bot.stop();
    await stopJobQueue(jobs);
    await database.close();
  };
}

main().catch((error: unknown) => exitOnStartupError(error, (e) => e instanceof SandboxStateError));
