import type { Fault } from "./faults/fault-injector.ts";
import type { Limit, RateLimitProfileInput } from "./rate-limits/profiles.ts";
import type { RequestLogEntry } from "./request-log/request-log.ts";

export type { Fault, RateLimitProfileInput, RequestLogEntry };

export type FaultInput =
  | { kind: "fail"; route: string; status?: number; code?: number; message?: string; count?: number }
  | { kind: "latency"; route?: string; ms: number; count?: number };

export interface RateLimitProfileView {
  name: "off" | "discord" | "custom";
  global: Limit | null;
  default: Limit | null;
  routes: Record<string, Limit>;
}

/**
 * Typed client for the control routes of rate limits, faults, the request log and OAuth2
 * (`/control/rate-limits`, `/control/faults`, `/control/requests`, `/control/oauth2/...`).
 * Written to merge into the main control client: every method is one HTTP call.
 */
export class LimitsControlClient {
  /** `controlUrl`: the simulator's `urls.control`, e.g. `http://127.0.0.1:PORT/control`. */
  constructor(private readonly controlUrl: string) {}

  /** The profile, plus how many invalid answers (401/403/429) REST gave in the last 10 minutes. */
  getRateLimits(): Promise<RateLimitProfileView & { invalidRequestsLast10Minutes: number }> {
    return this.call("GET", "/rate-limits");
  }

  /** `"off"`, `"discord"` or a custom profile. */
  setRateLimits(profile: RateLimitProfileInput | "off" | "discord"): Promise<RateLimitProfileView> {
    return this.call("PUT", "/rate-limits", typeof profile === "string" ? { name: profile } : profile);
  }

  addFault(fault: FaultInput): Promise<Fault> {
    return this.call("POST", "/faults", fault);
  }

  listFaults(): Promise<Fault[]> {
    return this.call("GET", "/faults");
  }

  removeFault(id: string): Promise<void> {
    return this.call("DELETE", `/faults/${encodeURIComponent(id)}`);
  }

  clearFaults(): Promise<void> {
    return this.call("DELETE", "/faults");
  }

  /** Closes shard `shard`'s gateway connection(s) with a WebSocket close code. */
  closeGatewayShard(shard: number, code: number, reason?: string): Promise<{ closed: number }> {
    return this.call("POST", "/faults/gateway-close", { shard, code, reason });
  }

  requestLog(
    query: { since?: number; limit?: number; method?: string; path?: string } = {},
  ): Promise<RequestLogEntry[]> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.size > 0 ? `?${params}` : "";
    return this.call("GET", `/requests${qs}`);
  }

  clearRequestLog(): Promise<void> {
    return this.call("DELETE", "/requests");
  }

  /** Registers an OAuth2 redirect URI (e.g. a test app's callback on a random port). */
  addRedirectUri(
    uri: string,
    applicationId?: string,
  ): Promise<{ applicationId: string; redirectUris: string[] }> {
    return this.call("POST", "/oauth2/redirect-uris", { uri, applicationId });
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.controlUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`control ${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
