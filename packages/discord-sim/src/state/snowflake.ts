import type { Clock } from "./clock.ts";

export const DISCORD_EPOCH = 1420070400000n;

/** Discord snowflakes: `(ms - DISCORD_EPOCH) << 22 | worker << 17 | process << 12 | increment`, as strings. */
export class SnowflakeGenerator {
  private increment = 0n;
  private last = 0n;
  constructor(
    private readonly clock: Clock,
    private readonly worker = 1n,
  ) {}

  next(): string {
    // Never go backwards and never repeat, even with a frozen test clock: borrow the next ms on overflow.
    let ms = BigInt(this.clock.now()) - DISCORD_EPOCH;
    if (ms < this.last) ms = this.last;
    if (ms > this.last) this.increment = 0n;
    if (this.increment > 0xfffn) {
      ms += 1n;
      this.increment = 0n;
    }
    this.last = ms;
    const id = (ms << 22n) | (this.worker << 17n) | this.increment;
    this.increment += 1n;
    return id.toString();
  }
}

/** The creation time encoded in a snowflake, in ms since the Unix epoch. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

export function isSnowflake(value: unknown): value is string {
  return typeof value === "string" && /^\d{1,20}$/.test(value);
}
