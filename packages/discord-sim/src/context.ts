import type { Router } from "./http/router.ts";
import type { Clock } from "./state/clock.ts";
import type { State } from "./state/store.ts";

export interface SimulatorUrls {
  /** Pass as discord.js `rest.api`: `http://127.0.0.1:PORT/api`. */
  api: string;
  /** `ws://127.0.0.1:PORT` (no query string: discord.js appends `?v=10&encoding=json`). */
  gateway: string;
  oauth: { authorize: string; token: string };
  /** Base of the control API: `http://127.0.0.1:PORT/control`. */
  control: string;
}

/** Tunables; tests shorten them. */
export interface SimulatorTimings {
  heartbeatIntervalMs: number;
  /** A first response later than this kills the interaction (Discord: 3 s). */
  interactionResponseMs: number;
  /** Follow-up tokens live this long (Discord: 15 min). */
  interactionTokenMs: number;
}

export const DEFAULT_TIMINGS: SimulatorTimings = {
  heartbeatIntervalMs: 41_250,
  interactionResponseMs: 3_000,
  interactionTokenMs: 15 * 60_000,
};

/** What every module gets to register its routes and read the world. */
export interface SimContext {
  state: State;
  router: Router;
  clock: Clock;
  urls: SimulatorUrls;
  timings: SimulatorTimings;
  /** Shared registry for cross-module services (e.g. the gateway, the REST log); keyed by module name. */
  services: Map<string, unknown>;
}

/** A module that plugs into the simulator (OAuth, rate limits, faults, request log...). */
export interface SimPlugin {
  name: string;
  install(ctx: SimContext): void | Promise<void>;
  close?(): void | Promise<void>;
}
