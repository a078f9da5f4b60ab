import type { SimPlugin } from "./context.ts";
import { faultsPlugin } from "./faults/faults.plugin.ts";
import { oauthPlugin } from "./oauth/oauth.plugin.ts";
import type { RateLimitProfile } from "./rate-limits/profiles.ts";
import { rateLimitPlugin } from "./rate-limits/rate-limit.plugin.ts";
import { requestLogPlugin } from "./request-log/request-log.plugin.ts";

/**
 * Request log, rate limits, faults and OAuth2, in middleware order: the log first so that it
 * records what the rate limiter and the faults answer.
 */
export function limitsPlugins(options: { rateLimits?: RateLimitProfile } = {}): SimPlugin[] {
  return [requestLogPlugin(), rateLimitPlugin(options.rateLimits), faultsPlugin(), oauthPlugin()];
}
