import { ApplicationService, CohortService, ReportService, SessionService } from "@circles/core";
import { testDatabaseKind, testSnowflake } from "@circles/core/testing";
import type { RouteOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { injectAs, organisedCommunity, type Person, startTestApi } from "./helpers.ts";

// Every route of the API, tried as an organiser of another community, as a member who organises
// nothing, and logged out. The list of routes comes from the app itself (an onRoute hook), so a new
// route without its entry here fails the first test.

interface Entry {
  /** Who may call it: community routes need an organiser of the guild in the path. */
  access: "public" | "logged-in" | "organiser";
  payload?: object;
  query?: string;
}

const CSV = {
  csv: "Discord ID,Role\n300000000000000001,mentee\n",
  mapping: { userId: "Discord ID", role: "Role" },
};
const SCHEDULE = {
  count: 6,
  everyWeeks: 3,
  weekday: 2,
  firstDate: "2019-09-03",
  startTime: "19:00",
  endTime: "22:00",
};

const MATRIX: Record<string, Entry> = {
  "GET /api/openapi.json": { access: "public" },
  "GET /api/auth/login": { access: "public" },
  "GET /api/auth/callback": { access: "public" },
  "POST /api/auth/logout": { access: "public" },
  // Public with a token: the one-time, 15-minute link that `/mydata export` gives a member.
  "GET /api/mydata/:token": { access: "public" },
  "GET /api/me": { access: "logged-in" },
  "GET /api/communities": { access: "logged-in" },
  "GET /api/communities/:guildId/settings": { access: "organiser" },
  "GET /api/communities/:guildId/settings/choices": { access: "organiser" },
  "PATCH /api/communities/:guildId/settings": { access: "organiser", payload: { timeZone: "Europe/London" } },
  "GET /api/communities/:guildId/code-of-conduct": { access: "organiser" },
  "POST /api/communities/:guildId/code-of-conduct": {
    access: "organiser",
    payload: { title: "v", sections: [] },
  },
  "GET /api/communities/:guildId/code-of-conduct/acceptances": { access: "organiser" },
  "GET /api/communities/:guildId/cohorts": { access: "organiser" },
  "POST /api/communities/:guildId/cohorts": { access: "organiser", payload: { name: "Intruder" } },
  "GET /api/communities/:guildId/cohorts/:cohortId": { access: "organiser" },
  "PATCH /api/communities/:guildId/cohorts/:cohortId": { access: "organiser", payload: { name: "Renamed" } },
  "POST /api/communities/:guildId/cohorts/:cohortId/state": {
    access: "organiser",
    payload: { to: "cancelled" },
  },
  "POST /api/communities/:guildId/cohorts/:cohortId/schedule/preview": {
    access: "organiser",
    payload: SCHEDULE,
  },
  "POST /api/communities/:guildId/cohorts/:cohortId/schedule": { access: "organiser", payload: SCHEDULE },
  "GET /api/communities/:guildId/cohorts/:cohortId/sessions": { access: "organiser" },
  "PATCH /api/communities/:guildId/sessions/:sessionId": {
    access: "organiser",
    payload: { status: "cancelled" },
  },
  "GET /api/communities/:guildId/cohorts/:cohortId/applications": {
    access: "organiser",
    query: "?role=mentee",
  },
  "GET /api/communities/:guildId/cohorts/:cohortId/applications/counts": { access: "organiser" },
  "GET /api/communities/:guildId/cohorts/:cohortId/applications.csv": { access: "organiser" },
  "POST /api/communities/:guildId/cohorts/:cohortId/applications/import/preview": {
    access: "organiser",
    payload: CSV,
  },
  "POST /api/communities/:guildId/cohorts/:cohortId/applications/import": {
    access: "organiser",
    payload: CSV,
  },
  "POST /api/communities/:guildId/cohorts/:cohortId/matching/run": { access: "organiser", payload: {} },
  "GET /api/communities/:guildId/cohorts/:cohortId/matching": { access: "organiser" },
  "POST /api/communities/:guildId/cohorts/:cohortId/matching/edits": {
    access: "organiser",
    payload: { action: "rematch" },
  },
  "GET /api/communities/:guildId/audit": { access: "organiser" },
  "GET /api/communities/:guildId/cohorts/:cohortId/publish": { access: "organiser" },
  "POST /api/communities/:guildId/cohorts/:cohortId/publish": { access: "organiser", payload: {} },
  "GET /api/communities/:guildId/reports": { access: "organiser", query: "?state=open" },
  "GET /api/communities/:guildId/reports/:reportId": { access: "organiser" },
  "POST /api/communities/:guildId/reports/:reportId/state": {
    access: "organiser",
    payload: { state: "in_review" },
  },
  "POST /api/communities/:guildId/reports/:reportId/notes": { access: "organiser", payload: { body: "n" } },
  "POST /api/communities/:guildId/reports/:reportId/outcome": {
    access: "organiser",
    payload: { outcome: "warning" },
  },
  "GET /api/communities/:guildId/members": { access: "organiser", query: "?q=Member" },
  "GET /api/communities/:guildId/members/:userId/export": { access: "organiser" },
  "POST /api/communities/:guildId/members/:userId/erasure": {
    access: "organiser",
    payload: { confirm: true },
  },
  "GET /api/communities/:guildId/cohorts/:cohortId/term": { access: "organiser" },
  "POST /api/communities/:guildId/cohorts/:cohortId/events": {
    access: "organiser",
    payload: { title: "Intruder's Gym", when: "2099-01-05 19:00", location: "Nowhere" },
  },
  "GET /api/communities/:guildId/sessions/:sessionId/details": { access: "organiser" },
  "GET /api/communities/:guildId/cohorts/:cohortId/check-ins/overdue": { access: "organiser" },
  "PUT /api/communities/:guildId/sessions/:sessionId/attendance/:userId": {
    access: "organiser",
    payload: { status: "present" },
  },
};

/** The ids a route's path can name, all of one community. */
interface Ids {
  cohortId: string;
  sessionId: string;
  reportId: string;
  userId: string;
}

let t: Awaited<ReturnType<typeof startTestApi>>;
let a: Awaited<ReturnType<typeof organisedCommunity>>;
let b: Awaited<ReturnType<typeof organisedCommunity>>;
const NO_IDS: Ids = { cohortId: "", sessionId: "", reportId: "", userId: "" };
const ids = { a: NO_IDS, b: NO_IDS };
let routes: RouteOptions[];

/** A cohort with its sessions, a member, and an anonymous report by that member about a secret matter. */
async function communityIds(
  community: { guildId: string; memberIds: string[]; organiser: Person },
  name: string,
): Promise<Ids> {
  const { guildId, organiser } = community;
  const actor = { userId: organiser.userId };
  const cohort = await new CohortService(t.database.db).create(guildId, { name }, actor);
  const [session] = await new SessionService(t.database.db).planSchedule(
    guildId,
    cohort.id,
    { ...SCHEDULE, weekday: 2 },
    actor,
  );
  const userId = community.memberIds[0]!;
  // An application, so that a query missing its guild filter would find a row to leak.
  await new CohortService(t.database.db).changeState(guildId, cohort.id, "applications_open", actor);
  await new ApplicationService(t.database.db).apply(guildId, cohort.id, userId, {
    role: "mentee",
    gender: "female",
    areas: ["career"],
    experience: "junior",
    goals: `${name}: a secret goal`,
  });
  const report = await new ReportService(t.database.db).submit(guildId, userId, {
    area: "fees",
    whatHappened: `${name}: asked for a fee`,
    anonymous: true,
  });
  return { cohortId: cohort.id, sessionId: session!.id, reportId: report.id, userId };
}

beforeAll(async () => {
  t = await startTestApi();
  a = await organisedCommunity(t.database, 1);
  b = await organisedCommunity(t.database, 1);
  ids.a = await communityIds(a, "Community A's secret cohort");
  ids.b = await communityIds(b, "Term B");
  routes = t.api.registeredRoutes.filter((r) => r.url.startsWith("/api") && r.method !== "HEAD");
});
afterAll(async () => {
  await t.api.close();
  await t.database.close();
});

const key = (route: RouteOptions) => `${route.method} ${route.url}`;
const url = (route: RouteOptions, guildId: string, entity: Ids) =>
  route.url
    .replace(":guildId", guildId)
    .replace(":cohortId", entity.cohortId)
    .replace(":sessionId", entity.sessionId)
    .replace(":reportId", entity.reportId)
    .replace(":userId", entity.userId) + (MATRIX[key(route)]?.query ?? "");
const namesAnEntity = (route: RouteOptions) => /:(cohortId|sessionId|reportId|userId)/.test(route.url);

/** Everything community A has, so a refused request can be shown to have changed nothing. */
async function snapshotOfA() {
  const db = t.database.db;
  const rows = await Promise.all(
    (
      [
        "cohorts",
        "cohort_sessions",
        "applications",
        "audit_log",
        "communities",
        "code_of_conduct_versions",
        "conduct_reports",
        "conduct_report_notes",
        "community_members",
        "attendance",
      ] as const
    ).map((table) => db.selectFrom(table).selectAll().where("guild_id", "=", a.guildId).execute()),
  );
  return JSON.stringify(rows);
}

describe(`the access matrix (${testDatabaseKind()})`, () => {
  it("has an entry for every /api route and a route for every entry", () => {
    const registered = routes.map(key).sort();
    expect(registered).toEqual(Object.keys(MATRIX).sort());
  });

  it("rate-limits the login and every route that changes something", () => {
    const limited = routes.filter((r) => r.method !== "GET" || r.url.startsWith("/api/auth/"));
    expect(limited.length).toBeGreaterThan(10);
    for (const route of limited)
      expect({ route: key(route), limit: route.config?.rateLimit }).toEqual({
        route: key(route),
        limit: expect.objectContaining({ max: expect.any(Number) }),
      });
  });

  it("answers 401 logged out, 403 to a member who organises nothing and to another community's organiser", async () => {
    const before = await snapshotOfA();
    const member: Person = { userId: testSnowflake(), name: "Plain Member", organises: [] };
    for (const route of routes.filter((r) => MATRIX[key(r)]?.access === "organiser")) {
      const target = url(route, a.guildId, ids.a);
      const payload = MATRIX[key(route)]?.payload;
      const method = route.method as "GET";
      const answer = async (who: Person | null) => {
        const response = await injectAs(t.api, t.clock, who, { method, url: target, payload });
        return `${response.statusCode} ${response.json().error}`;
      };
      const answers = {
        route: key(route),
        loggedOut: await answer(null),
        member: await answer(member),
        otherOrganiser: await answer(b.organiser),
      };
      expect(answers).toEqual({
        route: key(route),
        loggedOut: "401 unauthenticated",
        member: "403 forbidden",
        otherOrganiser: "403 forbidden",
      });
    }
    expect(await snapshotOfA()).toEqual(before);
  });

  it("answers 404 and reads nothing when an organiser names another community's cohort, session, report or member in their own", async () => {
    const before = await snapshotOfA();
    const scoped = routes.filter(namesAnEntity);
    expect(scoped.length).toBeGreaterThan(20);
    for (const route of scoped) {
      const response = await injectAs(t.api, t.clock, b.organiser, {
        method: route.method as "GET",
        url: url(route, b.guildId, ids.a),
        payload: MATRIX[key(route)]?.payload,
      });
      expect({ route: key(route), status: response.statusCode }).toEqual({ route: key(route), status: 404 });
      expect(response.body).not.toContain("secret");
    }
    expect(await snapshotOfA()).toEqual(before);
  });

  it("lets the organiser in: the same requests reach community A's routes", async () => {
    for (const route of routes.filter((r) => MATRIX[key(r)]?.access === "organiser" && r.method === "GET")) {
      const response = await injectAs(t.api, t.clock, a.organiser, {
        method: "GET",
        url: url(route, a.guildId, ids.a),
      });
      // The draft of a cohort never matched is the only GET that has nothing to show yet.
      const expected = route.url.endsWith("/matching") ? 404 : 200;
      expect({ route: key(route), status: response.statusCode }).toEqual({
        route: key(route),
        status: expected,
      });
    }
  });

  it("answers 401 on /api/me and /api/communities logged out, and only the caller's own communities", async () => {
    for (const path of ["/api/me", "/api/communities"])
      expect((await injectAs(t.api, t.clock, null, { method: "GET", url: path })).statusCode).toBe(401);
    const mine = await injectAs(t.api, t.clock, b.organiser, { method: "GET", url: "/api/communities" });
    expect(mine.json().map((c: { guildId: string }) => c.guildId)).toEqual([b.guildId]);
  });
});
