// Both sides of every time window the simulator keeps, on its injectable clock: one millisecond
// inside the window works, one millisecond outside does not.
import { DiscordAPIError, REST } from "@discordjs/rest";
import { Routes } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TIMINGS } from "../src/context.ts";
import { ControlClient } from "../src/control-client.ts";
import { ACCESS_TOKEN_TTL_S, CODE_TTL_MS } from "../src/oauth/oauth-service.ts";
import { oauthWorld } from "../src/oauth/oauth-world.fixture.ts";
import { manualLimiter } from "../src/rate-limits/manual-limiter.fixture.ts";
import type { RateLimitRequest } from "../src/rate-limits/rate-limiter.ts";
import { type Simulator, startSimulator } from "../src/server.ts";
import { ManualClock } from "../src/state/clock.ts";

// Written out, not read from the code, so a changed window fails here.
const FIRST_RESPONSE_MS = 3_000;
const FOLLOW_UP_MS = 15 * 60_000;
const OAUTH_CODE_MS = 10 * 60_000;
const ACCESS_TOKEN_MS = 7 * 24 * 3_600_000;

async function code(call: Promise<unknown>): Promise<number> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DiscordAPIError))
    throw new Error(`expected a DiscordAPIError, got ${String(error)}`);
  return Number(error.code);
}

describe("interaction windows (REST, manual clock)", () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 1));
  let sim: Simulator;
  let rest: REST;
  let control: ControlClient;
  let channelId: string;
  let userId: string;

  beforeAll(async () => {
    sim = await startSimulator({ seed: "demo", clock });
    rest = new REST({ api: sim.urls.api, retries: 0 }).setToken(sim.botToken);
    control = new ControlClient(sim.urls.control);
    await control.setRateLimits("off");
    channelId = sim.state.channelsOf(sim.guildId).find((c) => c.name === "general")!.id;
    const bot = sim.state.applications.get(sim.applicationId)!.bot_user_id;
    userId = sim.state.membersOf(sim.guildId).find((m) => m.user_id !== bot)!.user_id;
    await rest.put(Routes.applicationGuildCommands(sim.applicationId, sim.guildId), {
      body: [{ name: "ping", description: "Ping" }],
    });
  });
  afterAll(async () => {
    await sim?.close();
  });

  const command = () => control.runCommand({ guildId: sim.guildId, channelId, userId, name: "ping" });
  const callback = (id: string, token: string, body: unknown) =>
    rest.post(Routes.interactionCallback(id, token), { body, auth: false });
  const followUp = (token: string) =>
    rest.post(Routes.webhook(sim.applicationId, token), { body: { content: "follow-up" }, auth: false });

  it("uses the windows written here", () => {
    expect(DEFAULT_TIMINGS).toMatchObject({
      interactionResponseMs: FIRST_RESPONSE_MS,
      interactionTokenMs: FOLLOW_UP_MS,
    });
  });

  it("takes the first response at exactly 3 s, and kills the interaction 1 ms later (10062)", async () => {
    const inTime = await command();
    clock.advance(FIRST_RESPONSE_MS);
    await callback(inTime.interactionId, inTime.token, { type: 4, data: { content: "just in time" } });
    expect(sim.state.interactions.get(inTime.interactionId)?.stage).not.toBe("pending");

    const late = await command();
    clock.advance(FIRST_RESPONSE_MS + 1);
    expect(await code(callback(late.interactionId, late.token, { type: 4, data: { content: "late" } }))).toBe(
      10062,
    );
  });

  it("a deferred interaction outlives the first-response window: a second answer is 40060, not 10062", async () => {
    const deferred = await command();
    await callback(deferred.interactionId, deferred.token, { type: 5 });
    clock.advance(FIRST_RESPONSE_MS + 1);
    await followUp(deferred.token);
    expect(
      await code(callback(deferred.interactionId, deferred.token, { type: 4, data: { content: "x" } })),
    ).toBe(40060);
  });

  it("knows an interaction only by its id with its own token, and follow-ups only under its application", async () => {
    const one = await command();
    const other = await command();
    expect(await code(callback(one.interactionId, other.token, { type: 5 }))).toBe(10062);
    await callback(one.interactionId, one.token, { type: 5 });
    const wrongApp = rest.post(Routes.webhook("123456789012345678", one.token), {
      body: { content: "x" },
      auth: false,
    });
    expect(await code(wrongApp)).toBe(10015);
    expect(await code(followUp("no-such-token"))).toBe(10015);
  });

  it("takes follow-ups until exactly 15 min, and answers 50027 1 ms later", async () => {
    const a = await command();
    await callback(a.interactionId, a.token, { type: 5 });
    const b = await command();
    await callback(b.interactionId, b.token, { type: 5 });
    clock.advance(FOLLOW_UP_MS);
    await followUp(a.token);
    await rest.patch(Routes.webhookMessage(sim.applicationId, a.token, "@original"), {
      body: { content: "edited at the edge" },
      auth: false,
    });
    clock.advance(1);
    const late = await followUp(b.token).catch((e: unknown) => e);
    expect(late).toMatchObject({ code: 50027, status: 401, message: "Invalid Webhook Token" });
    expect(
      await code(
        rest.patch(Routes.webhookMessage(sim.applicationId, b.token, "@original"), {
          body: { content: "too late" },
          auth: false,
        }),
      ),
    ).toBe(50027);
  });
});

describe("OAuth windows", () => {
  function setup() {
    const { clock, oauth, redirect, creds, code, person } = oauthWorld();
    const exchange = (c: string) =>
      oauth.token({ grant_type: "authorization_code", code: c, redirect_uri: redirect }, creds);
    return { clock, oauth, issue: () => code(), exchange, person };
  }

  it("uses the windows written here", () => {
    expect(CODE_TTL_MS).toBe(OAUTH_CODE_MS);
    expect(ACCESS_TOKEN_TTL_S * 1000).toBe(ACCESS_TOKEN_MS);
  });

  it("exchanges a code 1 ms before 10 min, and not at 10 min", () => {
    const { clock, issue, exchange } = setup();
    const [inTime, late] = [issue(), issue()];
    clock.advance(OAUTH_CODE_MS - 1);
    expect(exchange(inTime).token_type).toBe("Bearer");
    clock.advance(1);
    expect(() => exchange(late)).toThrow(expect.objectContaining({ error: "invalid_grant", status: 400 }));
  });

  it("honours an access token 1 ms before 7 days, and not at 7 days", () => {
    const { clock, oauth, issue, exchange, person } = setup();
    const token = exchange(issue()).access_token;
    clock.advance(ACCESS_TOKEN_MS - 1);
    expect(oauth.bearer(token)?.user_id).toBe(person.id);
    clock.advance(1);
    expect(oauth.bearer(token)).toBeNull();
  });
});

describe("rate-limit windows", () => {
  const post = (identity = "bot:1"): RateLimitRequest => ({
    method: "POST",
    route: "/api/channels/:channelId/messages",
    path: "/api/channels/5/messages",
    identity,
  });
  const get = (identity = "bot:1"): RateLimitRequest => ({
    method: "GET",
    route: "/api/guilds/:guildId",
    path: "/api/guilds/7",
    identity,
  });

  it("a route bucket stays empty until 1 ms before its window ends, and refills at its end", () => {
    const { clock, rl } = manualLimiter({ name: "custom", default: { limit: 2, windowMs: 1000 } });
    expect(rl.take(post()).limited).toBe(false);
    expect(rl.take(post()).limited).toBe(false);
    clock.advance(999);
    expect(rl.take(post())).toMatchObject({ limited: true, body: { retry_after: 0.001, global: false } });
    clock.advance(1);
    expect(rl.take(post()).limited).toBe(false);
  });

  it("the global window: refused 1 ms before it ends, open at its end", () => {
    const { clock, rl } = manualLimiter({ name: "custom", global: { limit: 2, windowMs: 1000 } });
    expect(rl.take(post()).limited).toBe(false);
    expect(rl.take(get()).limited).toBe(false);
    clock.advance(999);
    expect(rl.take(get())).toMatchObject({ limited: true, body: { global: true } });
    clock.advance(1);
    expect(rl.take(get()).limited).toBe(false);
  });

  it("counts an invalid answer for 10 min less 1 ms, and forgets it at 10 min", () => {
    const { clock, rl } = manualLimiter("off");
    rl.recordAnswer(403);
    rl.recordAnswer(200);
    clock.advance(10 * 60_000 - 1);
    expect(rl.invalidRequestsLast10Minutes()).toBe(1);
    clock.advance(1);
    expect(rl.invalidRequestsLast10Minutes()).toBe(0);
  });
});
