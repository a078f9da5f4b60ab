import { createHash } from "node:crypto";
import type { Clock } from "../state/clock.ts";
import { type Limit, limitFor, OFF, type RateLimitProfile } from "./profiles.ts";
import { majorParameter, routeKey } from "./route-key.ts";

export interface RateLimitRequest {
  method: string;
  /** The route pattern the request matched (router or spec spelling). */
  route: string;
  /** The concrete path, for the major parameter. */
  path: string;
  /** Who the global limit counts against (`bot:<id>`); null for requests outside it (interactions, webhooks with a token). */
  identity: string | null;
}

export interface RateLimitBody {
  message: string;
  retry_after: number;
  global: boolean;
  /** Optional on Discord (facts §4); the OpenAPI error schema requires it. */
  code: number;
}

export type RateLimitDecision =
  | { limited: false; headers: Record<string, string> }
  | { limited: true; status: 429; headers: Record<string, string>; body: RateLimitBody };

interface Window {
  remaining: number;
  resetAt: number;
}

const PRUNE_AT = 10_000;
const INVALID_WINDOW_MS = 10 * 60_000;

/**
 * Discord-like fixed-window buckets: one per (identity, method + route, major parameter), plus
 * the global window per identity. A 429 does not consume anything.
 */
export class RateLimiter {
  private current: RateLimitProfile = OFF;
  private readonly windows = new Map<string, Window>();
  private readonly hashes = new Map<string, string>();
  /** Times of invalid answers (401, 403, 429) in the last 10 minutes, oldest first. */
  private invalid: number[] = [];

  constructor(private readonly clock: Clock) {}

  get profile(): RateLimitProfile {
    return this.current;
  }

  /** Switches profile and forgets every bucket. */
  setProfile(profile: RateLimitProfile): void {
    this.current = profile;
    this.windows.clear();
  }

  take(req: RateLimitRequest): RateLimitDecision {
    const profile = this.current;
    if (profile.name === "off") return { limited: false, headers: {} };
    const now = this.clock.now();
    if (this.windows.size > PRUNE_AT) this.prune(now);

    const key = routeKey(req.method, req.route);
    const routeLimit = limitFor(profile, req.method, req.route);
    const who = req.identity ?? "anonymous";
    const route = routeLimit
      ? this.window(`${who} ${key} ${majorParameter(req.path)}`, routeLimit, now)
      : null;
    const global =
      profile.global && req.identity ? this.window(`${req.identity} global`, profile.global, now) : null;

    if (global && profile.global && global.remaining <= 0) {
      const after = global.resetAt - now;
      return this.limited(after, true, {
        "X-RateLimit-Limit": String(profile.global.limit),
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": seconds(global.resetAt),
        "X-RateLimit-Reset-After": seconds(after),
        "X-RateLimit-Global": "true",
        "X-RateLimit-Scope": "global",
      });
    }
    if (route && routeLimit && route.remaining <= 0) {
      return this.limited(route.resetAt - now, false, {
        ...this.bucketHeaders(key, routeLimit, route, now),
        "X-RateLimit-Scope": "user",
      });
    }
    if (global) global.remaining--;
    if (!route || !routeLimit) return { limited: false, headers: {} };
    route.remaining--;
    return { limited: false, headers: this.bucketHeaders(key, routeLimit, route, now) };
  }

  /**
   * Discord bans an IP for a while after 10,000 invalid requests (401, 403, 429) in 10 minutes
   * (facts §4); the simulator counts them, whatever the profile, so tests can check the bot stays clear.
   */
  recordAnswer(status: number): void {
    if (status === 401 || status === 403 || status === 429) this.invalid.push(this.clock.now());
  }

  invalidRequestsLast10Minutes(): number {
    const since = this.clock.now() - INVALID_WINDOW_MS;
    const firstRecent = this.invalid.findIndex((t) => t > since);
    this.invalid = firstRecent === -1 ? [] : this.invalid.slice(firstRecent);
    return this.invalid.length;
  }

  private limited(afterMs: number, global: boolean, headers: Record<string, string>): RateLimitDecision {
    const retryAfter = Math.max(afterMs, 0) / 1000;
    return {
      limited: true,
      status: 429,
      // Retry-After in whole seconds, rounded up, as Discord sends it; the body carries the decimals.
      headers: { ...headers, "Retry-After": String(Math.max(1, Math.ceil(retryAfter))) },
      body: {
        message: "You are being rate limited.",
        retry_after: Math.round(retryAfter * 1000) / 1000,
        global,
        code: 0,
      },
    };
  }

  private window(key: string, limit: Limit, now: number): Window {
    let w = this.windows.get(key);
    if (!w || now >= w.resetAt) {
      w = { remaining: limit.limit, resetAt: now + limit.windowMs };
      this.windows.set(key, w);
    }
    return w;
  }

  private bucketHeaders(key: string, limit: Limit, w: Window, now: number): Record<string, string> {
    return {
      "X-RateLimit-Limit": String(limit.limit),
      "X-RateLimit-Remaining": String(Math.max(w.remaining, 0)),
      "X-RateLimit-Reset": seconds(w.resetAt),
      "X-RateLimit-Reset-After": seconds(w.resetAt - now),
      "X-RateLimit-Bucket": this.hash(key),
    };
  }

  /** An opaque bucket id per route, like Discord's (not derived from the major parameter). */
  private hash(key: string): string {
    let h = this.hashes.get(key);
    if (!h) {
      h = createHash("sha1").update(key).digest("hex").slice(0, 32);
      this.hashes.set(key, h);
    }
    return h;
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (now >= w.resetAt) this.windows.delete(k);
  }
}

const seconds = (ms: number): string => (Math.max(ms, 0) / 1000).toFixed(3);
