import { ManualClock } from "../state/clock.ts";
import { parseRateLimitProfile } from "./profiles.ts";
import { RateLimiter } from "./rate-limiter.ts";

/** For tests: a rate limiter with the given profile on a manual clock. */
export function manualLimiter(profile: unknown) {
  const clock = new ManualClock(1_700_000_000_000);
  const rl = new RateLimiter(clock);
  rl.setProfile(parseRateLimitProfile(profile));
  return { clock, rl };
}
