import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordError } from "../src/http/errors.ts";
import type { RequestContext } from "../src/http/router.ts";
import { botUserId } from "../src/rest/common.ts";
import { type Simulator, startSimulator } from "../src/server.ts";
import { bearerTokenFor } from "./bearer-token.ts";

// Bot routes take only a bot token: a user's OAuth2 bearer token is refused with 401, even when
// that user is in the guild and could see what the route returns.
describe("bot routes refuse a bearer token", () => {
  let sim: Simulator;
  let bearer: string;

  beforeAll(async () => {
    sim = await startSimulator({ seed: "demo" });
    const member = [...sim.state.users.values()].find((u) => u.username === "ethan_chua")!;
    expect(sim.state.getMember(sim.guildId, member.id)).toBeTruthy();
    bearer = await bearerTokenFor(sim, member.id);
  });
  afterAll(async () => {
    await sim?.close();
  });

  const get = (path: string, authorization: string) =>
    fetch(`${sim.urls.api}${path}`, { headers: { authorization } });

  it("answers 401 to a guild member's bearer token on a bot route", async () => {
    const res = await get(`/guilds/${sim.guildId}/channels`, `Bearer ${bearer}`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: number }).code).toBe(0);
  });

  it("answers the same route with the bot token", async () => {
    const res = await get(`/guilds/${sim.guildId}/channels`, `Bot ${sim.botToken}`);
    expect(res.status).toBe(200);
  });
});

// The route guard itself, without the server's bearer middleware in front of it: a bot route that
// a bearer token reached by mistake still refuses it.
describe("botUserId", () => {
  const ctx = (auth: RequestContext["auth"]) => ({ auth }) as RequestContext;

  it("gives the bot user of a bot token", () => {
    expect(botUserId(ctx({ kind: "bot", userId: "11", applicationId: "22" }))).toBe("11");
  });

  it("refuses a bearer token and no token with 401", () => {
    const bearer = ctx({ kind: "bearer", userId: "11", applicationId: "22", scopes: ["identify"] });
    for (const c of [bearer, ctx(null)]) {
      const error = (() => {
        try {
          botUserId(c);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(DiscordError);
      expect((error as DiscordError).status).toBe(401);
    }
  });
});
