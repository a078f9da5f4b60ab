// `npm run bench:match`: the matcher on synthetic cohorts, judged by the product's checker.
// Prints, per case: time (median of several runs, each case in its own child process), memory (peak
// RSS of that process and its growth over the RSS just before the first run), H, R (binding requests
// honoured), B beside the proven lower bound for those requests and its gap to it (and, for small
// cohorts, the exact minimum B at the same R), S beside a reference —
// the exact optimum (HiGHS) at the matcher's B for small cohorts, an upper bound for large ones — and
// the relative gap. Figures only: nothing here passes or fails.
//
//   npm run --silent bench:match                      (every case; the exact solves take minutes)
//   npm run --silent bench:match -w @circles/matching-bench -- [--no-exact] [--only NAME[,NAME]] [--runs N]
// (flags must go through the workspace script: the root script's npm would take them as its own.)
import "@circles/node-guard";
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import {
  type CohortProfile,
  checkMatching,
  type GenerateCohortOptions,
  generateCohort,
  ISSUE_8_COHORT,
  type MatchResult,
  unbalancedLowerBound,
} from "@circles/core/matching";
import { coupledSoftScoreUpperBound } from "./coupled-bound.ts";
import { honouredByGender } from "./honoured.ts";
import { type ExactOutcome, solveExact } from "./solve-exact.ts";
import { softScoreUpperBound, softScoreUpperBoundForPlaced } from "./upper-bound.ts";

interface Case {
  name: string;
  people: number;
  seed: number;
  profile: CohortProfile;
  runs: number;
  exact: boolean;
  /** Exact counts for generateCohort (mentors, their genders, binding requesters). */
  counts?: Pick<GenerateCohortOptions, "mentors" | "femaleMentors" | "maleMentors" | "bindingRequesters">;
}

const CASES: Case[] = [
  { name: "typical-30", people: 30, seed: 1, profile: "typical", runs: 9, exact: true },
  { name: "adversarial-30", people: 30, seed: 1, profile: "adversarial", runs: 9, exact: true },
  { name: "adversarial-men-30", people: 30, seed: 1, profile: "adversarial-men", runs: 9, exact: true },
  { name: "typical-300", people: 300, seed: 1, profile: "typical", runs: 9, exact: false },
  { name: "adversarial-300", people: 300, seed: 1, profile: "adversarial", runs: 9, exact: false },
  { name: "adversarial-men-300", people: 300, seed: 1, profile: "adversarial-men", runs: 9, exact: false },
  { name: "typical-5000", people: 5000, seed: 1, profile: "typical", runs: 5, exact: false },
  { name: "adversarial-5000", people: 5000, seed: 1, profile: "adversarial", runs: 5, exact: false },
  { name: "adversarial-men-5000", people: 5000, seed: 1, profile: "adversarial-men", runs: 5, exact: false },
  // Issue 8's cohort: 1,700 mentors (737 female, 784 male), 428 binding requesters. Seed 4: the matcher
  // before issue 8 packed its 37 men's requests into 36 all-men groups there (B 175, bound 174).
  { name: "issue-8-5000", ...ISSUE_8_COHORT, seed: 4, runs: 5, exact: false, counts: ISSUE_8_COHORT },
];
const EXACT_TIME_LIMIT_SECONDS = 180;

interface CaseRun {
  times: number[];
  cpuTimes: number[];
  checkTimes: number[];
  rssBeforeBytes: number;
  maxRssBytes: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  deterministic: boolean;
  result: MatchResult;
}

function runInChild(c: Case, runs: number): CaseRun {
  const script = fileURLToPath(new URL("./run-case.ts", import.meta.url));
  const child = spawnSync(
    process.execPath,
    [
      "--expose-gc",
      "--import",
      "tsx",
      script,
      String(c.people),
      String(c.seed),
      c.profile,
      String(runs),
      JSON.stringify(c.counts ?? {}),
    ],
    { cwd: fileURLToPath(new URL("..", import.meta.url)), encoding: "utf8", maxBuffer: 1 << 30 },
  );
  if (child.status !== 0) throw new Error(`case ${c.name} failed (exit ${child.status}):\n${child.stderr}`);
  return JSON.parse(child.stdout) as CaseRun;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

function parseFlags(argv: string[]) {
  let exact = true;
  let only: Set<string> | undefined;
  let runs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--no-exact") exact = false;
    else if (a === "--only") only = new Set((argv[++i] ?? "").split(","));
    else if (a === "--runs") runs = Number(argv[++i]);
    else {
      process.stderr.write(
        `bench:match: unknown argument "${a}" (use --no-exact, --only NAME[,NAME], --runs N)\n`,
      );
      process.exit(2);
    }
  }
  return { exact, only, runs };
}

interface Row {
  cells: string[];
  notes: string[];
}

async function benchCase(c: Case, flags: ReturnType<typeof parseFlags>): Promise<Row> {
  const run = runInChild(c, flags.runs ?? c.runs);
  const cohort = generateCohort({ ...c.counts, people: c.people, seed: c.seed, profile: c.profile });
  const verdict = checkMatching(cohort, run.result);
  const bound = unbalancedLowerBound(cohort, honouredByGender(cohort, run.result));
  const notes: string[] = [];
  const placed = run.result.groups.reduce((n, g) => n + g.mentees.length, 0);

  let bCell = `${verdict.unbalancedGroups} (≥ ${bound})`;
  let reference = "";
  let gap = "";
  let strictReference = "";
  let strictGap = "";
  if (c.exact && flags.exact) {
    // The matcher's own result (when H = 0) is a MIP start: it only speeds HiGHS up, never changes the optimum.
    const start = verdict.hardViolations === 0 ? { start: run.result } : {};
    // The least B over the results honouring as many women's and men's requests (the class the
    // bound is for), and at the same total R (which may honour other requests).
    const honoured = honouredByGender(cohort, run.result);
    const leastB = await solveExact(cohort, {
      timeLimitSeconds: EXACT_TIME_LIMIT_SECONDS,
      balanceOnly: true,
      honoured,
      ...start,
    });
    const leastAtR = await solveExact(cohort, {
      timeLimitSeconds: EXACT_TIME_LIMIT_SECONDS,
      balanceOnly: true,
      honoured: verdict.bindingRequestsHonoured,
      ...start,
    });
    const minB = leastB.verdict?.unbalancedGroups;
    const state = (o: ExactOutcome) => (o.status === "optimal" ? "" : ` ${o.status}`);
    if (minB !== undefined)
      bCell = `${verdict.unbalancedGroups} (≥ ${bound}; exact min ${minB}${state(leastB)})`;
    notes.push(
      `exact min B with ${honoured.women} women's and ${honoured.men} men's requests honoured: ${minB ?? "-"} (${leastB.status}, ${leastB.seconds.toFixed(1)} s)`,
    );
    const v0 = leastAtR.verdict;
    if (v0 !== undefined) {
      const split = honouredByGender(cohort, leastAtR.result!);
      notes.push(
        `exact min B at R = ${verdict.bindingRequestsHonoured} (any requests): ${v0.unbalancedGroups}${state(leastAtR)}, honouring ${split.women} women's and ${split.men} men's (${leastAtR.seconds.toFixed(1)} s)`,
      );
    }
    const atB: ExactOutcome = await solveExact(cohort, {
      timeLimitSeconds: EXACT_TIME_LIMIT_SECONDS,
      maxUnbalanced: verdict.unbalancedGroups,
      ...start,
    });
    const v = atB.verdict;
    if (v === undefined) {
      reference = `exact: ${atB.status}`;
    } else {
      const solved = atB.status === "optimal";
      const refS = solved ? v.softScore : (atB.softScoreBound ?? v.softScore);
      reference = `${refS.toFixed(4)} ${solved ? "exact" : `bound (${atB.status})`} at B ≤ ${verdict.unbalancedGroups}`;
      gap = pct((refS - verdict.softScore) / refS);
      if (v.hardViolations !== 0) notes.push(`EXACT MODEL BROKEN: the checker finds H = ${v.hardViolations}`);
      if (Math.abs((atB.modelSoftScore ?? 0) - v.softScore) > 1e-6) {
        notes.push(`EXACT MODEL BROKEN: model S ${atB.modelSoftScore} ≠ checker S ${v.softScore}`);
      }
      notes.push(
        `exact at B ≤ ${verdict.unbalancedGroups}: S ${v.softScore.toFixed(4)}, B ${v.unbalancedGroups}, binding honoured ` +
          `${v.bindingRequestsHonoured}/${v.bindingRequests}, ${atB.rows} rows × ${atB.columns} columns, ${atB.seconds.toFixed(1)} s`,
      );
    }
    // The second reference seats exactly the matcher's mentees (the earliest applicants the rules let
    // in, as the schema promises): the gap left is then the matcher's grouping alone, not its intake.
    if (verdict.hardViolations === 0) {
      const placedIds = new Set(run.result.groups.flatMap((g) => g.mentees));
      const strict = await solveExact(cohort, {
        timeLimitSeconds: EXACT_TIME_LIMIT_SECONDS,
        maxUnbalanced: verdict.unbalancedGroups,
        placedMentees: placedIds,
        start: run.result,
      });
      const sv = strict.verdict;
      if (sv === undefined) strictReference = `exact: ${strict.status}`;
      else {
        const solved = strict.status === "optimal";
        const refS = solved ? sv.softScore : (strict.softScoreBound ?? sv.softScore);
        strictReference = `${refS.toFixed(4)} ${solved ? "exact" : `bound (${strict.status})`}`;
        strictGap = pct((refS - verdict.softScore) / refS);
        if (sv.hardViolations !== 0)
          notes.push(`EXACT MODEL BROKEN (placed set fixed): the checker finds H = ${sv.hardViolations}`);
        notes.push(
          `exact with the matcher's placed set, B ≤ ${verdict.unbalancedGroups}: S ${sv.softScore.toFixed(4)}, ` +
            `B ${sv.unbalancedGroups}, ${strict.seconds.toFixed(1)} s`,
        );
      }
    }
  } else {
    const perMentee = softScoreUpperBound(cohort, placed);
    const coupled = await coupledSoftScoreUpperBound(cohort, {
      maxUnbalanced: verdict.unbalancedGroups,
      placedAtLeast: placed,
    });
    const ub = Math.min(perMentee.bound, coupled?.bound ?? 1);
    reference = `${ub.toFixed(4)} upper bound at B ≤ ${verdict.unbalancedGroups}`;
    gap = pct((ub - verdict.softScore) / ub);
    notes.push(
      `upper bounds on S: per mentee ${perMentee.bound.toFixed(4)}, coupled LP ${coupled === undefined ? "n/a" : `${coupled.bound.toFixed(4)} (${coupled.status}, ${coupled.seconds.toFixed(1)} s)`}`,
    );
    if (perMentee.unplaceable > 0) notes.push(`${perMentee.unplaceable} mentees have no legal mentor set`);
    // The same two bounds with the placed set fixed to the matcher's (the priority rule forces it, up
    // to the few conflict cases): the gap left is the grouping's, not the intake's.
    if (verdict.hardViolations === 0) {
      const placedIds = new Set(run.result.groups.flatMap((g) => g.mentees));
      const perMenteeFixed = softScoreUpperBoundForPlaced(cohort, placedIds);
      const coupledFixed = await coupledSoftScoreUpperBound(cohort, {
        maxUnbalanced: verdict.unbalancedGroups,
        placedIds,
      });
      const fixedUb = Math.min(perMenteeFixed ?? 1, coupledFixed?.bound ?? 1);
      strictReference = `${fixedUb.toFixed(4)} upper bound at B ≤ ${verdict.unbalancedGroups}`;
      strictGap = pct((fixedUb - verdict.softScore) / fixedUb);
      notes.push(
        `upper bounds on S, matcher's placed set: per mentee ${perMenteeFixed?.toFixed(4) ?? "n/a"}, coupled LP ${coupledFixed === undefined ? "n/a" : `${coupledFixed.bound.toFixed(4)} (${coupledFixed.status}, ${coupledFixed.seconds.toFixed(1)} s)`}`,
      );
    }
  }
  if (!run.deterministic) notes.push("NOT DETERMINISTIC: runs with the same input and seed differed");
  const rules = [...new Set(verdict.violations.map((v) => v.rule))];
  if (rules.length > 0) notes.push(`violations: ${rules.join(", ")}`);

  return {
    cells: [
      c.name,
      `${median(run.times).toFixed(1)} (${Math.min(...run.times).toFixed(1)}–${Math.max(...run.times).toFixed(1)})`,
      median(run.cpuTimes).toFixed(1),
      `${mb(run.maxRssBytes)} (+${mb(Math.max(0, run.maxRssBytes - run.rssBeforeBytes))})`,
      median(run.checkTimes).toFixed(1),
      String(verdict.hardViolations),
      `${verdict.bindingRequestsHonoured}/${verdict.bindingRequests}`,
      bCell,
      String(verdict.unbalancedGroups - bound),
      verdict.softScore.toFixed(4),
      reference,
      gap,
      strictReference,
      strictGap,
      `${placed}/${cohort.people.filter((p) => p.role === "mentee").length}`,
    ],
    notes,
  };
}

function printTable(header: string[], rows: Row[]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r.cells));
}

const flags = parseFlags(process.argv.slice(2));
const header = [
  "case",
  "time ms median (min–max)",
  "CPU ms median",
  "peak RSS MB (+growth)",
  "check ms",
  "H",
  "R (honoured / requests)",
  "B (bound at R)",
  "B − bound",
  "S",
  "reference S (any intake)",
  "gap",
  "ref S / bound (matcher's placed set)",
  "gap (placed set)",
  "placed",
];
const rows: Row[] = [];
for (const c of CASES) {
  if (flags.only !== undefined && !flags.only.has(c.name)) continue;
  process.stderr.write(`bench:match: ${c.name}…\n`);
  rows.push(await benchCase(c, flags));
}
const load = loadavg().map((x) => x.toFixed(1));
console.log(
  `Matcher on synthetic cohorts (generateCohort, seed 1; issue-8-5000 seed 4), Node ${process.versions.node}, ${availableParallelism()} cores, ` +
    `load average ${load.join(" / ")} (1 / 5 / 15 min; above the core count, times are inflated). ` +
    "Time: wall time of matchCohort, " +
    "median over the runs of one child process (the first run includes JIT warm-up); CPU: the process's user + " +
    "system CPU time over the same call (the main thread plus any GC helper threads), which waiting for a core " +
    "does not inflate. Memory: that process's peak " +
    "RSS (process.resourceUsage().maxRSS; includes Node, tsx and the generated cohort) and its growth over the RSS " +
    "measured just before the first run (after a forced GC).\n",
);
printTable(header, rows);
for (const [i, r] of rows.entries()) {
  for (const n of r.notes) console.log(`- ${r.cells[0] ?? i}: ${n}`);
}
console.log(
  "\nR: binding single-gender requests honoured. B (bound at R): unbalanced groups, the proven lower bound " +
    "for results honouring as many women's and men's requests over every way of forming the single-gender " +
    "groups (balance-bound.ts), and for small cohorts the exact least B of any result with H = 0 and the same R " +
    "(HiGHS, B alone in the objective). B − bound: the matcher's distance to that bound (its report says which " +
    "rule stops it when above 0).",
);
console.log(
  "\nReference S: small cohorts, the exact optimum of an integer program (HiGHS) with every hard rule and " +
    "B at most the matcher's B, its result re-judged by the checker; large cohorts, the lower of two upper bounds: " +
    "each mentee's best score over the mentor sets it may legally join (mentors not shared), and a linear program " +
    "over types of people with shared mentors, buddy loads, balance and the experience spread (coupled-bound.ts). " +
    "The exact reference may seat other mentees than the matcher (a later applicant in an earlier one's place, " +
    "when the priority rule allows it); ref S (matcher's placed set) is the exact optimum that seats exactly " +
    "the matcher's mentees (the earliest the rules let in), so its gap measures the grouping alone; on large " +
    "cohorts the same two upper bounds with the placed set fixed to the matcher's.",
);
