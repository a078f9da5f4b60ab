import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  DEFAULT_TIMINGS,
  type SimContext,
  type SimPlugin,
  type SimulatorTimings,
  type SimulatorUrls,
} from "./context.ts";
import type { GatewayServer } from "./gateway/server.ts";
import { botAuthenticator } from "./http/auth.ts";
import { Router } from "./http/router.ts";
import { installCore } from "./install.ts";
import { defaultPlugins } from "./plugins.ts";
import type { SeedResult } from "./seed/base.ts";
import { seedEmpty } from "./seed/base.ts";
import { seedDemo } from "./seed/demo.ts";
import { type Clock, systemClock } from "./state/clock.ts";
import { loadState, saveState } from "./state/persist.ts";
import { State } from "./state/store.ts";

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: "127.0.0.1";
  /** Load from this file if it exists; `close()` saves back to it. */
  stateFile?: string;
  /** What a fresh state starts with (ignored when the state file exists). Default 'empty'. */
  seed?: "demo" | "empty";
  clock?: Clock;
  timings?: Partial<SimulatorTimings>;
  /** Replaces the default plugin list (src/plugins.ts). */
  plugins?: SimPlugin[];
}

export interface Simulator {
  urls: SimulatorUrls;
  botToken: string;
  applicationId: string;
  clientId: string;
  clientSecret: string;
  /** The first guild of the seed (the demo community). */
  guildId: string;
  state: State;
  ctx: SimContext;
  /** Gateway controls for tests: `reconnect()`, `invalidateSession()`, `closeShard()`, `list()`. */
  gateway: GatewayServer;
  save(): Promise<void>;
  close(): Promise<void>;
}

/** Starts REST, gateway and control API on one HTTP server bound to 127.0.0.1. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clock = options.clock ?? systemClock;
  const host = options.host ?? "127.0.0.1";
  if (host !== "127.0.0.1") throw new Error("the simulator only binds 127.0.0.1");

  let state = options.stateFile ? await loadState(options.stateFile, clock) : null;
  let seeded: SeedResult | null = null;
  if (!state) {
    state = new State(clock);
    seeded = options.seed === "demo" ? seedDemo(state) : seedEmpty(state);
  }
  const application = seeded?.application ?? state.applications.values().next().value;
  const guild = seeded?.guild ?? state.guilds.values().next().value;
  if (!application || !guild) throw new Error("state has no application or guild");

  const router = new Router();
  const server = createServer({ keepAlive: true }, router.listener);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const http = `http://${host}:${port}`;
  const urls: SimulatorUrls = {
    api: `${http}/api`,
    gateway: `ws://${host}:${port}`,
    oauth: { authorize: `${http}/api/oauth2/authorize`, token: `${http}/api/oauth2/token` },
    control: `${http}/control`,
  };
  const ctx: SimContext = {
    state,
    router,
    clock,
    urls,
    timings: { ...DEFAULT_TIMINGS, ...options.timings },
    services: new Map(),
  };
  ctx.services.set("http", server);

  router.addAuthenticator(botAuthenticator(state));
  const plugins = options.plugins ?? defaultPlugins;
  for (const plugin of plugins) await plugin.install(ctx);
  const core = installCore(ctx, server, options.stateFile);

  const save = async (): Promise<void> => {
    if (options.stateFile) await saveState(ctx.state, options.stateFile);
  };
  let closed = false;
  return {
    urls,
    botToken: application.bot_token,
    applicationId: application.id,
    clientId: application.id,
    clientSecret: application.client_secret,
    guildId: guild.id,
    state,
    ctx,
    gateway: core.gateway,
    save,
    async close() {
      if (closed) return;
      closed = true;
      await core.close();
      for (const plugin of [...plugins].reverse()) await plugin.close?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await save();
    },
  };
}
