import type { LogLevel } from "@circles/core";
import { pino } from "pino";

export type Logger = pino.Logger;

/** One JSON line per event on stdout; the reference ids users see are in `ref`. */
export function createLogger(level: LogLevel, name = "bot"): Logger {
  return pino({ name, level });
}
