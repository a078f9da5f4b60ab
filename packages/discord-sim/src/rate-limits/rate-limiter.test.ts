import { describe, expect, it } from "vitest";
import { ManualClock } from "../state/clock.ts";
import { manualLimiter } from "./manual-limiter.fixture.ts";
import { discordProfile, parseRateLimitProfile } from "./profiles.ts";
import { RateLimiter, type RateLimitRequest } from "./rate-limiter.ts";
import { majorParameter, parseRouteKey, routeKey } from "./route-key.ts";

const msg = (channel: string, identity: string | null = "bot:1"): RateLimitRequest => ({
  method: "POST",
  route: "/api/channels/:channelId/messages",
  path: `/api/channels/${channel}/messages`,
  identity,
});

describe("route keys", () => {
  it("spells the spec's template and the router's pattern the same", () => {
    expect(routeKey("post", "/api/v10/guilds/:guildId/roles")).toBe(
      routeKey("POST", "/guilds/{guild_id}/roles"),
    );
    expect(routeKey("GET", "/users/@me")).not.toBe(routeKey("GET", "/users/{user_id}"));
  });

  it("finds the major parameter like Discord", () => {
    expect(majorParameter("/api/channels/5/messages/6")).toBe("channels/5");
    expect(majorParameter("/api/guilds/7/roles")).toBe("guilds/7");
    expect(majorParameter("/api/webhooks/8/tok/messages/@original")).toBe("webhooks/8/tok");
    expect(majorParameter("/api/users/@me")).toBe("global");
  });

  it("refuses malformed route keys with a clear message", () => {
    expect(() => parseRouteKey("roles")).toThrow(/METHOD \/path/);
    expect(() => parseRouteKey("FETCH /x")).toThrow(/unknown method FETCH/);
  });
});

describe("profiles", () => {
  it("checks custom profiles field by field", () => {
    expect(() => parseRateLimitProfile("fast")).toThrow(/"off", "discord" or "custom"/);
    expect(() => parseRateLimitProfile({ name: "custom", global: { limit: 0, windowMs: 1 } })).toThrow(
      /global.limit/,
    );
    expect(() => parseRateLimitProfile({ name: "custom", default: { limit: 1 } })).toThrow(
      /default.windowMs/,
    );
    expect(() =>
      parseRateLimitProfile({ name: "custom", routes: { nope: { limit: 1, windowMs: 1 } } }),
    ).toThrow(/routes key "nope"/);
  });

  it("discord profile: 50/s global, 5 messages per 5 s per channel", () => {
    const p = discordProfile();
    expect(p.global).toEqual({ limit: 50, windowMs: 1000 });
    expect(p.routes.get(routeKey("POST", "/channels/{channel_id}/messages"))).toEqual({
      limit: 5,
      windowMs: 5000,
    });
  });
});

describe("rate limiter", () => {
  it("is off by default: no headers, never limited", () => {
    const rl = new RateLimiter(new ManualClock());
    for (let i = 0; i < 200; i++) expect(rl.take(msg("1"))).toEqual({ limited: false, headers: {} });
  });

  it("counts down a route bucket, then answers 429 with Remaining 0 and Retry-After", () => {
    const { clock, rl } = manualLimiter({ name: "custom", default: { limit: 2, windowMs: 1500 } });
    const first = rl.take(msg("1"));
    expect(first.headers).toMatchObject({
      "X-RateLimit-Limit": "2",
      "X-RateLimit-Remaining": "1",
      "X-RateLimit-Reset-After": "1.500",
      "X-RateLimit-Reset": ((clock.now() + 1500) / 1000).toFixed(3),
    });
    expect(first.headers["X-RateLimit-Bucket"]).toMatch(/^[0-9a-f]{32}$/);
    expect(rl.take(msg("1")).headers["X-RateLimit-Remaining"]).toBe("0");
    clock.advance(500);
    const third = rl.take(msg("1"));
    expect(third.limited).toBe(true);
    if (!third.limited) return;
    expect(third.headers).toMatchObject({
      "X-RateLimit-Remaining": "0",
      "X-RateLimit-Reset-After": "1.000",
      "X-RateLimit-Scope": "user",
      "Retry-After": "1",
    });
    expect(third.headers["X-RateLimit-Global"]).toBeUndefined();
    expect(third.body).toEqual({
      message: "You are being rate limited.",
      retry_after: 1,
      global: false,
      code: 0,
    });
    clock.advance(1000);
    expect(rl.take(msg("1")).limited).toBe(false);
  });

  it("keeps separate buckets per major parameter and per identity", () => {
    const { rl } = manualLimiter({ name: "custom", default: { limit: 1, windowMs: 1000 } });
    expect(rl.take(msg("1")).limited).toBe(false);
    expect(rl.take(msg("1")).limited).toBe(true);
    expect(rl.take(msg("2")).limited).toBe(false);
    expect(rl.take(msg("1", "bot:2")).limited).toBe(false);
    // Same route, same bucket hash, whatever the channel.
    expect(rl.take(msg("3")).headers["X-RateLimit-Bucket"]).toBe(
      rl.take(msg("4")).headers["X-RateLimit-Bucket"],
    );
  });

  it("applies a route's own limit over the default", () => {
    const { rl } = manualLimiter({
      name: "custom",
      default: { limit: 100, windowMs: 1000 },
      routes: { "POST /channels/{channel_id}/messages": { limit: 1, windowMs: 1000 } },
    });
    rl.take(msg("1"));
    expect(rl.take(msg("1")).limited).toBe(true);
    const other = {
      method: "GET",
      route: "/api/channels/:channelId",
      path: "/api/channels/1",
      identity: "bot:1",
    };
    expect(rl.take(other).headers["X-RateLimit-Limit"]).toBe("100");
  });

  it("enforces the global limit across routes, with the global headers, and not for anonymous callers", () => {
    const { clock, rl } = manualLimiter({ name: "custom", global: { limit: 3, windowMs: 1000 } });
    for (let i = 0; i < 3; i++) expect(rl.take(msg(String(i))).limited).toBe(false);
    clock.advance(250);
    const d = rl.take(msg("9"));
    expect(d.limited).toBe(true);
    if (!d.limited) return;
    expect(d.headers).toMatchObject({
      "X-RateLimit-Global": "true",
      "X-RateLimit-Scope": "global",
      "X-RateLimit-Remaining": "0",
      "Retry-After": "1",
    });
    expect(d.body.global).toBe(true);
    expect(d.body.retry_after).toBe(0.75);
    expect(rl.take(msg("9", null)).limited).toBe(false);
    clock.advance(750);
    expect(rl.take(msg("9")).limited).toBe(false);
  });

  it("a 429 consumes nothing, and switching profile forgets the buckets", () => {
    const { rl } = manualLimiter({
      name: "custom",
      global: { limit: 2, windowMs: 1000 },
      default: { limit: 1, windowMs: 1000 },
    });
    rl.take(msg("1"));
    expect(rl.take(msg("1")).limited).toBe(true); // route-limited: global not consumed
    expect(rl.take(msg("2")).limited).toBe(false); // so the global still has room
    rl.setProfile(parseRateLimitProfile({ name: "custom", default: { limit: 1, windowMs: 1000 } }));
    expect(rl.take(msg("1")).limited).toBe(false);
  });
});

describe("invalid request count", () => {
  it("counts 401, 403 and 429 answers over a sliding 10 minutes", () => {
    const clock = new ManualClock(0);
    const rl = new RateLimiter(clock);
    for (const status of [200, 401, 403, 404, 429, 500]) rl.recordAnswer(status);
    expect(rl.invalidRequestsLast10Minutes()).toBe(3);
    clock.advance(5 * 60_000);
    rl.recordAnswer(403);
    clock.advance(5 * 60_000);
    expect(rl.invalidRequestsLast10Minutes()).toBe(1);
    clock.advance(5 * 60_000);
    expect(rl.invalidRequestsLast10Minutes()).toBe(0);
  });
});
