export type { SimContext, SimPlugin, SimulatorTimings, SimulatorUrls } from "./context.ts";
export { DiscordError, ErrorCode, FieldErrorCollector } from "./http/errors.ts";
export type { Auth, Handler, Middleware, RequestContext, RouteResult } from "./http/router.ts";
export { Router } from "./http/router.ts";
export { type Simulator, type SimulatorOptions, startSimulator } from "./server.ts";
export { type Clock, ManualClock, systemClock } from "./state/clock.ts";
export type { StateEvent } from "./state/events.ts";
export { State } from "./state/store.ts";
