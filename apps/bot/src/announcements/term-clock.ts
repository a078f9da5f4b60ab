/** The time the term's scheduler and `/session` go by; tests pass a clock they move by hand. */
export interface TermClock {
  now(): number;
}

export const systemTermClock: TermClock = { now: () => Date.now() };
