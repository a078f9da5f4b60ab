import path from "node:path";
import { type ApiConfig, readApiConfig } from "@circles/api";
import { type BotConfig, readBotConfig } from "@circles/bot";
import { ConfigError, type Env, type LogLevel, readLogLevel, readPort } from "@circles/core";

/** No DISCORD_TOKEN: the sandbox on the local Discord. With it: the bot and the API on real Discord. */
export type AllInOneConfig =
  | { mode: "sandbox"; host: string; port: number; dataDir: string; simPort: number; logLevel: LogLevel }
  | { mode: "discord"; bot: BotConfig; api: ApiConfig };

export function readAllInOneConfig(env: Env): AllInOneConfig {
  if (env.DISCORD_TOKEN?.trim()) return readDiscordConfig(env);
  const problems: string[] = [];
  const port = readPort(env, "PORT", 3000, problems);
  const simPort = readPort(env, "SIM_PORT", 0, problems);
  const logLevel = readLogLevel(env, problems);
  if (env.DATABASE_URL?.trim())
    problems.push(
      "DATABASE_URL is set but DISCORD_TOKEN is not: the sandbox runs on its own embedded database; unset DATABASE_URL, or set DISCORD_TOKEN for real Discord",
    );
  if (problems.length > 0) throw new ConfigError("The sandbox", problems);
  const base = env.INIT_CWD || process.cwd();
  return {
    mode: "sandbox",
    host: env.HOST?.trim() || "127.0.0.1",
    port,
    simPort,
    logLevel,
    dataDir: path.resolve(base, env.DATA_DIR?.trim() || ".data"),
  };
}

/** Both apps' settings, every problem of either in one message. */
function readDiscordConfig(env: Env): AllInOneConfig {
  const problems: string[] = [];
  const read = <T>(reader: (e: Env) => T): T | undefined => {
    try {
      return reader(env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const problem of error.problems) if (!problems.includes(problem)) problems.push(problem);
      return undefined;
    }
  };
  const bot = read(readBotConfig);
  const api = read(readApiConfig);
  if (!bot || !api) throw new ConfigError("Circles", problems);
  return { mode: "discord", bot, api };
}
