import type { Logger } from "./logger.ts";

/**
 * A failure nobody awaited (discord.js can throw inside its own dispatch) is logged; the process
 * stays up for the other members instead of exiting on Node's default.
 */
export function keepRunningOnStrayErrors(log: Logger): void {
  process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled rejection"));
}
