import "@circles/node-guard";
import { CohortService } from "@circles/core";
import type { ControlClient } from "@circles/discord-sim/client";
import { isWrite } from "../src/provisioning/plan.ts";
import { previewProvisioning } from "../src/provisioning/reconcile.ts";
import { reconcilerOf } from "../src/provisioning/start-provisioning.ts";
import { lastSeq, reconcileNow, startProvisioningWorld } from "../test/provisioning-world.ts";

// `npm run bench:bot`: provisioning figures under the simulator's `discord` rate-limit profile.
// Printed, not asserted: write requests made vs the plan's minimum, 429s received, wall time vs the
// least time the profile's buckets allow for exactly those requests, and a second run's writes.

type Entry = Awaited<ReturnType<ControlClient["requestLog"]>>[number];

async function requestsSince(control: ControlClient, since: number): Promise<Entry[]> {
  const all: Entry[] = [];
  let after = since;
  for (;;) {
    const page = await control.requestLog({ since: after, limit: 1000 });
    all.push(...page);
    if (page.length < 1000) return all;
    after = page.at(-1)!.seq;
  }
}

const botRequests = (entries: Entry[]) =>
  entries.filter((e) => e.auth === "bot" && !e.path.includes("/interactions/"));
const writes = (entries: Entry[]) => botRequests(entries).filter((e) => e.method !== "GET");

/** `PUT /api/guilds/:guildId/...` → the profile's spelling `PUT /guilds/*\/...`. */
function routeKey(e: Entry): string {
  const path = (e.route ?? e.path).replace(/^\/api(\/v\d+)?/, "").replace(/:[A-Za-z]+/g, "*");
  return `${e.method} ${path}`;
}

function majorOf(path: string): string {
  const [resource, id] = path
    .replace(/^\/api(\/v\d+)?/, "")
    .split("/")
    .filter(Boolean);
  return resource === "guilds" || resource === "channels" ? `${resource}/${id}` : "global";
}

/**
 * The least wall time the profile allows for these requests: in each bucket (route × major
 * parameter) `limit` requests per window, so n requests need floor((n-1)/limit) windows; and the
 * global limit over them all. The run cannot be faster than its slowest bucket.
 */
async function profileBound(
  control: ControlClient,
  entries: Entry[],
): Promise<{ ms: number; bucket: string }> {
  const profile = await control.getRateLimits();
  const buckets = new Map<string, number>();
  // A 429 consumes nothing from its bucket: the bound counts the requests that went through.
  const through = botRequests(entries).filter((e) => e.status !== 429);
  for (const e of through) {
    const key = `${routeKey(e)} @ ${majorOf(e.path)}`;
    buckets.set(key, (buckets.get(key) ?? 0) + 1);
  }
  let worst = { ms: 0, bucket: "none" };
  for (const [key, n] of buckets) {
    const limit = profile.routes[key.split(" @ ")[0]!] ?? profile.default;
    if (!limit) continue;
    const ms = Math.floor((n - 1) / limit.limit) * limit.windowMs;
    if (ms > worst.ms)
      worst = { ms, bucket: `${key} (${n} requests, ${limit.limit} per ${limit.windowMs / 1000} s)` };
  }
  const total = through.length;
  if (profile.global) {
    const ms = Math.floor((total - 1) / profile.global.limit) * profile.global.windowMs;
    if (ms > worst.ms) worst = { ms, bucket: `global (${total} requests)` };
  }
  return worst;
}

async function provisionScenario(label: string, groups: number) {
  const setupStarted = Date.now();
  const w = await startProvisioningWorld({ groups });
  const setupS = (Date.now() - setupStarted) / 1000;
  try {
    const deps = reconcilerOf(w.bot!.client);
    const preview = await previewProvisioning(deps, w.guildId, w.cohortId, "live");
    const minimum = preview.plan.steps.filter(isWrite).length;
    await new CohortService(w.database.db).changeState(w.guildId, w.cohortId, "published", {
      userId: w.organiserId,
    });
    await w.control.setRateLimits("discord"); // fresh buckets from here
    const before = await lastSeq(w.control);
    // Through the job queue, as production runs it; timed from the run's start to its end.
    const outcome = await reconcileNow(w, 1_800_000);
    const wallMs = outcome.finishedAt!.getTime() - outcome.startedAt.getTime();
    const made = await requestsSince(w.control, before);
    const bound = await profileBound(w.control, made);
    const rateLimited = made.filter((e) => e.status === 429).length;

    const again = await lastSeq(w.control);
    const second = await reconcileNow(w);
    const secondMs = second.finishedAt!.getTime() - second.startedAt.getTime();
    const secondWrites = writes(await requestsSince(w.control, again)).length;

    console.log(
      `\n## ${label}: ${groups} groups, ${groups * 5} people (set-up ${setupS.toFixed(0)} s, not timed)`,
    );
    console.log(`run state                 ${outcome.state}`);
    const accepted = writes(made).filter((e) => e.status !== 429).length;
    console.log(
      `write requests made       ${writes(made).length}, ${accepted} not rate-limited (plan's minimum ${minimum})`,
    );
    const byRoute = new Map<string, number>();
    for (const e of writes(made)) byRoute.set(routeKey(e), (byRoute.get(routeKey(e)) ?? 0) + 1);
    for (const [route, n] of byRoute) console.log(`  ${String(n).padStart(4)} ${route}`);
    console.log(`429s received             ${rateLimited} (target 0)`);
    console.log(`wall time                 ${(wallMs / 1000).toFixed(1)} s`);
    console.log(`profile bound             ${(bound.ms / 1000).toFixed(1)} s, set by ${bound.bucket}`);
    console.log(
      `wall time over the bound  ${bound.ms > 0 ? `${(((wallMs - bound.ms) / bound.ms) * 100).toFixed(1)} %` : "n/a"} (target within 10 %)`,
    );
    console.log(`second run                ${secondWrites} writes, ${(secondMs / 1000).toFixed(1)} s`);
  } finally {
    await w.close();
  }
}

async function refusalScenario(groups: number, fillerRoles: number) {
  const w = await startProvisioningWorld({ groups });
  try {
    const existing = (await w.control.guild(w.guildId)).roles.length;
    for (let i = 0; i < fillerRoles; i++) await w.control.createRole(w.guildId, { name: `other ${i + 1}` });
    await w.control.setRateLimits("discord");
    const before = await lastSeq(w.control);
    const started = performance.now();
    const preview = await previewProvisioning(reconcilerOf(w.bot!.client), w.guildId, w.cohortId, "live");
    const ms = performance.now() - started;
    console.log(
      `\n## A cohort that does not fit: ${groups} groups in a guild with ${existing + fillerRoles} roles`,
    );
    console.log(
      `refused by the preflight  ${preview.problems.length > 0 ? "yes" : "NO"} in ${ms.toFixed(0)} ms (target < 1000 ms)`,
    );
    for (const problem of preview.problems) console.log(`  ${problem}`);
    console.log(`write requests            ${writes(await requestsSince(w.control, before)).length}`);
  } finally {
    await w.close();
  }
}

const only = process.argv[2];
if (!only || only === "25") await provisionScenario("A 25-group cohort", 25);
if (!only || only === "80") await provisionScenario("The largest cohort one guild holds", 80);
if (!only || only === "refuse") await refusalScenario(85, 170);
process.exit(0);
