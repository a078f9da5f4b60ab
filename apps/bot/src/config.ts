import {
  ConfigError,
  type DatabaseTarget,
  type LogLevel,
  readDatabaseTarget,
  readLogLevel,
} from "@circles/core";

export interface DiscordEndpoint {
  token: string;
  applicationId: string;
  /** Discord's REST base (`https://discord.com/api`), or the simulator's. */
  apiUrl: string;
}

export interface BotConfig {
  discord: DiscordEndpoint;
  database: DatabaseTarget;
  logLevel: LogLevel;
  /** The dashboard's address (PUBLIC_URL), for links in answers and `/mydata export`; optional. */
  dashboardUrl?: string;
}

export const DISCORD_API_URL = "https://discord.com/api";

/** Reads and checks the bot's settings; names every missing or invalid one at once. */
export function readBotConfig(env: Record<string, string | undefined>): BotConfig {
  const problems: string[] = [];
  const token = env.DISCORD_TOKEN?.trim() ?? "";
  if (!token)
    problems.push("DISCORD_TOKEN is missing: the bot token from the Developer Portal (Bot → Reset Token)");
  const applicationId = env.DISCORD_APPLICATION_ID?.trim() ?? "";
  if (!/^[0-9]{15,21}$/.test(applicationId))
    problems.push(
      "DISCORD_APPLICATION_ID must be the application's id (15-21 digits, Developer Portal → General Information)",
    );
  const apiUrl = (env.DISCORD_API_URL?.trim() || DISCORD_API_URL).replace(/\/+$/, "");
  if (!isHttpUrl(apiUrl))
    problems.push(`DISCORD_API_URL must be an http(s) URL, not "${env.DISCORD_API_URL}"`);
  const logLevel = readLogLevel(env, problems);
  const dashboardUrl = env.PUBLIC_URL?.trim().replace(/\/+$/, "");
  if (dashboardUrl && !isHttpUrl(dashboardUrl))
    problems.push(`PUBLIC_URL must be the dashboard's http(s) address, not "${env.PUBLIC_URL}"`);
  const database = readDatabaseTarget(env, problems);
  if (problems.length > 0) throw new ConfigError("The bot", problems);
  return {
    discord: { token, applicationId, apiUrl },
    database,
    logLevel,
    ...(dashboardUrl ? { dashboardUrl } : {}),
  };
}

function isHttpUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
