import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { testDatabaseKind } from "@circles/core/testing";
import helmet from "helmet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY, helmetHeaders } from "../src/plugins/security.ts";
import { SESSION_LIFETIME_MS, SessionCodec } from "../src/session/session-cookie.ts";
import { buildApi } from "../src/start.ts";
import {
  injectAs,
  organisedCommunity,
  PUBLIC_URL,
  sessionCookie,
  startTestApi,
  TEST_AUTH,
} from "./helpers.ts";

let t: Awaited<ReturnType<typeof startTestApi>>;
let c: Awaited<ReturnType<typeof organisedCommunity>>;
beforeAll(async () => {
  t = await startTestApi();
  c = await organisedCommunity(t.database);
});
afterAll(async () => {
  await t.api.close();
  await t.database.close();
});

const cohortCount = async () =>
  (await t.database.db.selectFrom("cohorts").select("id").where("guild_id", "=", c.guildId).execute()).length;

describe(`cross-site requests (${testDatabaseKind()})`, () => {
  it("refuses a mutation from another origin, and one carrying the session without an Origin", async () => {
    const url = `/api/communities/${c.guildId}/cohorts`;
    const before = await cohortCount();
    const evil = await injectAs(t.api, t.clock, c.organiser, {
      method: "POST",
      url,
      payload: { name: "Forged" },
      headers: { origin: "https://evil.example" },
    });
    expect(evil.statusCode).toBe(403);
    expect(evil.json()).toEqual({
      error: "forbidden",
      message:
        "Refused: changes are accepted only from http://127.0.0.1:3000 (the request's Origin header is https://evil.example).",
    });
    const bare = await t.api.inject({
      method: "POST",
      url,
      payload: { name: "Forged" },
      headers: { cookie: sessionCookie(c.organiser, t.clock) },
    });
    expect(bare.statusCode).toBe(403);
    expect(bare.json().message).toMatch(/Origin header is missing/);
    // Without our cookie there is nothing to forge: a cookie of another site's does not trip the check.
    const foreign = await t.api.inject({
      method: "POST",
      url,
      payload: { name: "Forged" },
      headers: { cookie: "theme=dark" },
    });
    expect(foreign.statusCode).toBe(401);
    expect(foreign.json()).toEqual({ error: "unauthenticated", message: "Log in with Discord first." });
    expect(await cohortCount()).toBe(before);
    const ok = await injectAs(t.api, t.clock, c.organiser, {
      method: "POST",
      url,
      payload: { name: "Real" },
    });
    expect(ok.statusCode).toBe(201);
  });

  it("lets reads through from anywhere (they change nothing), and a mutation with no session reaches the 401", async () => {
    const read = await injectAs(t.api, t.clock, c.organiser, {
      method: "GET",
      url: `/api/communities/${c.guildId}/cohorts`,
      headers: { origin: "https://elsewhere.example" },
    });
    expect(read.statusCode).toBe(200);
    const anonymous = await t.api.inject({
      method: "POST",
      url: `/api/communities/${c.guildId}/cohorts`,
      payload: {},
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it("sends the security headers with the content security policy", async () => {
    const response = await t.api.inject({ method: "GET", url: "/health" });
    expect(response.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(response.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    // No built dashboard here, so no inline script hash: scripts from this origin only.
    expect(response.headers["content-security-policy"]).toContain("script-src 'self';");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("sends exactly our policy's directives, none of helmet's defaults", async () => {
    const out = await logoutOnOwnApi(PUBLIC_URL);
    const directives = String(out.headers["content-security-policy"])
      .split(";")
      .map((directive) => directive.trim().split(" ")[0]);
    const ours = Object.keys(CONTENT_SECURITY_POLICY).map((name) =>
      name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`),
    );
    expect(directives).toEqual(ours);
  });

  it("refuses to start on a policy helmet cannot write, rather than send answers without it", () => {
    // A directive worked out per request (a function) whose value holds a ";": helmet reports it
    // through its callback, not by throwing.
    const directives = { ...CONTENT_SECURITY_POLICY, scriptSrc: [() => "'self'; evil"] };
    expect(() => helmetHeaders({ contentSecurityPolicy: { useDefaults: false, directives } })).toThrow(
      /invalid directive value for "script-src"/,
    );
  });

  it("sends exactly the headers helmet itself sets, on answers, refusals and unknown addresses alike", async () => {
    const options = { contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY } };
    const real = new ServerResponse(new IncomingMessage(new Socket()));
    helmet(options)(real.req, real, () => {});
    const expected = Object.fromEntries(Object.entries(real.getHeaders()).map(([k, v]) => [k, String(v)]));
    expect(Object.keys(expected).length).toBeGreaterThan(10);
    expect(helmetHeaders(options)).toEqual(expected);
    const answers = await Promise.all([
      t.api.inject({ method: "GET", url: "/health" }),
      t.api.inject({ method: "GET", url: `/api/communities/${c.guildId}/cohorts` }), // 401
      t.api.inject({ method: "GET", url: "/api/no-such-route" }),
    ]);
    for (const answer of answers)
      for (const [name, value] of Object.entries(expected))
        if (name !== "content-security-policy")
          expect(answer.headers[name], `${name} on ${answer.statusCode}`).toBe(value);
  });
});

describe(`bad input never reaches the database as a 500 (${testDatabaseKind()})`, () => {
  it("refuses text with a NUL character anywhere, naming the field, and ids beyond any row", async () => {
    const as = (options: Parameters<typeof injectAs>[3]) => injectAs(t.api, t.clock, c.organiser, options);
    const base = `/api/communities/${c.guildId}`;
    const body = await as({ method: "POST", url: `${base}/cohorts`, payload: { name: "a\u0000b" } });
    expect(body.statusCode).toBe(400);
    expect(body.json().problems).toEqual([{ field: "name", message: "must not contain a NUL character" }]);
    const query = await as({ method: "GET", url: `${base}/audit?action=%00` });
    expect(query.statusCode).toBe(400);
    expect(query.json().problems[0].field).toBe("action");
    const huge = await as({ method: "GET", url: `${base}/audit?before=99999999999999999999` });
    expect(huge.statusCode).toBe(400);
    const json = await as({
      method: "POST",
      url: `${base}/cohorts`,
      payload: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(json.statusCode).toBe(400);
  });
});

describe(`rate limits (${testDatabaseKind()})`, () => {
  it("limits each person's mutations to 60 a minute, without slowing anyone else", async () => {
    const url = `/api/communities/${c.guildId}/cohorts`;
    // Two organisers who have not sent anything yet in this file.
    const busy = { ...c.organiser, userId: "399999999999999998" };
    const other = { ...c.organiser, userId: "399999999999999999" };
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++)
      statuses.push(
        (await injectAs(t.api, t.clock, busy, { method: "POST", url, payload: { name: "" } })).statusCode,
      );
    expect(statuses.slice(0, 60).every((s) => s === 400)).toBe(true);
    expect(statuses[60]).toBe(429);
    const limited = await injectAs(t.api, t.clock, busy, { method: "POST", url, payload: { name: "" } });
    expect(limited.json()).toEqual({
      error: "rate_limited",
      message: "Too many requests; try again in 1 minute.",
    });
    const theirs = await injectAs(t.api, t.clock, other, { method: "POST", url, payload: { name: "" } });
    expect(theirs.statusCode).toBe(400);
  });
});

/**
 * A logout on an API built inside the calling test, for what the plugins work out when they are
 * registered (mutation testing activates a change per test, after the shared API was built).
 */
async function logoutOnOwnApi(publicUrl: string) {
  const api = await buildApi({ database: t.database, logLevel: "silent", auth: { ...TEST_AUTH, publicUrl } });
  try {
    return await api.inject({ method: "POST", url: "/api/auth/logout", headers: { origin: publicUrl } });
  } finally {
    await api.close();
  }
}

describe("the session cookie", () => {
  const me = (cookie: string) => t.api.inject({ method: "GET", url: "/api/me", headers: { cookie } });

  it("is refused when altered, sealed with another secret, or expired", async () => {
    const good = sessionCookie(c.organiser, t.clock);
    expect((await me(good)).statusCode).toBe(200);
    const value = good.split("=")[1]!;
    const flipped = `${value.slice(0, 20)}${value[20] === "A" ? "B" : "A"}${value.slice(21)}`;
    expect((await me(`circles_session=${flipped}`)).statusCode).toBe(401);
    // Cut short: too short for its IV and tag, exactly those, and the body's first byte gone.
    const codec = new SessionCodec(TEST_AUTH.sessionSecret);
    const raw = Buffer.from(value, "base64url");
    for (const cut of [
      raw.subarray(0, 20),
      raw.subarray(0, 28),
      Buffer.concat([raw.subarray(0, 12), raw.subarray(13)]),
    ])
      expect(codec.open(cut.toString("base64url"), t.clock.now())).toBeUndefined();
    expect(codec.open(value, t.clock.now())).toMatchObject({ userId: c.organiser.userId });
    expect(
      (await me(sessionCookie(c.organiser, t.clock, "another secret of the same good length"))).statusCode,
    ).toBe(401);
    // Expiry is the codec's own rule (over HTTP the 10-minute recheck would end an old session first).
    const expiring = sessionCookie(c.organiser, t.clock).split("=")[1]!;
    const expiresAt = codec.open(expiring, t.clock.now())!.expiresAt;
    expect(expiresAt).toBe(t.clock.now() + SESSION_LIFETIME_MS);
    expect(codec.open(expiring, expiresAt - 1)).toMatchObject({ userId: c.organiser.userId, expiresAt });
    expect(codec.open(expiring, expiresAt)).toBeUndefined();
  });

  it("still opens a cookie sealed by an earlier release (the key derivation must not drift)", () => {
    // Sealed with this secret when the format was made; changing the derivation logs everyone out.
    const codec = new SessionCodec("a fixed secret for the compatibility vector, 48+ chars");
    const sealed =
      "RdtWpioHmdSq7nrJPgVK43ywpkCSN9T2KCi-sfzSdx2tCPzpPfhtgBYvbolZbXG0lZDFv5yzDT0-bI4q0WdJt4JXhy_XBkS2JrCAfHpKmvRfV6h8FercsgYmRXBHJwWOBeL3yuirqnLehC5dFRxJRnuNhbOKngCP1xz-8mDgIyAa7MJaqkTcymSJur99aciUoWCm4cBiAxhL9x4jtTzsMLpSci1AQFeg-I-hsyuPxVA7AligOVFuwZKDWLT2q5M_oNN1vAVBI6IhamxvfKwVib_-PDtPJf0QGcXFeoYRXPAnH8vCht9X";
    expect(codec.open(sealed, 1796000000000)).toMatchObject({
      userId: "300000000000000001",
      name: "Zoë Tan",
      organises: ["400000000000000001"],
      expiresAt: 4102444800000,
    });
  });

  it("counts a session without a numeric expiry as none", () => {
    const codec = new SessionCodec(TEST_AUTH.sessionSecret);
    const base = {
      userId: "300000000000000001",
      name: "x",
      avatar: null,
      accessToken: "t",
      refreshToken: null,
    };
    const rest = { organises: [], invitable: [], checkedAt: 0 };
    const textExpiry = codec.seal({ ...base, ...rest, expiresAt: "99999999999999" as unknown as number });
    expect(codec.open(textExpiry, Date.now())).toBeUndefined();
  });

  it("is Secure, HttpOnly and SameSite=Lax when the public URL is https, and not Secure on http", async () => {
    const logoutCookie = async (publicUrl: string) => {
      const out = await logoutOnOwnApi(publicUrl);
      expect(out.statusCode).toBe(204);
      return String(out.headers["set-cookie"]);
    };
    expect(await logoutCookie("https://circles.example.org")).toMatch(
      /circles_session=;.*HttpOnly.*Secure.*SameSite=Lax/,
    );
    const plain = await logoutCookie("http://circles.example.org");
    expect(plain).toMatch(/circles_session=;.*HttpOnly.*SameSite=Lax/);
    expect(plain).not.toContain("Secure");
  });
});

describe(`the audit log (${testDatabaseKind()})`, () => {
  it("filters by person, action and time, newest first, a page at a time", async () => {
    const url = `/api/communities/${c.guildId}/audit`;
    const as = (query: string) =>
      injectAs(t.api, t.clock, c.organiser, { method: "GET", url: `${url}${query}` });
    const all = (await as("")).json().entries;
    expect(all.length).toBeGreaterThan(0);
    expect(all[0]).toMatchObject({
      action: "cohort.created",
      actorUserId: c.organiser.userId,
      actorName: "Mei Ling",
    });
    expect((await as(`?actor=${c.organiser.userId}&action=cohort.created`)).json().entries).toHaveLength(
      all.length,
    );
    expect((await as("?action=cohort.deleted")).json().entries).toEqual([]);
    expect((await as("?from=2999-01-01T00:00:00Z")).json().entries).toEqual([]);
    expect((await as("?to=2000-01-01T00:00:00Z")).json().entries).toEqual([]);
    const page = (await as("?limit=1")).json();
    expect(page.entries).toHaveLength(1);
    expect(page.nextBefore).toBe(page.entries[0].id);
    const bad = await as("?from=yesterday&limit=0");
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .problems.map((p: { field: string }) => p.field)
        .sort(),
    ).toEqual(["from", "limit"]);
  });
});
