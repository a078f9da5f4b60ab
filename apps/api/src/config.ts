import {
  ConfigError,
  type DatabaseTarget,
  type LogLevel,
  readDatabaseTarget,
  readLogLevel,
  readPort,
} from "@circles/core";

/** What login and sessions need; `buildApi` takes it as is, so the sandbox can pass the simulator's. */
export interface AuthOptions {
  /** The Discord application's OAuth2 client id and secret. */
  clientId: string;
  clientSecret: string;
  /** Discord's API base, https://discord.com/api (the simulator's: http://127.0.0.1:PORT/api). */
  discordApiUrl: string;
  /** Where people reach the dashboard, e.g. https://circles.example.org; the OAuth callback is under it. */
  publicUrl: string;
  /** At least 32 characters; the session cookie's keys are derived from it. */
  sessionSecret: string;
}

export interface ApiConfig {
  host: string;
  port: number;
  database: DatabaseTarget;
  logLevel: LogLevel;
  auth: AuthOptions;
}

export const MIN_SESSION_SECRET_LENGTH = 32;
const DISCORD_API_URL = "https://discord.com/api";

/** Reads and checks the API's settings; names every missing or invalid one at once. */
export function readApiConfig(env: Record<string, string | undefined>): ApiConfig {
  const problems: string[] = [];
  const port = readPort(env, "PORT", 3000, problems);
  const host = env.HOST?.trim() || "127.0.0.1";
  const logLevel = readLogLevel(env, problems);
  const database = readDatabaseTarget(env, problems);
  const auth = readAuthOptions(env, problems);
  if (problems.length > 0) throw new ConfigError("The API", problems);
  return { host, port, database, logLevel, auth };
}

function readAuthOptions(env: Record<string, string | undefined>, problems: string[]): AuthOptions {
  const clientId = env.DISCORD_CLIENT_ID?.trim() ?? "";
  if (!/^[0-9]{15,21}$/.test(clientId))
    problems.push("DISCORD_CLIENT_ID must be your Discord application's id (15 to 21 digits)");
  const clientSecret = env.DISCORD_CLIENT_SECRET?.trim() ?? "";
  if (clientSecret === "")
    problems.push("DISCORD_CLIENT_SECRET must be your Discord application's OAuth2 client secret");
  const publicUrl = env.PUBLIC_URL?.trim() ?? "";
  if (!isHttpUrl(publicUrl))
    problems.push("PUBLIC_URL must be the http(s) address people open, e.g. https://circles.example.org");
  const sessionSecret = env.SESSION_SECRET ?? "";
  if (sessionSecret.length < MIN_SESSION_SECRET_LENGTH)
    problems.push(
      `SESSION_SECRET must be ${MIN_SESSION_SECRET_LENGTH} characters or longer (e.g. openssl rand -base64 48)`,
    );
  const discordApiUrl = env.DISCORD_API_URL?.trim() || DISCORD_API_URL;
  if (!isHttpUrl(discordApiUrl))
    problems.push("DISCORD_API_URL must be an http(s) URL such as https://discord.com/api");
  return {
    clientId,
    clientSecret,
    discordApiUrl: discordApiUrl.replace(/\/+$/, ""),
    publicUrl: publicUrl.replace(/\/+$/, ""),
    sessionSecret,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
