import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordError, invalidField } from "./errors.ts";
import { type RequestContext, Router } from "./router.ts";

describe("Router", () => {
  const router = new Router();
  const seen: { route: string | null; params: Record<string, string> }[] = [];
  let server: Server;
  let base = "";

  beforeAll(async () => {
    router.addAuthenticator((ctx) =>
      ctx.headers.authorization === "Bot good" ? { kind: "bot", userId: "1", applicationId: "1" } : null,
    );
    router.use(async (ctx, next) => {
      seen.push({ route: ctx.route, params: { ...ctx.params } });
      const result = await next();
      return { ...result, headers: { ...result.headers, "x-seen": "1" } };
    });
    router.add("GET", "/api/users/@me", (ctx) => ({ status: 200, body: { me: ctx.auth?.userId } }));
    router.add("GET", "/api/users/:userId", (ctx) => ({ status: 200, body: { id: ctx.params.userId } }));
    router.add(
      "PATCH",
      "/api/webhooks/:webhookId/:token/messages/:messageId",
      (ctx: RequestContext) => ({ status: 200, body: { ...ctx.params, body: ctx.body } }),
      { auth: "none" },
    );
    router.add("POST", "/api/fail", () => {
      throw invalidField(["embeds", 0, "title"], "BASE_TYPE_MAX_LENGTH", "Must be 256 or fewer in length.");
    });
    router.add("POST", "/api/oauth2/token", (ctx) => ({ status: 200, body: ctx.body }), { auth: "none" });
    router.add("GET", "/control/ping", () => ({
      status: 200,
      body: "pong",
      headers: { "content-type": "text/plain" },
    }));
    router.add("GET", "/api/teapot", () => {
      throw new DiscordError(418, 1234, "teapot");
    });
    server = createServer(router.listener);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const auth = { authorization: "Bot good" };

  it("folds /api/vN into /api, prefers literals, and keeps the matched pattern for middleware", async () => {
    const me = await fetch(`${base}/api/v10/users/@me`, { headers: auth });
    expect(await me.json()).toEqual({ me: "1" });
    expect(me.headers.get("x-seen")).toBe("1");
    const other = await fetch(`${base}/api/v9/users/42`, { headers: auth });
    expect(await other.json()).toEqual({ id: "42" });
    expect(seen.at(-1)).toEqual({ route: "/api/users/:userId", params: { userId: "42" } });
  });

  it("percent-decodes the path before routing (discord.js sends %40original)", async () => {
    const res = await fetch(`${base}/api/v10/webhooks/9/tok/messages/%40original`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ content: "hi" }),
    });
    expect(await res.json()).toEqual({
      webhookId: "9",
      token: "tok",
      messageId: "@original",
      body: { content: "hi" },
    });
  });

  it("answers 401 without credentials on /api routes and Discord-shaped errors as JSON", async () => {
    const anon = await fetch(`${base}/api/v10/users/@me`);
    expect(anon.status).toBe(401);
    expect(await anon.json()).toEqual({ code: 0, message: "401: Unauthorized" });
    const bad = await fetch(`${base}/api/v10/fail`, { method: "POST", headers: auth });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/json");
    expect(await bad.json()).toEqual({
      code: 50035,
      message: "Invalid Form Body",
      errors: {
        embeds: {
          "0": {
            title: {
              _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: "Must be 256 or fewer in length." }],
            },
          },
        },
      },
    });
    const teapot = await fetch(`${base}/api/v10/teapot`, { headers: auth });
    expect(teapot.status).toBe(418);
    expect(await teapot.json()).toEqual({ code: 1234, message: "teapot" });
  });

  it("parses form bodies, refuses invalid JSON, 404s unknown paths with route null", async () => {
    const form = await fetch(`${base}/api/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=authorization_code&code=abc",
    });
    expect(await form.json()).toEqual({ grant_type: "authorization_code", code: "abc" });
    const json = await fetch(`${base}/api/v10/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { code: number }).code).toBe(50109);
    const missing = await fetch(`${base}/api/v10/nothing/here`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(seen.at(-1)?.route).toBeNull();
    const text = await fetch(`${base}/control/ping`);
    expect(await text.text()).toBe("pong");
  });

  it("refuses bodies over the size cap with 413", async () => {
    const res = await fetch(`${base}/api/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ big: "x".repeat(1024 * 1024 + 10) }),
    });
    expect(res.status).toBe(413);
  });

  it("lists its routes in registration order with their auth", () => {
    expect(router.routes().slice(0, 3)).toEqual([
      { method: "GET", pattern: "/api/users/@me", auth: "required" },
      { method: "GET", pattern: "/api/users/:userId", auth: "required" },
      { method: "PATCH", pattern: "/api/webhooks/:webhookId/:token/messages/:messageId", auth: "none" },
    ]);
    expect(router.routes().map((r) => `${r.method} ${r.pattern}`)).toContain("GET /control/ping");
  });
});
