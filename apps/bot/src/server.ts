import "@circles/node-guard";
import { exitOnStartupError, openDatabaseForApp, startJobQueue, stopJobQueue } from "@circles/core";
import { readBotConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { keepRunningOnStrayErrors } from "./process-guards.ts";
import { startBot } from "./start.ts";

// The bot process (production: `npm run start:bot`): settings, database, job queue, Discord.
async function main() {
  const config = readBotConfig(process.env);
  const log = createLogger(config.logLevel);
  keepRunningOnStrayErrors(log);
  const database = await openDatabaseForApp(config.database);
  const jobs = await startJobQueue(database);
  const bot = await startBot({
    database,
    jobs,
    discord: config.discord,
    log,
    ...(config.dashboardUrl ? { dashboardUrl: config.dashboardUrl } : {}),
  });

  const close = async (signal: string) => {
    log.info(`${signal}: closing`);
    await bot.stop();
    await stopJobQueue(jobs);
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", close);
  process.once("SIGTERM", close);
}

main().catch((error: unknown) => exitOnStartupError(error));
