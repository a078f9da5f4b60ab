import { describe, expect, it } from "vitest";
import { ManualClock } from "../state/clock.ts";
import { redactSecrets } from "./request-log.middleware.ts";
import { RequestLog, type RequestLogEntry } from "./request-log.ts";

const entry = (method: string, path: string): Omit<RequestLogEntry, "seq" | "at"> => ({
  method,
  path,
  query: "",
  route: path,
  status: 200,
  durationMs: 1,
  auth: "bot",
  body: undefined,
  rateLimited: false,
  fault: null,
});

describe("request log", () => {
  it("numbers entries, stamps them with the clock and filters them", () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const log = new RequestLog(clock);
    log.record(entry("GET", "/api/guilds/1/roles"));
    clock.advance(1000);
    log.record(entry("POST", "/api/channels/2/messages"));
    log.record(entry("POST", "/api/guilds/1/roles"));
    expect(log.list().map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(log.list()[1]?.at).toBe("2026-01-01T00:00:01.000Z");
    expect(log.list({ since: 1 }).map((e) => e.seq)).toEqual([2, 3]);
    expect(log.list({ method: "post", pathContains: "/roles" }).map((e) => e.seq)).toEqual([3]);
    expect(log.list({ limit: 1 }).map((e) => e.seq)).toEqual([3]);
  });

  it("keeps only the newest entries past its capacity", () => {
    const log = new RequestLog(new ManualClock(), 10);
    for (let i = 0; i < 25; i++) log.record(entry("GET", `/api/x/${i}`));
    const seqs = log.list().map((e) => e.seq);
    expect(seqs).toHaveLength(10);
    expect(seqs.at(-1)).toBe(25);
    log.clear();
    expect(log.list()).toEqual([]);
  });
});

describe("request log redaction", () => {
  it("hides OAuth2 secrets and grants but keeps the other fields", () => {
    expect(
      redactSecrets({
        grant_type: "authorization_code",
        code: "abc",
        client_secret: "s",
        redirect_uri: "http://x",
      }),
    ).toEqual({
      grant_type: "authorization_code",
      code: "[redacted]",
      client_secret: "[redacted]",
      redirect_uri: "http://x",
    });
    expect(redactSecrets(undefined)).toBeUndefined();
  });
});
