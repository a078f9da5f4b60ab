// The matcher: a cohort in, groups, buddies, a waitlist, a report and explanations out.
// Pure and deterministic: the same cohort and seed give the same result (the seed only steers the
// local search's proposals; no clock, no Math.random).
//
// Steps: plan the single-gender groups for the requests the intake should honour (balance-bound.ts:
// B at its proven bound for those requests), give groups their mentors and seat mentees by priority
// (seats.ts), plan again for the requests the seating actually honoured when they differ, spread
// requesters to unbalanced groups (balance-repair.ts), try a few neighbouring plans when a small
// cohort's result leaves a hard violation or misses the bound, improve the soft score by local search
// (improve.ts), restore the priority rule, choose buddies (buddies.ts), then judge the result with the
// checker (check.ts) and explain it (explain.ts).

import {
  boundForHonoured,
  type CohortCounts,
  cohortCounts,
  expectedHonoured,
  type Honoured,
  planForHonoured,
  type SingleGenderPlan,
} from "./balance-bound.ts";
import { spreadForBalance } from "./balance-repair.ts";
import { bestBuddies } from "./buddies.ts";
import { checkMatching } from "./check.ts";
import {
  betterFigures,
  COMPLETE_SEARCH_MAX_PEOPLE,
  completeSearch,
  type Figures,
} from "./complete-search.ts";
import { explainResult } from "./explain.ts";
import { fillFreeSeats, localSearch, repairPriority, totalObjective } from "./improve.ts";
import { buildModel, compatiblePair, FEMALE, MALE, type Model } from "./model.ts";
import { createRng } from "./rng.ts";
import {
  bindingCount,
  cloneSeating,
  groupUnbalanced,
  menteesOf,
  mentorsOf,
  type Seating,
  scoringPeople,
  seatedByGender,
} from "./seating.ts";
import { buildSeating, spreadRequesters } from "./seats.ts";
import type { CheckVerdict, Cohort, GroupKind, MatchedGroup, MatchResult } from "./types.ts";

export interface MatchOptions {
  seed?: number;
}

export interface EngineOptions extends MatchOptions {
  /** Hand edits' pins: person id → group id. Pinned people stay together in a group of that id. */
  pins?: ReadonlyMap<string, string>;
}

/** Local-search proposals per person in the cohort (first round, then after the priority repair). */
const PROPOSALS_PER_PERSON = 30;
const POLISH_PER_PERSON = 10;
const SMALL_COHORT = 200;
const SMALL_COHORT_SEARCHES = 4;

export function matchCohort(cohort: Cohort, options: { seed?: number } = {}): MatchResult {
  return runMatcher(cohort, options);
}

export function runMatcher(cohort: Cohort, options: EngineOptions = {}): MatchResult {
  return runMatcherWithVerdict(cohort, options).result;
}

/** The result and the checker's verdict on it (already computed for the report: no second check). */
export function runMatcherWithVerdict(
  cohort: Cohort,
  options: EngineOptions = {},
): { result: MatchResult; verdict: CheckVerdict } {
  const model = buildModel(cohort, options.pins);
  const counts = cohortCounts(cohort);
  const first = chooseSeating(model, counts);
  const seed = options.seed ?? cohort.seed;
  let outcome = finish(model, first.seating, seed);
  // Small cohorts where the greedy missed H = 0, or the balance bound for the requests it honours: a
  // complete search over mentor pairings and seats (complete-search.ts), kept only when the checker
  // agrees it is better.
  const figures = (o: typeof outcome): Figures => ({
    hard: o.verdict.hardViolations,
    honoured: o.verdict.bindingRequestsHonoured,
    unbalanced: o.verdict.unbalancedGroups,
  });
  const missesBound = (o: typeof outcome): boolean =>
    o.verdict.unbalancedGroups > boundForHonoured(counts, seatedByGender(model, o.seating).honouredBy).bound;
  if (model.n <= COMPLETE_SEARCH_MAX_PEOPLE && (outcome.verdict.hardViolations > 0 || missesBound(outcome))) {
    const found = completeSearch(model, figures(outcome));
    if (found !== undefined) {
      const alternative = finish(model, found, seed);
      if (betterFigures(figures(alternative), figures(outcome))) outcome = alternative;
    }
  }
  const { seating, result, verdict } = outcome;
  return { result: explainResult({ model, seating, result, verdict, counts }), verdict };
}

/** From a first seating: local search on the soft score, the priority rule, buddies, the verdict. */
function finish(model: Model, start: Seating, seed: number) {
  // Small cohorts: several independent searches from the same start, the best one kept (cheap there,
  // and the search's result varies more from one seed to another on few people).
  const searches = model.n <= SMALL_COHORT ? SMALL_COHORT_SEARCHES : 1;
  let seating = start;
  let bestValue = Number.NEGATIVE_INFINITY;
  let rng = createRng(seed);
  for (let k = 0; k < searches; k++) {
    const candidate = searches === 1 ? start : cloneSeating(start);
    const candidateRng = createRng(seed + k * 7919);
    localSearch(model, candidate, candidateRng, { proposalsPerPerson: PROPOSALS_PER_PERSON });
    const value = totalObjective(model, candidate);
    if (value > bestValue + 1e-12) {
      bestValue = value;
      seating = candidate;
      rng = candidateRng;
    }
  }
  if (repairPriority(model, seating) > 0) {
    localSearch(model, seating, rng, { proposalsPerPerson: POLISH_PER_PERSON, hillClimbOnly: true });
    repairPriority(model, seating);
  }
  // The priority repair may have taken a single-gender group's only requester: bring one back from a
  // group of that kind with several, when a swap allows it, and repair again.
  spreadRequesters(model, seating);
  repairPriority(model, seating);
  spreadForBalance(model, seating, { pairAcross: true });
  fillFreeSeats(model, seating);
  const result = toResult(model, seating);
  return { seating, result, verdict: checkMatching(model.cohort, result) };
}

interface Candidate {
  seating: Seating;
  chosen: SingleGenderPlan;
  /** The engine's own counts: hard violations it can see, unbalanced groups, requests honoured. */
  hard: number;
  unbalanced: number;
  honoured: number;
  /** Binding requesters seated, per gender, and the other female / male mentees seated. */
  honouredBy: Honoured;
  others: { female: number; male: number };
}

/** Fewer hard violations; then more binding requests honoured (the program's promise); then balance. */
const better = betterFigures;

/**
 * Builds the seating planned for the requests the intake should honour. The seating may honour
 * others (a requester beyond the nominal intake takes the seat of earlier applicants who cannot sit
 * anywhere; a conflict keeps an expected one out): it is then planned again for the requests it did
 * honour, so that B meets the bound for them. When the result still misses H = 0 or that bound,
 * neighbouring plans are tried too.
 */
export function chooseSeating(m: Model, counts: CohortCounts): Candidate {
  const intake = new Uint8Array(m.n);
  for (const id of counts.intake) intake[m.indexOf.get(id) ?? 0] = 1;
  const build = (plan: SingleGenderPlan): Candidate => {
    const seating = buildSeating(m, plan.women, plan.men, intake);
    fillFreeSeats(m, seating);
    repairPriority(m, seating);
    spreadForBalance(m, seating);
    let unbalanced = 0;
    let honoured = 0;
    for (let g = 0; g < seating.mentors.length; g++) {
      if (groupUnbalanced(m, seating, g)) unbalanced++;
      honoured += bindingCount(m, seating, g);
    }
    const hard = quickHardCount(m, seating);
    return { seating, chosen: plan, hard, unbalanced, honoured, ...seatedByGender(m, seating) };
  };
  const key = (p: SingleGenderPlan) => `${p.women}/${p.men}`;
  const tried = new Set<string>();
  const others = { female: counts.femaleNonBindingInIntake, male: counts.maleNonBindingInIntake };
  const expected = expectedHonoured(counts);
  let best = build(planForHonoured(counts, expected, others));
  tried.add(key(best.chosen));
  // Spreading a gender's requesters one to a group can cost a request: a late requester alone in his
  // group can lose his seat to a waiting earlier applicant whom a second requester of his gender would
  // have kept out. Requests come before balance, so one group fewer of that gender (packing one more
  // pair) is tried, and kept if it honours more.
  for (const kind of ["women", "men"] as const) {
    const planned = best.chosen[kind];
    if (best.honouredBy[kind] >= expected[kind] || planned <= Math.ceil(expected[kind] / m.ke)) continue;
    const packed = { ...best.chosen, [kind]: planned - 1 };
    if (tried.has(key(packed))) continue;
    tried.add(key(packed));
    const candidate = build(packed);
    if (better(candidate, best)) best = candidate;
  }
  for (let round = 0; ; round++) {
    const plan = planForHonoured(counts, best.honouredBy, best.others);
    if (best.hard === 0 && best.unbalanced <= plan.bound) return best;
    if (round === 3 || tried.has(key(plan))) break;
    tried.add(key(plan));
    const candidate = build(plan);
    if (!better(candidate, best)) break;
    best = candidate;
  }
  // Large cohorts with H = 0: each build costs a good part of the time budget, and the balance repair
  // (balance-repair.ts) already spreads requesters after the fact; neighbours only for small ones.
  if (best.hard === 0 && m.n > SMALL_COHORT) return best;
  const maxWomen = Math.min(m.groupCount, Math.floor(count(m, FEMALE) / m.km));
  const maxMen = Math.min(m.groupCount, Math.floor(count(m, MALE) / m.km));
  for (const [dw, dm] of [
    [-1, 0],
    [0, -1],
    [1, 0],
    [0, 1],
    [-1, -1],
    [-1, 1],
    [1, -1],
  ] as const) {
    const w = best.chosen.women + dw;
    const n = best.chosen.men + dm;
    if (w < 0 || n < 0 || w > maxWomen || n > maxMen || w + n > m.groupCount || tried.has(`${w}/${n}`))
      continue;
    tried.add(`${w}/${n}`);
    const candidate = build({ ...best.chosen, women: w, men: n });
    if (better(candidate, best)) best = candidate;
  }
  return best;
}

/** The hard rules the engine's seating can break by itself: group shapes, conflicts, split pins. */
export function quickHardCount(m: Model, s: Seating): number {
  let count = 0;
  for (let g = 0; g < s.mentors.length; g++) {
    const mentors = mentorsOf(s, g);
    const mentees = menteesOf(s, g);
    count += Math.abs(mentors.length - m.km);
    count += m.full ? Math.abs(mentees.length - m.ke) : Math.max(0, mentees.length - m.ke);
    const members = [...mentors, ...mentees];
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        if (!compatiblePair(m, members[i] as number, members[j] as number)) count++;
      }
    }
  }
  for (const c of m.clusters) {
    const groups = new Set(c.members.map((x) => s.groupOf[x]));
    if (groups.size > 1 && c.mentees.some((x) => s.groupOf[x] !== -1)) count++;
  }
  return count;
}

function count(m: Model, sex: number): number {
  return m.mentorsByPriority.reduce((s, p) => s + (m.sex[p] === sex ? 1 : 0), 0);
}

export function groupIds(s: Seating): string[] {
  const width = Math.max(2, String(s.mentors.length).length);
  const taken = new Set(s.pinnedId.filter((id): id is string => id !== undefined));
  let next = 1;
  return s.mentors.map((_, g) => {
    const pinned = s.pinnedId[g];
    if (pinned !== undefined) return pinned;
    let id: string;
    do id = `group-${String(next++).padStart(width, "0")}`;
    while (taken.has(id));
    return id;
  });
}

export function kindOf(m: Model, s: Seating, g: number): GroupKind {
  for (const x of menteesOf(s, g)) {
    if (m.binding[x] === 1) return m.sex[x] === FEMALE ? "women" : "men";
  }
  return "mixed";
}

/** The result's groups, buddies, waitlist and unplaced mentors (reasons are filled in by explain.ts). */
export function toResult(m: Model, s: Seating): MatchResult {
  const ids = groupIds(s);
  const groups: MatchedGroup[] = s.mentors.map((mentorIdx, g) => {
    const menteeIdx = menteesOf(s, g);
    const mentors = scoringPeople(m, mentorIdx);
    const { buddyOf } = bestBuddies(mentors, scoringPeople(m, menteeIdx));
    const buddies: Record<string, string> = {};
    menteeIdx.forEach((x, i) => {
      const buddy = mentors[buddyOf[i] ?? -1];
      if (buddy !== undefined) buddies[m.sp[x]?.id ?? ""] = buddy.id;
    });
    return {
      id: ids[g] ?? "",
      kind: kindOf(m, s, g),
      mentors: mentorsOf(s, g).map((x) => m.sp[x]?.id ?? ""),
      mentees: menteeIdx.map((x) => m.sp[x]?.id ?? ""),
      buddies,
    };
  });
  return {
    version: 1,
    groups,
    waitlist: m.menteesByPriority
      .filter((x) => s.groupOf[x] === -1)
      .map((x) => ({ id: m.sp[x]?.id ?? "", reason: "capacity" })),
    unplacedMentors: m.mentorsByPriority
      .filter((x) => s.groupOf[x] === -1)
      .map((x) => ({ id: m.sp[x]?.id ?? "", reason: "no group" })),
  };
}
