import type { Env } from "./database-config.ts";

// Settings every app reads the same way; each adds its own problems to the one list it reports.

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function readLogLevel(env: Env, problems: string[]): LogLevel {
  const level = env.LOG_LEVEL?.trim() || "info";
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, not "${level}"`);
  return "info";
}

/** A TCP port (0: any free one); unset gives `fallback`. */
export function readPort(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name]?.trim();
  const port = raw ? Number(raw) : fallback;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`${name} must be a port number (0-65535), not "${raw}"`);
  return port;
}
