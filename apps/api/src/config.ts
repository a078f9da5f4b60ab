import { ConfigError, type DatabaseTarget, readDatabaseTarget } from "@circles/core";

export interface ApiConfig {
  host: string;
  port: number;
  database: DatabaseTarget;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Reads and checks the API's settings; names every missing or invalid one at once. */
export function readApiConfig(env: Record<string, string | undefined>): ApiConfig {
  const problems: string[] = [];
  const port = Number(env.PORT ?? "3000");
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be a port number (0-65535), not "${env.PORT}"`);
  const host = env.HOST?.trim() || "127.0.0.1";
  const logLevel = (env.LOG_LEVEL?.trim() || "info") as ApiConfig["logLevel"];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);
  const database = readDatabaseTarget(env, problems);
  if (problems.length > 0) throw new ConfigError("The API", problems);
  return { host, port, database, logLevel };
}
