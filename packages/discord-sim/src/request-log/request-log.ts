import type { Clock } from "../state/clock.ts";

/** One REST call as the simulator saw it. */
export interface RequestLogEntry {
  /** Increases by one per entry; pass the last one seen as `since` to read only newer entries. */
  seq: number;
  /** ISO time from the simulator's clock. */
  at: string;
  method: string;
  /** Decoded path, `/api/vN` folded to `/api`. */
  path: string;
  query: string;
  /** The matched route pattern, or null (answered 404). */
  route: string | null;
  status: number;
  durationMs: number;
  auth: "bot" | "bearer" | null;
  /** The parsed request body, if any. */
  body: unknown;
  /** Answered by the rate limiter (429). */
  rateLimited: boolean;
  /** The id of the injected fault that answered or delayed it, if any. */
  fault: string | null;
}

export interface RequestLogQuery {
  since?: number;
  limit?: number;
  method?: string;
  /** A substring of the path, e.g. `/roles`. */
  pathContains?: string;
}

/** A bounded log: the oldest entries drop off past `capacity`. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private nextSeq = 1;

  constructor(
    private readonly clock: Clock,
    private readonly capacity = 10_000,
  ) {}

  record(entry: Omit<RequestLogEntry, "seq" | "at">): RequestLogEntry {
    const full = { seq: this.nextSeq++, at: new Date(this.clock.now()).toISOString(), ...entry };
    this.entries.push(full);
    // Trim in chunks so that a full log does not shift the array on every request.
    if (this.entries.length > this.capacity * 1.1) this.entries = this.entries.slice(-this.capacity);
    return full;
  }

  list(query: RequestLogQuery = {}): RequestLogEntry[] {
    const method = query.method?.toUpperCase();
    const visible = this.entries.length > this.capacity ? this.entries.slice(-this.capacity) : this.entries;
    const out = visible.filter(
      (e) =>
        (query.since === undefined || e.seq > query.since) &&
        (method === undefined || e.method === method) &&
        (query.pathContains === undefined || e.path.includes(query.pathContains)),
    );
    return query.limit === undefined ? out : out.slice(-query.limit);
  }

  clear(): void {
    this.entries = [];
  }
}
