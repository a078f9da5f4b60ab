import { describe, expect, it } from "vitest";
import { Router } from "../http/router.ts";
import { examplePath, specRoutes } from "./spec-routes.ts";

const ok = () => ({ status: 200 });

function routerWith(...routes: string[]): Router {
  const router = new Router();
  for (const route of routes) {
    const [method, pattern] = route.split(" ") as [string, string];
    router.add(method, pattern, ok);
  }
  return router;
}

const OAUTH = ["GET /api/oauth2/authorize", "POST /api/oauth2/token", "POST /api/oauth2/token/revoke"];

describe("specRoutes", () => {
  it("keeps the /api routes but those openapi.json does not describe, and no control routes", () => {
    const router = routerWith(
      ...OAUTH,
      "GET /api/guilds/:guildId",
      "GET /control/state",
      "GET /oauth2/authorize",
    );
    expect(specRoutes(router)).toEqual(["GET /api/guilds/:guildId"]);
  });

  it("refuses an allow-list entry that names no route", () => {
    expect(() => specRoutes(routerWith(...OAUTH.slice(1)))).toThrow(/GET \/api\/oauth2\/authorize/);
  });

  it("writes a path a client would call", () => {
    expect(examplePath("/api/webhooks/:webhookId/:token/messages/:messageId")).toBe(
      "/webhooks/1/1/messages/1",
    );
    expect(examplePath("/api/users/@me/channels")).toBe("/users/@me/channels");
  });
});
