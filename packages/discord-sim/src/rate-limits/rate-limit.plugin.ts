import type { SimPlugin } from "../context.ts";
import { parseOr400 } from "../faults/control-input.ts";
import type { Middleware } from "../http/router.ts";
import { LOCAL_RATE_LIMITED } from "../request-log/request-log.middleware.ts";
import { describeProfile, OFF, parseRateLimitProfile, type RateLimitProfile } from "./profiles.ts";
import { RateLimiter } from "./rate-limiter.ts";

export const RATE_LIMITS_SERVICE = "rate-limits";

/**
 * Discord's rate limits on versioned REST (`/api/vN/...`): headers on every answer of a limited
 * route, 429 when a bucket or the global limit is spent. Interaction callbacks and token webhooks
 * are outside the global limit (no bot identity), as on Discord.
 */
export function rateLimitMiddleware(limiter: RateLimiter): Middleware {
  return async (ctx, next) => {
    if (ctx.surface !== "api" || ctx.version === null || ctx.route === null) return next();
    if (limiter.profile.name === "off") {
      const result = await next();
      limiter.recordAnswer(result.status);
      return result;
    }
    const identity = ctx.auth ? `${ctx.auth.kind}:${ctx.auth.userId}` : null;
    const decision = limiter.take({ method: ctx.method, route: ctx.route, path: ctx.path, identity });
    if (decision.limited) {
      ctx.locals[LOCAL_RATE_LIMITED] = true;
      limiter.recordAnswer(decision.status);
      return { status: decision.status, body: decision.body, headers: decision.headers };
    }
    const result = await next();
    limiter.recordAnswer(result.status);
    return { ...result, headers: { ...decision.headers, ...result.headers } };
  };
}

/**
 * Rate limits with their control routes:
 * `GET /control/rate-limits` → the profile and the count of invalid answers (401/403/429) in the
 * last 10 minutes; `PUT /control/rate-limits` with a profile sets it.
 */
export function rateLimitPlugin(initial: RateLimitProfile = OFF): SimPlugin {
  return {
    name: "rate-limits",
    install(ctx) {
      const limiter = new RateLimiter(ctx.clock);
      limiter.setProfile(initial);
      ctx.services.set(RATE_LIMITS_SERVICE, limiter);
      ctx.router.use(rateLimitMiddleware(limiter));
      ctx.router.add("GET", "/control/rate-limits", () => ({
        status: 200,
        body: {
          ...describeProfile(limiter.profile),
          invalidRequestsLast10Minutes: limiter.invalidRequestsLast10Minutes(),
        },
      }));
      ctx.router.add("PUT", "/control/rate-limits", (req) => {
        limiter.setProfile(parseOr400(() => parseRateLimitProfile(req.body)));
        return { status: 200, body: describeProfile(limiter.profile) };
      });
    },
  };
}
