import "@circles/node-guard";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { ApplicationImportService, CohortService, MemberService } from "@circles/core";
import {
  createTestCommunity,
  createTestDatabase,
  runTsx,
  testDatabaseKind,
  testSnowflake,
} from "@circles/core/testing";
import { sql } from "kysely";
import { SESSION_COOKIE, SESSION_LIFETIME_MS, SessionCodec } from "../src/session/session-cookie.ts";
import { buildApi } from "../src/start.ts";

// `npm run bench:api`: the cohort overview and the applications page's API (the page of 50 rows it
// asks for, and the whole list for comparison) for a 1,000-applicant cohort at 500 requests/s, and
// the dashboard's JavaScript gzipped. The load comes from a separate process, as a browser's would.
// Prints figures; asserts nothing. BENCH_RATE and BENCH_SECONDS change the load.

const APPLICANTS = 1_000;
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Seconds at the same rate before the measured ones (JIT, pool connections, first plans). */
const WARM_UP = Number(process.env.BENCH_WARMUP ?? 2);
/** BENCH_ONLY=overview,page,all,counts (any of them) loads only those URLs (to profile one route). */
const ONLY = process.env.BENCH_ONLY?.split(",");
const PROFILE_DIR = process.env.BENCH_PROFILE;
const benchDir = fileURLToPath(new URL(".", import.meta.url));
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
  // A database in use has statistics and a visibility map (autovacuum keeps them); right after a bulk
  // import it has neither yet.
  await sql`analyze`.execute(database.db);
  return { database, guildId, cohortId: cohort.id, organiser };
}

/**
 * Loads one URL from a separate process (`load-generator.ts`) and prints its latency figures and the
 * server's CPU time per request. BENCH_PROFILE=<folder> also saves the server's CPU profile of the run.
 */
/** How long the server took for each request, from its arrival to the answer's end (fastify's elapsedTime). */
const serverTimes: number[] = [];

async function load(name: string, label: string, url: string, cookie: string) {
  serverTimes.length = 0;
  const profiler = PROFILE_DIR ? await startProfiler() : undefined;
  const generator = runTsx(
    benchDir,
    "load-generator.ts",
    [url, String(RATE), String(SECONDS), String(WARM_UP)],
    {
      BENCH_COOKIE: cookie,
    },
  );
  const pauses: number[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      pauses.push(entry.duration);
    }
  });
  gc.observe({ entryTypes: ["gc"] });
  const cpuBefore = process.cpuUsage();
  const code = await generator.exited;
  const cpu = process.cpuUsage(cpuBefore);
  gc.disconnect();
  if (profiler && PROFILE_DIR) {
    await mkdir(PROFILE_DIR, { recursive: true });
    const { profile, allocations } = await profiler.stop();
    await writeFile(path.join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
    await writeFile(path.join(PROFILE_DIR, `${name}.heapprofile`), JSON.stringify(allocations));
  }
  const line = generator.output().trim().split("\n").at(-1) ?? "";
  if (code !== 0) throw new Error(`the load generator exited with ${code}: ${generator.output()}`);
  const result = JSON.parse(line) as {
    requests: number;
    sent: number;
    latency: Record<string, number>;
    errors: number;
  };
  const { p50, p90, p99, max } = result.latency;
  // The server's CPU covers the warm-up's requests too.
  const perRequest = (micros: number) => (micros / 1000 / result.sent).toFixed(2);
  console.log(
    `${label.padEnd(34)} ${String(result.requests).padStart(6)} requests  ` +
      `p50 ${p50} ms  p90 ${p90} ms  p99 ${p99} ms  max ${max} ms  errors ${result.errors}  ` +
      `server CPU ${perRequest(cpu.user)} user + ${perRequest(cpu.system)} system ms/request, ` +
      `server-side p50 ${quantile(serverTimes, 0.5)} p99 ${quantile(serverTimes, 0.99)} ms, ` +
      `GC ${pauses.length} pauses ${Math.round(pauses.reduce((a, b) => a + b, 0))} ms (longest ${Math.max(0, ...pauses).toFixed(1)} ms)`,
  );
}

function quantile(values: number[], q: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1);
}

async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 16_384,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return {
    stop: async () => {
      const { profile } = await session.post("Profiler.stop");
      const { profile: allocations } = await session.post("HeapProfiler.stopSampling");
      session.disconnect();
      return { profile, allocations };
    },
  };
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
  api.addHook("onResponse", async (_request, reply) => {
    serverTimes.push(reply.elapsedTime);
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
  console.log(
    `${RATE} requests/s for ${SECONDS} s each after ${WARM_UP} s of warm-up, on a fixed schedule (open model):`,
  );
  const targets = {
    overview: ["cohort overview  GET …/cohorts/:id", cohort],
    // The applications page asks for one page: 50 rows and one more to know if a next page exists.
    page: [
      "applications page GET …/applications?limit=51",
      `${cohort}/applications?sort=appliedAt&order=asc&limit=51&offset=0`,
    ],
    all: ["all applications GET …/applications (for comparison)", `${cohort}/applications`],
    counts: ["application counts GET …/counts", `${cohort}/applications/counts`],
  } as const;
  for (const [name, [label, url]] of Object.entries(targets))
    if (!ONLY || ONLY.includes(name)) await load(name, label, url, cookie);
  await api.close();
  await database.close();
  await dashboardJs();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
