import { STATUS_CODES } from "node:http";
import { parseRouteKey } from "../rate-limits/route-key.ts";
import { optionalInt, requireObject } from "./control-input.ts";

/** Answer the next `remaining` requests of a route with an error instead of handling them. */
export interface FailFault {
  id: string;
  kind: "fail";
  /** `routeKey()` spelling, e.g. `POST /channels/*\/messages`. */
  route: string;
  status: number;
  code: number;
  message: string;
  remaining: number;
}

/** Delay requests of a route (or every REST request when `route` is null). */
export interface LatencyFault {
  id: string;
  kind: "latency";
  route: string | null;
  ms: number;
  /** How many more requests to delay; null: until cleared. */
  remaining: number | null;
}

export type Fault = FailFault | LatencyFault;

export interface FaultHit {
  /** Total delay to apply before answering. */
  delayMs: number;
  /** The fault that answers instead of the handler, if any. */
  fail: FailFault | null;
  /** Ids of the faults that applied. */
  ids: string[];
}

/** Holds the injected faults; `hit` consumes them for one request. */
export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  /** Checks a fault a person sent (control API) and adds it; throws TypeError with the reason. */
  add(input: unknown): Fault {
    const o = requireObject(input, "fault");
    const id = `f${this.nextId++}`;
    if (o.kind === "fail") {
      const status = optionalInt(o.status, "status", 400, 599) ?? 500;
      const message = o.message === undefined ? `${status}: ${STATUS_CODES[status] ?? "Error"}` : o.message;
      if (typeof message !== "string" || message.length === 0)
        throw new TypeError("message must be a non-empty string");
      const fault: FailFault = {
        id,
        kind: "fail",
        route: parseRouteKey(o.route),
        status,
        code: optionalInt(o.code, "code", 0, 999_999) ?? 0,
        message,
        remaining: optionalInt(o.count, "count", 1, 100_000) ?? 1,
      };
      this.faults.push(fault);
      return fault;
    }
    if (o.kind === "latency") {
      const ms = optionalInt(o.ms, "ms", 0, 60_000);
      if (ms === undefined) throw new TypeError("ms is required: the delay in milliseconds (0 to 60000)");
      const fault: LatencyFault = {
        id,
        kind: "latency",
        route: o.route === undefined || o.route === null ? null : parseRouteKey(o.route),
        ms,
        remaining: optionalInt(o.count, "count", 1, 100_000) ?? null,
      };
      this.faults.push(fault);
      return fault;
    }
    throw new TypeError(`kind must be "fail" or "latency"; got ${JSON.stringify(o.kind)}`);
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  /** The faults that apply to a request of `routeKey`, consumed by one; null when none do. */
  hit(routeKey: string): FaultHit | null {
    if (this.faults.length === 0) return null;
    let delayMs = 0;
    let fail: FailFault | null = null;
    const ids: string[] = [];
    for (const f of this.faults) {
      if (f.kind === "latency" && (f.route === null || f.route === routeKey)) {
        delayMs += f.ms;
        ids.push(f.id);
        if (f.remaining !== null) f.remaining--;
      } else if (f.kind === "fail" && !fail && f.route === routeKey) {
        fail = f;
        ids.push(f.id);
        f.remaining--;
      }
    }
    if (ids.length === 0) return null;
    this.faults = this.faults.filter((f) => f.remaining === null || f.remaining > 0);
    return { delayMs, fail: fail ? { ...fail } : null, ids };
  }
}
