import type { DatabaseHandle } from "@circles/core";
import { CommunityService } from "@circles/core";
import { createTestDatabase, testDatabaseKind } from "@circles/core/testing";
import { type Simulator, startSimulator } from "@circles/discord-sim";
import { ControlClient } from "@circles/discord-sim/client";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_PERMISSION_BITS } from "../src/discord/bot-invite.ts";
import { RIGHTS_MAX_AGE_MS } from "../src/plugins/auth.ts";
import { SESSION_COOKIE, SESSION_LIFETIME_MS, SessionCodec } from "../src/session/session-cookie.ts";
import { buildApi } from "../src/start.ts";
import { PUBLIC_URL, TEST_AUTH, TestClock } from "./helpers.ts";

// The real login, end to end, against the local Discord: our /api/auth/login, the simulator's
// authorize page (login_as), our callback exchanging the code (state and PKCE checked), then Discord's
// /users/@me, /users/@me/guilds and /users/@me/guilds/{g}/member read with the person's token.

let sim: Simulator;
let control: ControlClient;
let database: DatabaseHandle;
let api: FastifyInstance;
const clock = new TestClock(Date.now());
const codec = new SessionCodec(TEST_AUTH.sessionSecret);

const user = (username: string) => [...sim.state.users.values()].find((u) => u.username === username)!;
const role = (name: string) => sim.state.rolesOf(sim.guildId).find((r) => r.name === name)!;

beforeAll(async () => {
  sim = await startSimulator({ seed: "demo" });
  control = new ControlClient(sim.urls.control);
  await control.addRedirectUri(`${PUBLIC_URL}/api/auth/callback`);
  database = await createTestDatabase();
  await new CommunityService(database.db).register({ guildId: sim.guildId, name: "JuniorDev SG" });
  api = await buildApi({
    database,
    logLevel: "silent",
    now: clock.now,
    auth: {
      ...TEST_AUTH,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      discordApiUrl: sim.urls.api,
    },
  });
});
afterAll(async () => {
  await api?.close();
  await database?.close();
  await sim?.close();
});

const cookieHeader = (cookies: Array<{ name: string; value: string }>) =>
  cookies.map((c) => `${c.name}=${c.value}`).join("; ");

/** Logs in as a simulator user; returns the session cookie and where the callback sent the browser. */
async function login(userId: string) {
  const start = await api.inject({ method: "GET", url: "/api/auth/login" });
  expect(start.statusCode).toBe(302);
  const authorize = new URL(start.headers.location as string);
  expect(`${authorize.origin}${authorize.pathname}`).toBe(
    `${new URL(sim.urls.api).origin}/api/oauth2/authorize`,
  );
  expect(authorize.searchParams.get("scope")).toBe("identify guilds guilds.members.read");
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  authorize.searchParams.set("login_as", userId);
  const granted = await fetch(authorize, { redirect: "manual" });
  expect(granted.status).toBe(302);
  const back = new URL(granted.headers.get("location")!);
  const callback = await api.inject({
    method: "GET",
    url: `${back.pathname}${back.search}`,
    headers: { cookie: cookieHeader(start.cookies) },
  });
  const session = callback.cookies.find((c) => c.name === SESSION_COOKIE);
  return {
    callback,
    session,
    cookie: session ? `${SESSION_COOKIE}=${session.value}` : "",
    startCookies: start.cookies,
    back,
  };
}

const me = (cookie: string) => api.inject({ method: "GET", url: "/api/me", headers: { cookie } });

describe(`login with Discord through the simulator (${testDatabaseKind()})`, () => {
  it("logs an organiser (MANAGE_GUILD) in with a secure session cookie and lists their community", async () => {
    const organiser = user("mei_ling_tan");
    const { callback, session, cookie } = await login(organiser.id);
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe(`${PUBLIC_URL}/`);
    expect(session).toMatchObject({
      httpOnly: true,
      sameSite: "Lax",
      path: "/",
      maxAge: SESSION_LIFETIME_MS / 1000,
    });
    expect(session?.secure).toBeFalsy(); // PUBLIC_URL is http here
    const response = await me(cookie);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      user: { id: organiser.id, name: "Mei Ling Tan" },
      organises: [{ guildId: sim.guildId, name: "JuniorDev SG" }],
    });
    const cohorts = await api.inject({
      method: "GET",
      url: `/api/communities/${sim.guildId}/cohorts`,
      headers: { cookie },
    });
    expect(cohorts.statusCode).toBe(200);
  });

  it("lets a plain member in but organise nothing: /api/me says so and community routes answer 403", async () => {
    const { cookie } = await login(user("ethan_chua").id);
    expect((await me(cookie)).json().organises).toEqual([]);
    const refused = await api.inject({
      method: "GET",
      url: `/api/communities/${sim.guildId}/cohorts`,
      headers: { cookie },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toMatch(/not an organiser of this community/);
  });

  it("makes a holder of the community's organiser role an organiser, and drops them within 10 minutes of losing it", async () => {
    const mentors = role("Mentors");
    await new CommunityService(database.db).updateSettings(
      sim.guildId,
      { organiserRoleId: mentors.id },
      { userId: null },
    );
    const mentor = user("wei_jie_lim");
    const { cookie } = await login(mentor.id);
    expect((await me(cookie)).json().organises).toEqual([{ guildId: sim.guildId, name: "JuniorDev SG" }]);

    await control.updateMember(sim.guildId, mentor.id, { roles: [] });
    clock.advance(RIGHTS_MAX_AGE_MS - 1);
    expect((await me(cookie)).json().organises).toHaveLength(1); // not rechecked yet
    clock.advance(1); // exactly ten minutes: read again
    const rechecked = await me(cookie);
    expect(rechecked.json().organises).toEqual([]);
    const renewed = rechecked.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(codec.open(renewed.value, clock.now())?.checkedAt).toBe(clock.now());
    // The renewed cookie ends when the session does, not a full lifetime later.
    expect(renewed.maxAge).toBe(SESSION_LIFETIME_MS / 1000 - RIGHTS_MAX_AGE_MS / 1000);
    await control.updateMember(sim.guildId, mentor.id, { roles: [mentors.id] });
  });

  it("offers the bot's invite link for a guild the person manages where the bot is not", async () => {
    const organiser = user("arjun_pillai");
    const other = await control.createGuild({ name: "Side Project", ownerId: organiser.id, addBot: false });
    const { cookie } = await login(organiser.id);
    const { invitable } = (await me(cookie)).json();
    expect(invitable).toEqual([{ guildId: other.id, name: "Side Project", inviteUrl: expect.any(String) }]);
    const invite = new URL(invitable[0].inviteUrl);
    expect(invite.searchParams.get("client_id")).toBe(sim.clientId);
    expect(invite.searchParams.get("scope")).toBe("bot applications.commands");
    expect(invite.searchParams.get("permissions")).toBe(BOT_PERMISSION_BITS.toString());
  });

  it("logs out: revokes the Discord token and clears the cookie; a later recheck of a revoked token ends the session", async () => {
    const { cookie } = await login(user("siti_nurhaliza").id);
    const token = codec.open(cookie.slice(SESSION_COOKIE.length + 1), clock.now())!.accessToken;
    const bearer = { authorization: `Bearer ${token}` };
    expect((await fetch(`${sim.urls.api}/v10/users/@me`, { headers: bearer })).status).toBe(200);
    const out = await api.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: { cookie, origin: PUBLIC_URL },
    });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({ value: "" });
    expect((await fetch(`${sim.urls.api}/v10/users/@me`, { headers: bearer })).status).toBe(401);

    // A copy of the old cookie still decrypts until its rights are rechecked, which then fails.
    clock.advance(RIGHTS_MAX_AGE_MS + 1);
    const stale = await me(cookie);
    expect(stale.statusCode).toBe(401);
    expect(stale.cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({ value: "" });
  });

  it("refuses a callback whose state does not match the browser's, and a denied consent", async () => {
    // A good login first, so the refusals below are about the state and the consent only.
    const first = await login(user("priya_raman").id);
    expect((await me(first.cookie)).json()).toMatchObject({ user: { id: user("priya_raman").id } });
    const start = await api.inject({ method: "GET", url: "/api/auth/login" });
    const authorize = new URL(start.headers.location as string);
    authorize.searchParams.set("login_as", user("daniel_ong").id);
    const granted = await fetch(authorize, { redirect: "manual" });
    const back = new URL(granted.headers.get("location")!);
    back.searchParams.set("state", "forged");
    const forged = await api.inject({
      method: "GET",
      url: `${back.pathname}${back.search}`,
      headers: { cookie: cookieHeader(start.cookies) },
    });
    expect(forged.statusCode).toBe(302);
    expect(forged.headers.location).toBe(`${PUBLIC_URL}/?login_error=invalid_state`);
    expect(forged.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();

    const denied = await api.inject({ method: "GET", url: "/api/auth/callback?error=access_denied&state=x" });
    expect(denied.headers.location).toBe(`${PUBLIC_URL}/?login_error=access_denied`);
  });

  it("rate-limits the login: the 11th start within a minute answers 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push(
        (await api.inject({ method: "GET", url: "/api/auth/login", remoteAddress: "10.9.9.9" })).statusCode,
      );
    expect(statuses.slice(0, 10).every((s) => s === 302)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
