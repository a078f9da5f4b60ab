export type { SimContext, SimPlugin, SimulatorTimings, SimulatorUrls } from "./context.ts";
export { DEFAULT_TIMINGS } from "./context.ts";
export type { GatewayServer, SessionInfo } from "./gateway/server.ts";
export { shardOf } from "./gateway/shard.ts";
export { DiscordError, ErrorCode, FieldErrorCollector } from "./http/errors.ts";
export type { Auth, Handler, Middleware, RequestContext, RouteResult } from "./http/router.ts";
export { Router } from "./http/router.ts";
export {
  ALL_PERMISSIONS,
  basePermissions,
  canManageRole,
  channelPermissions,
  highestRole,
} from "./permissions/compute.ts";
export { DEMO_GUILD_NAME } from "./seed/demo.ts";
export { type Simulator, type SimulatorOptions, startSimulator } from "./server.ts";
export { type StartupInfo, startupInfo } from "./startup-info.ts";
export { type Clock, ManualClock, systemClock } from "./state/clock.ts";
export type { StateEvent } from "./state/events.ts";
export { loadState, saveState } from "./state/persist.ts";
export { DISCORD_EPOCH, snowflakeTime } from "./state/snowflake.ts";
export { State } from "./state/store.ts";
