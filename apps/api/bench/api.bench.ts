import "@circles/node-guard";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { ApplicationImportService, CohortService, MemberService } from "@circles/core";
import {
  createTestCommunity,
  createTestDatabase,
  testDatabaseKind,
  testSnowflake,
} from "@circles/core/testing";
import autocannon from "autocannon";
import { SESSION_COOKIE, SESSION_LIFETIME_MS, SessionCodec } from "../src/session/session-cookie.ts";
import { buildApi } from "../src/start.ts";

// `npm run bench:api`: the cohort overview and the applications page's API (the page of 50 rows it
// asks for, and the whole list for comparison) for a 1,000-applicant cohort at 500 requests/s, and
// the dashboard's JavaScript gzipped. Prints figures; asserts nothing.

const APPLICANTS = 1_000;
const RATE = 500;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SECRET = "a benchmark secret that is long enough";
const AREAS = ["career", "growth", "technical"];
const GENDERS = ["female", "male", "nonbinary", "unstated"];

async function seed() {
  const database = await createTestDatabase();
  const { guildId } = await createTestCommunity(database.db);
  const organiser = testSnowflake();
  await new MemberService(database.db).ensureInCommunity(guildId, {
    userId: organiser,
    displayName: "Organiser",
  });
  const actor = { userId: organiser };
  const cohort = await new CohortService(database.db).create(guildId, { name: "Bench cohort" }, actor);
  const rows = Array.from({ length: APPLICANTS }, (_, i) =>
    [
      testSnowflake(),
      `Applicant ${i + 1}`,
      i % 4 === 0 ? "mentor" : "mentee",
      GENDERS[i % GENDERS.length],
      AREAS[i % AREAS.length],
      "junior",
      `Employer ${i % 37}`,
    ].join(","),
  );
  const csv = ["id,name,role,gender,areas,experience,employer", ...rows].join("\n");
  const outcome = await new ApplicationImportService(database.db).commit(
    guildId,
    cohort.id,
    {
      csv,
      mapping: {
        userId: "id",
        displayName: "name",
        role: "role",
        gender: "gender",
        areas: "areas",
        experience: "experience",
        employer: "employer",
      },
    },
    actor,
  );
  if (outcome.imported !== APPLICANTS) throw new Error(`imported ${outcome.imported} of ${APPLICANTS}`);
  return { database, guildId, cohortId: cohort.id, organiser };
}

async function load(label: string, url: string, cookie: string) {
  const result = await autocannon({
    url,
    connections: 20,
    overallRate: RATE,
    duration: SECONDS,
    headers: { cookie },
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  console.log(
    `${label.padEnd(34)} ${String(result.requests.total).padStart(6)} requests  ` +
      `p50 ${result.latency.p50} ms  p90 ${result.latency.p90} ms  p99 ${result.latency.p99} ms  ` +
      `max ${result.latency.max} ms  errors ${errors}`,
  );
}

/** Every JS file the dashboard build holds, gzipped: the first load reads a part of them. */
async function dashboardJs() {
  const build = fileURLToPath(new URL("../../dashboard/build/", import.meta.url));
  const html = await readFile(path.join(build, "index.html"), "utf8").catch(() => null);
  if (!html) return console.log("dashboard: not built (npm run build -w @circles/dashboard)");
  const gz = async (file: string) => gzipSync(await readFile(path.join(build, file))).length;
  const files = (await readdir(path.join(build, "_app"), { recursive: true }))
    .filter((f) => f.endsWith(".js"))
    .map((f) => path.join("_app", f));
  const all = (await Promise.all(files.map(gz))).reduce((a, b) => a + b, 0);
  // What index.html itself loads (modulepreload + the bootstrap's imports), before any page's own code.
  const first = [...new Set([...html.matchAll(/\/(_app\/immutable\/[^"]+\.js)/g)].map((m) => m[1]!))];
  const shell = (await Promise.all(first.map(gz))).reduce((a, b) => a + b, 0);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  console.log(
    `dashboard JS, gzipped: first load ${kb(shell)} (${first.length} files in index.html); every page together ${kb(all)} (${files.length} files); target < 150 kB`,
  );
}

async function main() {
  console.log(`seeding a cohort of ${APPLICANTS} applicants (${testDatabaseKind()} database)…`);
  const { database, guildId, cohortId, organiser } = await seed();
  const api = await buildApi({
    database,
    logLevel: "silent",
    auth: {
      clientId: "123456789012345678",
      clientSecret: "bench",
      discordApiUrl: "http://127.0.0.1:9/api",
      publicUrl: "http://127.0.0.1:3000",
      sessionSecret: SECRET,
    },
  });
  const address = await api.listen({ host: "127.0.0.1", port: 0 });
  const now = Date.now();
  const cookie = `${SESSION_COOKIE}=${new SessionCodec(SECRET).seal({
    userId: organiser,
    name: "Organiser",
    avatar: null,
    accessToken: "bench",
    refreshToken: null,
    organises: [guildId],
    invitable: [],
    checkedAt: now + 3_600_000, // no recheck with Discord during the run
    expiresAt: now + SESSION_LIFETIME_MS,
  })}`;
  const cohort = `${address}/api/communities/${guildId}/cohorts/${cohortId}`;
  console.log(`${RATE} requests/s for ${SECONDS} s each, 20 connections:`);
  await load("cohort overview  GET …/cohorts/:id", cohort, cookie);
  // The applications page asks for one page: 50 rows and one more to know if a next page exists.
  await load(
    "applications page GET …/applications?limit=51",
    `${cohort}/applications?sort=appliedAt&order=asc&limit=51&offset=0`,
    cookie,
  );
  await load("all applications GET …/applications (for comparison)", `${cohort}/applications`, cookie);
  await load("application counts GET …/counts", `${cohort}/applications/counts`, cookie);
  await api.close();
  await database.close();
  await dashboardJs();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
