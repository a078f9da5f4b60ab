import { DiscordAPIError, HTTPError, type RateLimitData, REST } from "@discordjs/rest";
import { Routes } from "discord-api-types/v10";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../src/state/clock.ts";
import { simulatorForTests } from "./simulator-fixture.ts";

const demo = simulatorForTests({ seed: "demo" });
afterEach(async () => {
  await demo.control.setRateLimits("off");
  await demo.control.clearFaults();
});

function client() {
  const rest = new REST({ api: demo.sim.urls.api, retries: 3 }).setToken(demo.sim.botToken);
  const limited: RateLimitData[] = [];
  rest.on("rateLimited", (info) => limited.push(info));
  return { rest, limited };
}

/** Spends a bucket from outside the client, so the client meets a 429 it could not foresee. */
const raw = (path: string) =>
  fetch(`${demo.sim.urls.api}/v10${path}`, { headers: { authorization: `Bot ${demo.sim.botToken}` } });

describe("@discordjs/rest against the simulator's rate limits", () => {
  it("sends no rate-limit headers while the profile is off", async () => {
    const res = await raw(Routes.gatewayBot());
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ratelimit-limit")).toBeNull();
  });

  it("waits on a route 429 (rateLimited fires) and succeeds after", async () => {
    await demo.control.setRateLimits({
      name: "custom",
      routes: { "GET /gateway/bot": { limit: 1, windowMs: 400 } },
    });
    const since = (await demo.control.requestLog()).at(-1)?.seq ?? 0;
    expect((await raw(Routes.gatewayBot())).headers.get("x-ratelimit-remaining")).toBe("0");
    const { rest, limited } = client();
    const body = (await rest.get(Routes.gatewayBot())) as { url: string };
    expect(body.url).toBe(demo.sim.urls.gateway);
    expect(limited).toHaveLength(1);
    expect(limited[0]).toMatchObject({ global: false, scope: "user", limit: 1 });
    const log = await demo.control.requestLog({ since, path: "/gateway/bot" });
    expect(log.map((e) => [e.status, e.rateLimited])).toEqual([
      [200, false],
      [429, true],
      [200, false],
    ]);
  });

  it("waits on the global limit (X-RateLimit-Global) and succeeds after", async () => {
    await demo.control.setRateLimits({ name: "custom", global: { limit: 2, windowMs: 400 } });
    await raw(Routes.gatewayBot());
    await raw(Routes.gatewayBot());
    const spent = await raw(Routes.gatewayBot());
    expect(spent.status).toBe(429);
    expect(spent.headers.get("x-ratelimit-global")).toBe("true");
    expect(spent.headers.get("x-ratelimit-scope")).toBe("global");
    expect(await spent.json()).toMatchObject({ global: true, message: "You are being rate limited." });
    const { rest, limited } = client();
    await expect(rest.get(Routes.gatewayBot())).resolves.toMatchObject({ shards: 1 });
    expect(limited.some((l) => l.global)).toBe(true);
  });
});

describe("the discord profile", () => {
  // Its own simulator on a clock that stands still: six requests in one 5 s window however slow the machine.
  const still = simulatorForTests({ seed: "demo", clock: new ManualClock() });

  it("limits messages to 5 per 5 s per channel, with one bucket hash across channels", async () => {
    await still.control.setRateLimits("discord");
    const a = still.sim.state.createChannel(still.sim.guildId, { type: 0, name: "limits-a" });
    const b = still.sim.state.createChannel(still.sim.guildId, { type: 0, name: "limits-b" });
    const post = (channelId: string) =>
      fetch(`${still.sim.urls.api}/v10/channels/${channelId}/messages`, {
        method: "POST",
        headers: { authorization: `Bot ${still.sim.botToken}`, "content-type": "application/json" },
        body: JSON.stringify({ content: "hello" }),
      });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await post(a.id));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers[0]?.headers.get("x-ratelimit-limit")).toBe("5");
    expect(answers[4]?.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(answers[5]?.headers.get("retry-after")).toMatch(/^[1-5]$/);
    const other = await post(b.id);
    expect(other.status).toBe(200);
    expect(other.headers.get("x-ratelimit-bucket")).toBe(answers[0]?.headers.get("x-ratelimit-bucket"));
    const view = await still.control.getRateLimits();
    expect(view.global).toEqual({ limit: 50, windowMs: 1000 });
    expect(view.invalidRequestsLast10Minutes).toBeGreaterThanOrEqual(1); // at least our 429
  });
});

describe("@discordjs/rest against injected faults", () => {
  it("retries a 5xx and succeeds once the fault is spent", async () => {
    await demo.control.addFault({ kind: "fail", route: "GET /gateway/bot", status: 502, count: 2 });
    const since = (await demo.control.requestLog()).at(-1)?.seq ?? 0;
    const { rest } = client();
    await expect(rest.get(Routes.gatewayBot())).resolves.toMatchObject({ shards: 1 });
    const log = await demo.control.requestLog({ since, path: "/gateway/bot" });
    expect(log.map((e) => e.status)).toEqual([502, 502, 200]);
    expect(log[0]?.fault).toMatch(/^f\d+$/);
    expect(await demo.control.listFaults()).toEqual([]);
  });

  it("gives up after 1 + 3 tries with HTTPError, then works again", async () => {
    await demo.control.addFault({ kind: "fail", route: "GET /gateway/bot", status: 500, count: 4 });
    const { rest } = client();
    const error = await rest.get(Routes.gatewayBot()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HTTPError);
    expect((error as HTTPError).status).toBe(500);
    await expect(rest.get(Routes.gatewayBot())).resolves.toMatchObject({ shards: 1 });
  });

  it("throws DiscordAPIError with the code on a 4xx (injected and real)", async () => {
    await demo.control.addFault({
      kind: "fail",
      route: "GET /gateway/bot",
      status: 403,
      code: 50013,
      message: "Missing Permissions",
    });
    const { rest } = client();
    const injected = await rest.get(Routes.gatewayBot()).catch((e: unknown) => e);
    expect(injected).toBeInstanceOf(DiscordAPIError);
    expect(injected).toMatchObject({ code: 50013, status: 403, message: "Missing Permissions" });
    const real = await rest.get(Routes.guildRoles("1")).catch((e: unknown) => e);
    expect(real).toBeInstanceOf(DiscordAPIError);
    expect((real as DiscordAPIError).code).toBe(10004);
  });

  it("adds latency to one route", async () => {
    await demo.control.addFault({ kind: "latency", route: "GET /gateway/bot", ms: 120, count: 1 });
    const since = (await demo.control.requestLog()).at(-1)?.seq ?? 0;
    await raw(Routes.gatewayBot());
    await raw(Routes.gatewayBot());
    const [slow, fast] = await demo.control.requestLog({ since });
    expect(slow?.fault).toBeTruthy();
    // The delay is injected with a timer: at least the requested milliseconds (minus timer rounding).
    expect(slow?.durationMs).toBeGreaterThanOrEqual(115);
    expect(fast?.fault).toBeNull();
  });

  it("refuses bad control input with the reason", async () => {
    const res = await fetch(`${demo.sim.urls.control}/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "fail", route: "GET /gateway/bot", status: 200 }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /status must be an integer from 400 to 599/,
    );
    await expect(
      demo.control.setRateLimits({ name: "custom", global: { limit: 0, windowMs: 1 } }),
    ).rejects.toThrow(/global.limit/);
  });
});
