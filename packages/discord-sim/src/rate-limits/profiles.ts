import { parseRouteKey, routeKey } from "./route-key.ts";

export interface Limit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/** What the control API and `startSimulator` accept. */
export type RateLimitProfileInput =
  | { name: "off" }
  | { name: "discord" }
  | {
      name: "custom";
      /** Per bot (or per OAuth user), all routes together; null or absent: no global limit. */
      global?: Limit | null;
      /** Every route without its own entry; null or absent: unlimited. */
      default?: Limit | null;
      /** By route, e.g. `{"POST /guilds/{guild_id}/roles": {"limit": 2, "windowMs": 1000}}`. */
      routes?: Record<string, Limit>;
    };

export interface RateLimitProfile {
  name: "off" | "discord" | "custom";
  global: Limit | null;
  default: Limit | null;
  /** Keyed by `routeKey()`. */
  routes: Map<string, Limit>;
}

const SECOND = 1000;
const HOUR = 3600 * SECOND;

/**
 * Discord publishes no per-route numbers (clients must read the headers); these are the values
 * its headers commonly show, plus the community-reported role-creation throttle (facts §5).
 */
const DISCORD_ROUTES: Record<string, Limit> = {
  "POST /channels/{channel_id}/messages": { limit: 5, windowMs: 5 * SECOND },
  "PATCH /channels/{channel_id}/messages/{message_id}": { limit: 5, windowMs: 5 * SECOND },
  "DELETE /channels/{channel_id}/messages/{message_id}": { limit: 5, windowMs: 1 * SECOND },
  // Renaming or re-topicing a channel: 2 per 10 minutes.
  "PATCH /channels/{channel_id}": { limit: 2, windowMs: 600 * SECOND },
  "PATCH /guilds/{guild_id}/members/{user_id}": { limit: 10, windowMs: 10 * SECOND },
  "PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}": { limit: 10, windowMs: 10 * SECOND },
  "DELETE /guilds/{guild_id}/members/{user_id}/roles/{role_id}": { limit: 10, windowMs: 10 * SECOND },
  // "about 250 in 48 h" (facts §5).
  "POST /guilds/{guild_id}/roles": { limit: 250, windowMs: 48 * HOUR },
  "POST /guilds/{guild_id}/channels": { limit: 10, windowMs: 10 * SECOND },
  "PUT /applications/{application_id}/guilds/{guild_id}/commands": { limit: 2, windowMs: 60 * SECOND },
};

export const OFF: RateLimitProfile = { name: "off", global: null, default: null, routes: new Map() };

export function discordProfile(): RateLimitProfile {
  return {
    name: "discord",
    global: { limit: 50, windowMs: SECOND },
    default: { limit: 5, windowMs: 5 * SECOND },
    routes: new Map(Object.entries(DISCORD_ROUTES).map(([k, v]) => [parseRouteKey(k), v])),
  };
}

/** Checks a profile a person sent (control API, CLI) and resolves it; errors name the field. */
export function parseRateLimitProfile(input: unknown): RateLimitProfile {
  if (typeof input === "string") return parseRateLimitProfile({ name: input });
  if (input === null || typeof input !== "object") {
    throw new TypeError('profile must be "off", "discord" or {"name":"custom", ...}');
  }
  const p = input as Record<string, unknown>;
  if (p.name === "off") return OFF;
  if (p.name === "discord") return discordProfile();
  if (p.name !== "custom") {
    throw new TypeError(`profile name must be "off", "discord" or "custom"; got ${JSON.stringify(p.name)}`);
  }
  const routes = new Map<string, Limit>();
  if (p.routes !== undefined) {
    if (p.routes === null || typeof p.routes !== "object" || Array.isArray(p.routes)) {
      throw new TypeError(
        'routes must be an object like {"POST /guilds/{guild_id}/roles": {"limit":1,"windowMs":1000}}',
      );
    }
    for (const [k, v] of Object.entries(p.routes)) {
      routes.set(
        parseRouteKey(k, `routes key ${JSON.stringify(k)}`),
        parseLimit(v, `routes[${JSON.stringify(k)}]`),
      );
    }
  }
  return {
    name: "custom",
    global: p.global == null ? null : parseLimit(p.global, "global"),
    default: p.default == null ? null : parseLimit(p.default, "default"),
    routes,
  };
}

function parseLimit(v: unknown, field: string): Limit {
  const o = (v ?? {}) as Record<string, unknown>;
  if (typeof v !== "object" || v === null)
    throw new TypeError(`${field} must be {"limit": n, "windowMs": ms}`);
  if (!Number.isInteger(o.limit) || (o.limit as number) < 1) {
    throw new TypeError(`${field}.limit must be an integer ≥ 1; got ${JSON.stringify(o.limit)}`);
  }
  if (typeof o.windowMs !== "number" || !Number.isFinite(o.windowMs) || o.windowMs <= 0) {
    throw new TypeError(
      `${field}.windowMs must be a number of milliseconds > 0; got ${JSON.stringify(o.windowMs)}`,
    );
  }
  return { limit: o.limit as number, windowMs: o.windowMs };
}

/** The limit that applies to a route under a profile, or null. */
export function limitFor(profile: RateLimitProfile, method: string, pattern: string): Limit | null {
  return profile.routes.get(routeKey(method, pattern)) ?? profile.default;
}

/** A profile as JSON for the control API. */
export function describeProfile(profile: RateLimitProfile) {
  return {
    name: profile.name,
    global: profile.global,
    default: profile.default,
    routes: Object.fromEntries(profile.routes),
  };
}
