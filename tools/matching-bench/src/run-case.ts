// One benchmark case in its own process, so that its memory figures are its own:
//   tsx run-case.ts PEOPLE SEED PROFILE RUNS [COUNTS]   (COUNTS: JSON of generateCohort's exact counts)
// generates the cohort, runs the matcher RUNS times and prints one JSON line: the wall and CPU time
// of each run, the process's resident set size just before the first run and its peak (maxRSS, which the
// kernel keeps), the V8 heap in use before and after, whether every run gave the same result, the
// last result, and then the checker's time on that result.
import "@circles/node-guard";
import {
  type CohortProfile,
  checkMatching,
  type GenerateCohortOptions,
  generateCohort,
  matchCohort,
} from "@circles/core/matching";

const [people, seed, profile, runs, counts] = process.argv.slice(2);
const cohort = generateCohort({
  ...(JSON.parse(counts ?? "{}") as Partial<GenerateCohortOptions>),
  people: Number(people),
  seed: Number(seed),
  profile: profile as CohortProfile,
});

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const rssBeforeBytes = process.memoryUsage().rss;
const heapBeforeBytes = process.memoryUsage().heapUsed;
const times: number[] = [];
// CPU time of each run too: on a loaded machine wall time includes waiting for a core, CPU time not.
const cpuTimes: number[] = [];
let first: string | undefined;
let deterministic = true;
let last: unknown;
for (let i = 0; i < Number(runs); i++) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = matchCohort(cohort);
  times.push(performance.now() - started);
  const used = process.cpuUsage(cpu);
  cpuTimes.push((used.user + used.system) / 1000);
  const text = JSON.stringify(result);
  if (first === undefined) first = text;
  else if (text !== first) deterministic = false;
  last = result;
}
const heapAfterBytes = process.memoryUsage().heapUsed;
// The checker alone (the matcher also runs it for its report), after the memory figures.
const checkTimes: number[] = [];
for (let i = 0; i < Number(runs); i++) {
  const started = performance.now();
  checkMatching(cohort, last as Parameters<typeof checkMatching>[1]);
  checkTimes.push(performance.now() - started);
}
process.stdout.write(
  `${JSON.stringify({
    times,
    cpuTimes,
    checkTimes,
    rssBeforeBytes,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    heapBeforeBytes,
    heapAfterBytes,
    deterministic,
    result: last,
  })}\n`,
);
