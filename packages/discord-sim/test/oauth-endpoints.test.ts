import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../src/server.ts";

let sim: Simulator;
let origin: string;
const CALLBACK = "http://127.0.0.1:3000/auth/callback"; // registered by the seed

beforeAll(async () => {
  sim = await startSimulator({ seed: "demo" });
  origin = new URL(sim.urls.api).origin;
});
afterAll(async () => {
  await sim?.close();
});

const basic = () =>
  `Basic ${Buffer.from(`${encodeURIComponent(sim.clientId)}:${encodeURIComponent(sim.clientSecret)}`).toString("base64")}`;

function authorizeUrl(params: Record<string, string>, path = "/oauth2/authorize") {
  const url = new URL(`${origin}${path}`);
  const all = {
    response_type: "code",
    client_id: sim.clientId,
    redirect_uri: CALLBACK,
    scope: "identify guilds",
    state: "s1",
    ...params,
  };
  for (const [k, v] of Object.entries(all)) if (v !== "") url.searchParams.set(k, v);
  return url;
}

const mentee = () => [...sim.state.users.values()].find((u) => u.username === "ethan_chua")!;

/** A token for `userId` with `scope`, through authorize (login_as) and the exchange with credentials in the body. */
async function tokenFor(userId: string, scope: string) {
  const granted = await fetch(authorizeUrl({ scope, login_as: userId }), { redirect: "manual" });
  const code = new URL(granted.headers.get("location")!).searchParams.get("code")!;
  const res = await fetch(`${origin}/api/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: CALLBACK,
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

const get = (path: string, token: string) =>
  fetch(`${sim.urls.api}/v10${path}`, { headers: { authorization: `Bearer ${token}` } });

describe("authorize", () => {
  it("shows a page listing the guild's people (no bots) with login_as links, at both paths", async () => {
    for (const path of ["/oauth2/authorize", "/api/oauth2/authorize"]) {
      const res = await fetch(authorizeUrl({}, path));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
      const html = await res.text();
      expect(html).toContain("Ethan Chua");
      expect(html).toContain(`login_as=${mentee().id}`);
      expect(html).not.toContain(`login_as=${sim.applicationId}`);
    }
  });

  it("redirects with code and state when login_as is given, with access_denied when denied", async () => {
    const ok = await fetch(authorizeUrl({ login_as: mentee().id }), { redirect: "manual" });
    expect(ok.status).toBe(302);
    const back = new URL(ok.headers.get("location")!);
    expect(back.searchParams.get("state")).toBe("s1");
    expect(back.searchParams.get("code")).toBeTruthy();
    const denied = await fetch(authorizeUrl({ deny: "1" }), { redirect: "manual" });
    expect(new URL(denied.headers.get("location")!).searchParams.get("error")).toBe("access_denied");
  });

  it.each([
    [{ client_id: "123" }, "invalid_client"],
    [{ client_id: "" }, "invalid_request"],
    [{ response_type: "token" }, "unsupported_response_type"],
    [{ scope: "identify bogus" }, "invalid_scope"],
    [{ scope: "" }, "invalid_scope"],
    [{ redirect_uri: "" }, "invalid_request"],
    [{ login_as: "999" }, "invalid_request"],
  ])("refuses %j with %s", async (params, error) => {
    const res = await fetch(authorizeUrl(params), { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error });
  });
});

describe("token endpoint", () => {
  const post = (body: string | URLSearchParams, headers: Record<string, string> = {}) =>
    fetch(`${origin}/api/oauth2/token`, {
      method: "POST",
      headers: { authorization: basic(), ...headers },
      body,
    });

  it("takes only form bodies", async () => {
    const res = await post(JSON.stringify({ grant_type: "authorization_code" }), {
      "content-type": "application/json",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_request" });
  });

  it("answers unsupported_grant_type and missing fields", async () => {
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const cc = await post(new URLSearchParams({ grant_type: "client_credentials" }), form);
    expect(cc.status).toBe(400);
    expect(await cc.json()).toMatchObject({ error: "unsupported_grant_type" });
    const noCode = await post(new URLSearchParams({ grant_type: "authorization_code" }), form);
    expect(await noCode.json()).toEqual({
      error: "invalid_request",
      error_description: 'Missing "code" in request.',
    });
  });

  it("keeps secrets out of the request log", async () => {
    await post(
      new URLSearchParams({ grant_type: "authorization_code", code: "c0de", client_secret: "s3cret" }),
      {
        "content-type": "application/x-www-form-urlencoded",
      },
    );
    const log = (await (await fetch(`${sim.urls.control}/requests?path=/oauth2/token`)).json()) as {
      body: unknown;
    }[];
    expect(log.at(-1)?.body).toMatchObject({
      grant_type: "authorization_code",
      code: "[redacted]",
      client_secret: "[redacted]",
    });
    expect(JSON.stringify(log)).not.toContain("s3cret");
  });

  it("requires client authentication", async () => {
    const res = await fetch(`${origin}/api/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=authorization_code&code=x",
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "invalid_client" });
  });
});

describe("bearer endpoints and scopes", () => {
  it("needs guilds.members.read for /users/@me/guilds/{id}/member and answers the member", async () => {
    const without = await tokenFor(mentee().id, "identify guilds");
    expect((await get(`/users/@me/guilds/${sim.guildId}/member`, without)).status).toBe(401);
    const withScope = await tokenFor(mentee().id, "identify guilds.members.read");
    const res = await get(`/users/@me/guilds/${sim.guildId}/member`, withScope);
    expect(res.status).toBe(200);
    const member = (await res.json()) as { user: { id: string }; roles: string[] };
    expect(member.user.id).toBe(mentee().id);
    expect(member.roles).toEqual(sim.state.getMember(sim.guildId, mentee().id)!.roles);
    // ...but not /users/@me/guilds without the guilds scope.
    expect((await get("/users/@me/guilds", withScope)).status).toBe(401);
    const unknownGuild = await get("/users/@me/guilds/1/member", withScope);
    expect(unknownGuild.status).toBe(404);
    expect(await unknownGuild.json()).toMatchObject({ code: 10004 });
  });

  it("gives email only with the email scope", async () => {
    const res = await get("/users/@me", await tokenFor(mentee().id, "identify email"));
    expect(await res.json()).toMatchObject({ id: mentee().id, email: mentee().email, verified: true });
  });

  it("refuses a bearer token on bot routes and an unknown token everywhere", async () => {
    const token = await tokenFor(mentee().id, "identify guilds");
    expect((await get(`/guilds/${sim.guildId}/roles`, token)).status).toBe(401);
    expect((await get("/users/@me", "not-a-token")).status).toBe(401);
  });

  it("validates /users/@me/guilds query parameters", async () => {
    const token = await tokenFor(mentee().id, "guilds");
    const res = await get("/users/@me/guilds?limit=500", token);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 50035,
      errors: { limit: { _errors: [{ code: "NUMBER_TYPE_MAX" }] } },
    });
    const after = await get(`/users/@me/guilds?after=${sim.guildId}`, token);
    expect(await after.json()).toEqual([]);
  });
});
