import fastifyCookie from "@fastify/cookie";
import { fastifyOauth2, type OAuth2Namespace } from "@fastify/oauth2";
import { PermissionFlagsBits } from "discord-api-types/v10";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CODE_TTL_MS } from "../src/oauth/oauth-service.ts";
import { type Simulator, startSimulator } from "../src/server.ts";
import { ManualClock } from "../src/state/clock.ts";

declare module "fastify" {
  interface FastifyInstance {
    discordOAuth2: OAuth2Namespace;
  }
}

const clock = new ManualClock(Date.now());
let sim: Simulator;
let origin: string;

/** A dashboard-like fastify app using @fastify/oauth2's Discord configuration against the simulator. */
async function startApp(opts: { secret?: string; scope?: string[] } = {}) {
  const app: FastifyInstance = Fastify();
  // Listen first so the callback URI (random port) is known; routes are added through a plugin before ready.
  let base = "";
  await app.register(fastifyCookie);
  await app.register(fastifyOauth2, {
    name: "discordOAuth2",
    scope: opts.scope ?? ["identify", "guilds"],
    credentials: {
      client: { id: sim.clientId, secret: opts.secret ?? sim.clientSecret },
      auth: { ...fastifyOauth2.DISCORD_CONFIGURATION, authorizeHost: origin, tokenHost: origin },
    },
    startRedirectPath: "/login",
    callbackUri: () => `${base}/auth/callback`,
    cookie: { path: "/" },
  });
  app.get("/auth/callback", async (req, reply) => {
    try {
      const { token } = await app.discordOAuth2.getAccessTokenFromAuthorizationCodeFlow(req, reply);
      const bearer = { authorization: `Bearer ${token.access_token}` };
      const me = await (await fetch(`${sim.urls.api}/v10/users/@me`, { headers: bearer })).json();
      const guilds = await (await fetch(`${sim.urls.api}/v10/users/@me/guilds`, { headers: bearer })).json();
      return { token, me, guilds };
    } catch (error) {
      const e = error as { message: string; data?: { payload?: unknown }; output?: { statusCode?: number } };
      return reply.code(400).send({ failed: e.message, payload: e.data?.payload ?? null });
    }
  });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
  await registerRedirectUri(`${base}/auth/callback`);
  return { app, base };
}

async function registerRedirectUri(uri: string) {
  const res = await fetch(`${sim.urls.control}/oauth2/redirect-uris`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ uri }),
  });
  expect(res.status).toBe(200);
}

/** Follows the flow by hand like a browser: returns the callback URL and the app's cookies. */
async function authorize(base: string, loginAs: string) {
  const start = await fetch(`${base}/login`, { redirect: "manual" });
  expect(start.status).toBe(302);
  const cookie = start.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const authorizeUrl = new URL(start.headers.get("location") ?? "");
  expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${origin}/api/oauth2/authorize`);
  authorizeUrl.searchParams.set("login_as", loginAs);
  const granted = await fetch(authorizeUrl, { redirect: "manual" });
  return { granted, cookie, authorizeUrl };
}

interface CallbackBody {
  token: {
    access_token: string;
    refresh_token: string;
    token_type: "Bearer";
    scope: string;
    expires_in: number;
    expires_at: string;
  };
  me: { id: string; email?: string };
  guilds: { id: string; owner: boolean; permissions: string }[];
  payload?: unknown;
}

async function callback(url: string, cookie: string) {
  const res = await fetch(url, { headers: { cookie } });
  return { status: res.status, body: (await res.json()) as CallbackBody };
}

const userNamed = (username: string) => [...sim.state.users.values()].find((u) => u.username === username)!;

beforeAll(async () => {
  sim = await startSimulator({ seed: "demo", clock });
  origin = new URL(sim.urls.api).origin;
});
afterAll(async () => {
  await sim?.close();
});

describe("OAuth2 code flow with @fastify/oauth2", () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app.app.close();
  });

  it("logs a chosen user in, then reads /users/@me and /users/@me/guilds with permissions", async () => {
    const organiser = userNamed("mei_ling_tan");
    const { granted, cookie, authorizeUrl } = await authorize(app.base, organiser.id);
    expect(granted.status).toBe(302);
    const back = new URL(granted.headers.get("location") ?? "");
    expect(`${back.origin}${back.pathname}`).toBe(`${app.base}/auth/callback`);
    expect(back.searchParams.get("state")).toBe(authorizeUrl.searchParams.get("state"));
    expect(back.searchParams.get("code")).toMatch(/\S{20,}/);

    const { status, body } = await callback(back.toString(), cookie);
    expect(status).toBe(200);
    expect(body.token).toMatchObject({ token_type: "Bearer", scope: "identify guilds", expires_in: 604800 });
    expect(body.me).toMatchObject({
      id: organiser.id,
      username: "mei_ling_tan",
      global_name: "Mei Ling Tan",
    });
    expect(body.me.email).toBeUndefined(); // no email scope
    expect(body.guilds).toHaveLength(1);
    const guild = body.guilds[0]!;
    expect(guild).toMatchObject({ id: sim.guildId, name: "JuniorDev SG", owner: false });
    // Expected from the seed's roles: @everyone | Organisers.
    const everyone = BigInt(sim.state.roles.get(sim.guildId)!.permissions);
    const organisers = [...sim.state.roles.values()].find((r) => r.name === "Organisers")!;
    expect(BigInt(guild.permissions)).toBe(everyone | BigInt(organisers.permissions));
    expect(BigInt(guild.permissions) & PermissionFlagsBits.ManageGuild).toBe(PermissionFlagsBits.ManageGuild);
  });

  it("gives the owner owner:true and every permission; a mentee no MANAGE_GUILD", async () => {
    for (const [username, owner] of [
      ["community_admin", true],
      ["ethan_chua", false],
    ] as const) {
      const { granted, cookie } = await authorize(app.base, userNamed(username).id);
      const { body } = await callback(granted.headers.get("location")!, cookie);
      expect(body.guilds[0]?.owner).toBe(owner);
      const manage = BigInt(body.guilds[0]?.permissions ?? "0") & PermissionFlagsBits.ManageGuild;
      expect(manage !== 0n).toBe(owner);
    }
  });

  it("refreshes (the old token stops working) and revokes", async () => {
    const { granted, cookie } = await authorize(app.base, userNamed("priya_raman").id);
    const { body } = await callback(granted.headers.get("location")!, cookie);
    const oauth = app.app.discordOAuth2;
    const original = { ...body.token, expires_at: new Date(body.token.expires_at) };
    const refreshed = await oauth.getNewAccessTokenUsingRefreshToken(original, {});
    expect(refreshed.token.access_token).not.toBe(body.token.access_token);
    expect(refreshed.token.refresh_token).not.toBe(body.token.refresh_token);
    const me = (token: string) =>
      fetch(`${sim.urls.api}/v10/users/@me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me(body.token.access_token)).status).toBe(401);
    expect((await me(refreshed.token.access_token)).status).toBe(200);
    // The old refresh token is spent too.
    await expect(oauth.getNewAccessTokenUsingRefreshToken(original, {})).rejects.toMatchObject({
      data: { payload: { error: "invalid_grant" } },
    });

    await oauth.revokeToken(refreshed.token, "access_token", undefined);
    expect((await me(refreshed.token.access_token)).status).toBe(401);
  });

  it("refuses a reused code with invalid_grant", async () => {
    const { granted, cookie } = await authorize(app.base, userNamed("daniel_ong").id);
    const url = granted.headers.get("location")!;
    expect((await callback(url, cookie)).status).toBe(200);
    // Replaying the callback with the same state cookie reaches the token endpoint with the spent code.
    const again = await callback(url, cookie);
    expect(again.status).toBe(400);
    expect(again.body.payload).toEqual({
      error: "invalid_grant",
      error_description: 'Invalid "code" in request.',
    });
  });

  it("refuses an expired code (10 minutes) with invalid_grant", async () => {
    const { granted, cookie } = await authorize(app.base, userNamed("farah_aziz").id);
    clock.advance(CODE_TTL_MS + 1000);
    const { status, body } = await callback(granted.headers.get("location")!, cookie);
    expect(status).toBe(400);
    expect(body.payload).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses a wrong client secret with invalid_client (401)", async () => {
    const bad = await startApp({ secret: "not-the-secret" });
    try {
      const { granted, cookie } = await authorize(bad.base, userNamed("grace_koh").id);
      expect(granted.status).toBe(302); // the authorize step needs no secret
      const { status, body } = await callback(granted.headers.get("location")!, cookie);
      expect(status).toBe(400);
      expect(body.payload).toMatchObject({ error: "invalid_client" });
      // What the simulator itself answered:
      const direct = await fetch(`${origin}/api/oauth2/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(`${sim.clientId}:nope`).toString("base64")}`,
        },
        body: "grant_type=authorization_code&code=x&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb",
      });
      expect(direct.status).toBe(401);
    } finally {
      await bad.app.close();
    }
  });

  it("refuses an unregistered redirect URI at authorize, and a different one at the exchange", async () => {
    const { granted, authorizeUrl } = await authorize(app.base, userNamed("ravi_shankar").id);
    const code = new URL(granted.headers.get("location")!).searchParams.get("code")!;

    const wrong = new URL(authorizeUrl);
    wrong.searchParams.set("redirect_uri", "http://127.0.0.1:1/evil");
    const refused = await fetch(wrong, { redirect: "manual" });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: "invalid_request",
      error_description: /redirect_uri/,
    });

    const exchange = await fetch(`${origin}/api/oauth2/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(sim.clientId)}:${encodeURIComponent(sim.clientSecret)}`).toString("base64")}`,
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: "http://localhost:3000/auth/callback",
      }),
    });
    expect(exchange.status).toBe(400);
    expect(await exchange.json()).toEqual({
      error: "invalid_grant",
      error_description: 'Invalid "redirect_uri" in request.',
    });
  });
});
