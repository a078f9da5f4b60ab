import { describe, expect, it } from "vitest";
import { routeKey } from "../rate-limits/route-key.ts";
import { FaultInjector } from "./fault-injector.ts";

const MSG = routeKey("POST", "/api/channels/:channelId/messages");
const ROLE = routeKey("POST", "/api/guilds/:guildId/roles");

describe("fault injector", () => {
  it("fails the next N requests of a route, then lets them through", () => {
    const f = new FaultInjector();
    const fault = f.add({
      kind: "fail",
      route: "POST /channels/{channel_id}/messages",
      status: 502,
      count: 2,
    });
    expect(fault).toMatchObject({ status: 502, code: 0, message: "502: Bad Gateway", remaining: 2 });
    expect(f.hit(ROLE)).toBeNull();
    expect(f.hit(MSG)?.fail?.status).toBe(502);
    expect(f.hit(MSG)?.fail?.id).toBe(fault.id);
    expect(f.hit(MSG)).toBeNull();
    expect(f.list()).toEqual([]);
  });

  it("carries a Discord error code and message", () => {
    const f = new FaultInjector();
    f.add({
      kind: "fail",
      route: "POST /guilds/{guild_id}/roles",
      status: 403,
      code: 50013,
      message: "Missing Permissions",
    });
    expect(f.hit(ROLE)?.fail).toMatchObject({ status: 403, code: 50013, message: "Missing Permissions" });
  });

  it("adds latency to one route or to all, limited or until cleared", () => {
    const f = new FaultInjector();
    f.add({ kind: "latency", ms: 30 });
    f.add({ kind: "latency", route: "POST /channels/{channel_id}/messages", ms: 20, count: 1 });
    expect(f.hit(MSG)?.delayMs).toBe(50);
    expect(f.hit(MSG)?.delayMs).toBe(30);
    expect(f.hit(ROLE)?.delayMs).toBe(30);
    f.clear();
    expect(f.hit(ROLE)).toBeNull();
  });

  it("removes one fault by id", () => {
    const f = new FaultInjector();
    const a = f.add({ kind: "latency", ms: 1 });
    expect(f.remove(a.id)).toBe(true);
    expect(f.remove(a.id)).toBe(false);
  });

  it("refuses bad input with the reason", () => {
    const f = new FaultInjector();
    expect(() => f.add({ kind: "explode" })).toThrow(/kind must be "fail" or "latency"/);
    expect(() => f.add({ kind: "fail", route: "POST /x", status: 200 })).toThrow(
      /status must be an integer from 400 to 599/,
    );
    expect(() => f.add({ kind: "fail", route: "/x" })).toThrow(/METHOD \/path/);
    expect(() => f.add({ kind: "fail", route: "GET /x", count: 0 })).toThrow(/count/);
    expect(() => f.add({ kind: "latency" })).toThrow(/ms is required/);
    expect(() => f.add([])).toThrow(/JSON object/);
  });
});
