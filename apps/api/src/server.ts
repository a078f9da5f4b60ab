import "@circles/node-guard";
import { exitOnStartupError, openDatabaseForApp, startJobQueue, stopJobQueue } from "@circles/core";
import { readApiConfig } from "./config.ts";
import { builtDashboardDir } from "./plugins/dashboard.ts";
import { buildApi } from "./start.ts";

// The API process: read settings, open the database, listen, and close cleanly on a signal.
async function main() {
  const config = readApiConfig(process.env);
  const database = await openDatabaseForApp(config.database);

  // The API never talks to Discord: publishing, removals and erasures become the bot's jobs.
  const jobs = await startJobQueue(database);
  const api = await buildApi({
    database,
    logLevel: config.logLevel,
    auth: config.auth,
    dashboardDir: builtDashboardDir(),
    jobs,
  });
  const close = async (signal: string) => {
    api.log.info(`${signal}: closing`);
    await api.close();
    await stopJobQueue(jobs);
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", close);
  process.once("SIGTERM", close);
  const where =
    config.database.kind === "embedded" ? `embedded PostgreSQL in ${config.database.dataDir}` : "PostgreSQL";
  await api.listen({ host: config.host, port: config.port });
  api.log.info(
    `Circles API on ${config.host}:${config.port} with ${where}; log in at ${config.auth.publicUrl}/api/auth/login`,
  );
}

main().catch((error: unknown) => exitOnStartupError(error));
