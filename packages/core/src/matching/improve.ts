// After the first matching: local search on the soft score, then the priority rule.
//
// Local search: mentee swaps (or moves into a free seat) between groups and mentor swaps, each kept
// only when it breaks no hard rule, keeps every group's binding requester (so single-gender groups
// stay honoured), lets no waiting earlier applicant claim a seat that could cost a request (claimFree),
// does not add an unbalanced group, and does not lower the objective: the groups'
// soft-score sums (buddies chosen optimally per group, by `buddies.ts`, with the shared `score.ts`
// functions) minus a small penalty per `previouslyGroupedWith` pair. Half the proposals are aimed: at
// a mentor who offers an area a mentee lacks. A fixed budget of seeded proposals keeps it
// deterministic.
//
// Priority repair: a waiting mentee who could take the seat of a later-applying placed mentee (not
// pinned by `together`) without breaking a hard rule takes it. Each swap seats an earlier applicant
// in place of a later one, so the repair ends.

import { bestBuddyValue } from "./buddies.ts";
import { isClustered, type Model } from "./model.ts";
import type { Rng } from "./rng.ts";
import {
  experienceSpread,
  menteeMentorScore,
  mentorsAreaMask,
  type ScoringPerson,
  WEIGHT_BUDDY_AREAS,
  WEIGHT_EXPERIENCE_SPREAD,
} from "./score.ts";
import {
  bindingCount,
  canJoin,
  groupUnbalanced,
  kindAllows,
  menteesOf,
  mentorsOf,
  replaceIn,
  type Seating,
  seat,
  swapSeated,
  unseat,
} from "./seating.ts";

/** Per pair of people grouped again, in units of one mentee's soft score (a tie-breaker, mostly). */
export const PREVIOUS_PAIR_PENALTY = 0.02;

export function previousPairs(m: Model, s: Seating, g: number): number {
  return (prevInGroup(m, s, mentorsOf(s, g), g) + prevInGroup(m, s, menteesOf(s, g), g)) / 2;
}

function prevInGroup(m: Model, s: Seating, members: readonly number[], g: number): number {
  let count = 0;
  for (const x of members) {
    const before = m.prevOf[x];
    if (before === undefined || before.length === 0) continue;
    for (const q of before) if (s.groupOf[q] === g) count++;
  }
  return count;
}

const mentorBuffer: ScoringPerson[] = [];
const menteeBuffer: ScoringPerson[] = [];

function fill(buffer: ScoringPerson[], m: Model, ids: readonly number[]): void {
  buffer.length = ids.length;
  for (let i = 0; i < ids.length; i++) buffer[i] = m.sp[ids[i] as number] as ScoringPerson;
}

/**
 * The group's soft-score sum with its best buddies: what the local search maximises, per group.
 * Equal to score.ts `groupSoftScoreSum` with `bestBuddies`' assignment (a test checks it), written
 * with score.ts's parts so that it allocates nothing.
 */
export function groupSoftValue(m: Model, s: Seating, g: number): number {
  fill(menteeBuffer, m, menteesOf(s, g));
  const n = menteeBuffer.length;
  if (n === 0) return 0;
  fill(mentorBuffer, m, mentorsOf(s, g));
  const mask = mentorsAreaMask(mentorBuffer);
  let sum = 0;
  for (let i = 0; i < n; i++)
    sum += menteeMentorScore(menteeBuffer[i] as ScoringPerson, mentorBuffer, undefined, mask);
  return (
    sum +
    n * WEIGHT_EXPERIENCE_SPREAD * experienceSpread(menteeBuffer) +
    WEIGHT_BUDDY_AREAS * bestBuddyValue(mentorBuffer, menteeBuffer)
  );
}

/** The local search's objective for the whole seating (soft-score sum minus previous-pair penalties). */
export function totalObjective(m: Model, s: Seating): number {
  let sum = 0;
  for (let g = 0; g < s.mentors.length; g++) sum += objective(m, s, g);
  return sum;
}

function objective(m: Model, s: Seating, g: number): number {
  return (
    groupSoftValue(m, s, g) - PREVIOUS_PAIR_PENALTY * (m.prevKeys.size === 0 ? 0 : previousPairs(m, s, g))
  );
}

/** Small cohorts get more proposals per person (they are cheap, and their exact optimum is known). */
const PROPOSALS_FLOOR_PER_PERSON = 2000;
const PROPOSALS_FLOOR_CAP = 240_000;

export interface SearchOptions {
  /** Proposals per person in the cohort. */
  proposalsPerPerson: number;
  /** A short polish: plain hill climbing, no floor of proposals for small cohorts. */
  hillClimbOnly?: boolean;
}

interface Search {
  m: Model;
  s: Seating;
  /** objective(g), kept current. */
  value: Float64Array;
  /** Each seated mentee's mentor part (score.ts menteeMentorScore without buddy) in its group. */
  mentorPart: Float64Array;
  /** Per group, the sum of its mentees' mentor parts. */
  mentorPartSum: Float64Array;
  /** Scratch: the mentor parts a proposal computed, for its commit. */
  partA: number;
  partB: number;
  /**
   * Waiting mentees who are not binding requesters and applied before the latest binding requester
   * seated, in priority order: the ones a proposal must not let claim a seat (see claimFree).
   */
  waiting: number[];
}

/**
 * Whether no waiting mentee in `t.waiting` could take the seat of a later applicant in group g after a
 * proposal (the priority repair would hand it over). Every mentee's seat is guarded, not only a lone
 * requester's: a seat handed over sends its mentee to claim the latest seat they can join, a chain
 * that can end on the latest applicants seated, often binding requesters seated beyond the nominal
 * intake two to a group (a request lost). `t.waiting` holds only the waiting mentees who applied
 * before the latest requester seated: a claim by a later applicant is harmless to requests (each seat
 * in its chain goes to a later applicant still), so the search stays free there.
 */
function claimFree(t: Search, g: number): boolean {
  const { m, s } = t;
  if (t.waiting.length === 0) return true;
  for (const p of menteesOf(s, g)) {
    if (isClustered(m, p)) continue;
    const limit = m.rank[p] ?? 0;
    for (const w of t.waiting) {
      if ((m.rank[w] ?? 0) >= limit) break;
      if (canJoin(m, s, w, g, p)) return false;
    }
  }
  return true;
}

function mentorPartIn(m: Model, s: Seating, x: number, g: number): number {
  fill(mentorBuffer, m, mentorsOf(s, g));
  return menteeMentorScore(m.sp[x] as ScoringPerson, mentorBuffer, undefined);
}

/** The objective without the mentor parts: experience spread, buddies, previously grouped pairs. */
function restOf(m: Model, s: Seating, g: number): number {
  fill(menteeBuffer, m, menteesOf(s, g));
  const n = menteeBuffer.length;
  const penalty = m.prevKeys.size === 0 ? 0 : PREVIOUS_PAIR_PENALTY * previousPairs(m, s, g);
  if (n === 0) return -penalty;
  fill(mentorBuffer, m, mentorsOf(s, g));
  return (
    n * WEIGHT_EXPERIENCE_SPREAD * experienceSpread(menteeBuffer) +
    WEIGHT_BUDDY_AREAS * bestBuddyValue(mentorBuffer, menteeBuffer) -
    penalty
  );
}

/** Recomputes a group's cached parts from scratch (after its mentors changed). */
function recompute(t: Search, g: number): void {
  const { m, s } = t;
  let sum = 0;
  for (const x of menteesOf(s, g)) {
    const part = mentorPartIn(m, s, x, g);
    t.mentorPart[x] = part;
    sum += part;
  }
  t.mentorPartSum[g] = sum;
  t.value[g] = sum + restOf(m, s, g);
}

/**
 * Tries swapping mentees a and b (b = -1: moving a into a free seat of gb); returns the gain.
 * `partA`, a's mentor part in gb, may be passed when already known (it does not depend on b).
 */
function menteeSwapGain(t: Search, a: number, b: number, gb: number, partA?: number): number {
  const { m, s } = t;
  const ga = s.groupOf[a] ?? -1;
  if (b >= 0 && isClustered(m, b)) return Number.NEGATIVE_INFINITY;
  if (b < 0 && menteesOf(s, gb).length >= m.ke) return Number.NEGATIVE_INFINITY;
  if (!kindAllows(m, s, a, gb) || !canJoin(m, s, a, gb, b)) return Number.NEGATIVE_INFINITY;
  if (b >= 0 && (!kindAllows(m, s, b, ga) || !canJoin(m, s, b, ga, a))) return Number.NEGATIVE_INFINITY;
  const bindA = m.binding[a] ?? 0;
  const bindB = b >= 0 ? (m.binding[b] ?? 0) : 0;
  if (bindA !== bindB) {
    // A single-gender group keeps at least one binding requester, a mixed group gets none.
    const ca = bindingCount(m, s, ga);
    const cb = bindingCount(m, s, gb);
    if (ca > 0 !== ca - bindA + bindB > 0 || cb > 0 !== cb - bindB + bindA > 0)
      return Number.NEGATIVE_INFINITY;
  }
  t.partA = partA ?? mentorPartIn(m, s, a, gb);
  t.partB = b >= 0 ? mentorPartIn(m, s, b, ga) : 0;
  const sumA = (t.mentorPartSum[ga] ?? 0) - (t.mentorPart[a] ?? 0) + t.partB;
  const sumB = (t.mentorPartSum[gb] ?? 0) - (b >= 0 ? (t.mentorPart[b] ?? 0) : 0) + t.partA;
  moveMentees(t, a, b, gb);
  const after =
    claimFree(t, ga) && claimFree(t, gb)
      ? sumA + restOf(m, s, ga) + sumB + restOf(m, s, gb)
      : Number.NEGATIVE_INFINITY;
  moveMentees(t, b >= 0 ? b : a, b >= 0 ? a : -1, b >= 0 ? gb : ga);
  return after - (t.value[ga] ?? 0) - (t.value[gb] ?? 0);
}

/** Makes the swap menteeSwapGain just priced (its scratch parts must still be current). */
function commitMenteeSwap(t: Search, a: number, b: number, gb: number): void {
  const { m, s } = t;
  const ga = s.groupOf[a] ?? -1;
  t.mentorPartSum[ga] = (t.mentorPartSum[ga] ?? 0) - (t.mentorPart[a] ?? 0) + t.partB;
  t.mentorPartSum[gb] = (t.mentorPartSum[gb] ?? 0) - (b >= 0 ? (t.mentorPart[b] ?? 0) : 0) + t.partA;
  t.mentorPart[a] = t.partA;
  if (b >= 0) t.mentorPart[b] = t.partB;
  moveMentees(t, a, b, gb);
  t.value[ga] = (t.mentorPartSum[ga] ?? 0) + restOf(m, s, ga);
  t.value[gb] = (t.mentorPartSum[gb] ?? 0) + restOf(m, s, gb);
}

function moveMentees(t: Search, a: number, b: number, gb: number): void {
  if (b >= 0) swapSeated(t.s, t.m, a, b);
  else {
    unseat(t.s, t.m, a);
    seat(t.s, t.m, a, gb);
  }
}

/** Tries swapping mentors x and y between their groups; returns the gain (−∞ when not allowed). */
function mentorSwapGain(t: Search, x: number, y: number): number {
  const { m, s } = t;
  const gx = s.groupOf[x] ?? -1;
  const gy = s.groupOf[y] ?? -1;
  if (gx < 0 || gy < 0 || gx === gy || isClustered(m, x) || isClustered(m, y))
    return Number.NEGATIVE_INFINITY;
  if (!kindAllows(m, s, x, gy) || !kindAllows(m, s, y, gx)) return Number.NEGATIVE_INFINITY;
  if (!canJoin(m, s, x, gy, y) || !canJoin(m, s, y, gx, x)) return Number.NEGATIVE_INFINITY;
  const unbalancedBefore = Number(groupUnbalanced(m, s, gx)) + Number(groupUnbalanced(m, s, gy));
  const before = (t.value[gx] ?? 0) + (t.value[gy] ?? 0);
  swapSeated(s, m, x, y);
  const unbalancedAfter = Number(groupUnbalanced(m, s, gx)) + Number(groupUnbalanced(m, s, gy));
  const gain =
    unbalancedAfter > unbalancedBefore || !claimFree(t, gx) || !claimFree(t, gy)
      ? Number.NEGATIVE_INFINITY
      : objective(m, s, gx) + objective(m, s, gy) - before;
  swapSeated(s, m, x, y);
  return gain;
}

/** Tries mentor y (without a group) in place of mentor x; returns the gain (−∞ when not allowed). */
function mentorReplaceGain(t: Search, x: number, y: number): number {
  const { m, s } = t;
  const gx = s.groupOf[x] ?? -1;
  if (gx < 0 || isClustered(m, x) || isClustered(m, y)) return Number.NEGATIVE_INFINITY;
  if (!kindAllows(m, s, y, gx) || !canJoin(m, s, y, gx, x)) return Number.NEGATIVE_INFINITY;
  const unbalancedBefore = groupUnbalanced(m, s, gx);
  replaceIn(s, m, x, y);
  const gain =
    (groupUnbalanced(m, s, gx) && !unbalancedBefore) || !claimFree(t, gx)
      ? Number.NEGATIVE_INFINITY
      : objective(m, s, gx) - (t.value[gx] ?? 0);
  replaceIn(s, m, y, x);
  return gain;
}

function heldBy(m: Model, mentors: readonly number[], tag: number): boolean {
  for (const q of mentors) if ((m.sp[q] as ScoringPerson).interestSet.has(tag)) return true;
  return false;
}

/**
 * Hill climbing with sideways moves. Each proposal starts from a random mentee; when the mentee's
 * group lacks one of their areas (or interests), the proposal aims at a mentor elsewhere who offers
 * it: move the mentee there (best of the swaps with that group's mentees) or bring that mentor here
 * (best of the swaps with this group's mentors). Mentees who miss nothing get a random proposal now
 * and then (for the experience spread and the buddies).
 */
export function localSearch(m: Model, s: Seating, rng: Rng, options: SearchOptions): void {
  const G = m.groupCount;
  if (G < 2) return;
  const t: Search = {
    m,
    s,
    value: new Float64Array(G),
    mentorPart: new Float64Array(m.n),
    mentorPartSum: new Float64Array(G),
    partA: 0,
    partB: 0,
    waiting: [],
  };
  for (let g = 0; g < G; g++) recompute(t, g);
  // Waiting mentees who are not requesters, earliest first, up to the latest requester seated: the
  // ones a proposal must not let claim a seat (a waiting requester in a seat keeps or adds a request).
  let latestRequester = -1;
  for (const x of m.menteesByPriority)
    if (s.groupOf[x] !== -1 && m.binding[x] === 1 && !isClustered(m, x)) latestRequester = m.rank[x] ?? 0;
  t.waiting = m.menteesByPriority.filter(
    (x) =>
      s.groupOf[x] === -1 && !isClustered(m, x) && m.binding[x] === 0 && (m.rank[x] ?? 0) < latestRequester,
  );
  const mentees = m.menteesByPriority.filter((x) => s.groupOf[x] !== -1 && !isClustered(m, x));
  // Mentors without a group (the M mod km left over) may trade places with placed ones.
  const mentors = m.mentorsByPriority.filter((x) => !isClustered(m, x));
  if (mentees.length === 0) return;
  const byArea: number[][] = [[], [], []];
  const byInterest = new Map<number, number[]>();
  for (const x of mentors) {
    const p = m.sp[x] as ScoringPerson;
    for (let bit = 0; bit < 3; bit++) if (p.areaMask & (1 << bit)) byArea[bit]?.push(x);
    for (const tag of p.interestIds) {
      const list = byInterest.get(tag) ?? [];
      list.push(x);
      byInterest.set(tag, list);
    }
  }
  const byStage = new Map<number, number[]>();
  for (const x of mentees) {
    const stage = (m.sp[x] as ScoringPerson).stage;
    if (stage < 0) continue;
    const list = byStage.get(stage);
    if (list === undefined) byStage.set(stage, [x]);
    else list.push(x);
  }
  const stages = [...byStage.keys()].sort((x, y) => x - y);
  const floor = options.hillClimbOnly ? 0 : Math.min(PROPOSALS_FLOOR_CAP, PROPOSALS_FLOOR_PER_PERSON * m.n);
  const budget = Math.max(floor, Math.round(options.proposalsPerPerson * m.n));
  // Simulated annealing: a worse proposal is kept with probability exp(gain / T), T falling
  // geometrically to a thousandth of its start; hotter when there are many proposals per person.
  // Gains are in mentee-score units (one mentee's whole score is at most 1).
  const t0 = options.hillClimbOnly ? 0 : budget >= 1000 * m.n ? 0.2 : 0.05;
  const cooling = t0 > 0 ? Math.log(1000) / budget : 0;
  let temperature = t0;
  const accepts = (gain: number): boolean =>
    gain > -1e-12 ||
    (temperature > 1e-9 && gain > Number.NEGATIVE_INFINITY && rng.next() < Math.exp(gain / temperature));
  for (let it = 0; it < budget; it++) {
    if (t0 > 0) temperature = t0 * Math.exp(-cooling * it);
    const a = mentees[rng.int(mentees.length)] as number;
    const ga = s.groupOf[a] ?? -1;
    const p = m.sp[a] as ScoringPerson;
    let groupMask = 0;
    for (const q of mentorsOf(s, ga)) groupMask |= (m.sp[q] as ScoringPerson).areaMask;
    const missing = p.areaMask & ~groupMask & 7;
    let target = -1;
    let aimedMentee = -1;
    const choice = rng.next();
    if (missing !== 0 && choice < 0.7) {
      let bit = rng.int(3);
      while ((missing & (1 << bit)) === 0) bit = (bit + 1) % 3;
      const list = byArea[bit] ?? [];
      if (list.length > 0) target = list[rng.int(list.length)] as number;
    } else if (p.interestIds.length > 0 && choice < 0.85) {
      const start = rng.int(p.interestIds.length);
      for (let k = 0; k < p.interestIds.length && target < 0; k++) {
        const tag = p.interestIds[(start + k) % p.interestIds.length] as number;
        if (heldBy(m, mentorsOf(s, ga), tag)) continue;
        const list = byInterest.get(tag) ?? [];
        if (list.length > 0) target = list[rng.int(list.length)] as number;
      }
    } else {
      // Experience spread: a's stage repeats in its group; bring a mentee of a missing stage here.
      let present = 0;
      let repeated = false;
      for (const q of menteesOf(s, ga)) {
        const stage = (m.sp[q] as ScoringPerson).stage;
        if (stage < 0) continue;
        if (q !== a && stage === p.stage) repeated = true;
        present |= 1 << stage;
      }
      if (repeated || p.stage < 0) {
        const stage = stages[rng.int(stages.length)] as number;
        const list = byStage.get(stage) ?? [];
        if ((present & (1 << stage)) === 0 && list.length > 0)
          aimedMentee = list[rng.int(list.length)] as number;
      }
    }
    if (aimedMentee >= 0) {
      const gb = s.groupOf[aimedMentee] ?? -1;
      if (gb < 0 || gb === ga) continue;
      if (accepts(menteeSwapGain(t, a, aimedMentee, gb))) commitMenteeSwap(t, a, aimedMentee, gb);
      continue;
    }
    if (target < 0 && rng.next() < 0.75) continue;
    if (target >= 0 && s.groupOf[target] === -1) {
      // A mentor without a group who offers what a's group lacks: try them in place of one of its mentors.
      let best = -1;
      let bestGain = Number.NEGATIVE_INFINITY;
      for (const x of mentorsOf(s, ga)) {
        const gain = mentorReplaceGain(t, x, target);
        if (gain > bestGain) {
          bestGain = gain;
          best = x;
        }
      }
      if (best < 0 || !accepts(bestGain)) continue;
      replaceIn(s, m, best, target);
      recompute(t, ga);
      continue;
    }
    const gb = target >= 0 ? (s.groupOf[target] ?? -1) : rng.int(G);
    if (gb < 0 || gb === ga) continue;
    if (target < 0 || rng.next() < 0.6) {
      let best = -1;
      let bestGain = Number.NEGATIVE_INFINITY;
      const inB = menteesOf(s, gb);
      const partA = mentorPartIn(m, s, a, gb);
      for (let k = 0; k <= inB.length && k < m.ke + 1; k++) {
        const b = k < inB.length ? (inB[k] as number) : -1;
        const gain = menteeSwapGain(t, a, b, gb, partA);
        if (gain > bestGain) {
          bestGain = gain;
          best = k;
        }
      }
      if (best < 0 || !accepts(bestGain)) continue;
      const b = best < inB.length ? (inB[best] as number) : -1;
      menteeSwapGain(t, a, b, gb, partA); // prices the chosen swap again for its commit
      commitMenteeSwap(t, a, b, gb);
    } else {
      let best = -1;
      let bestGain = Number.NEGATIVE_INFINITY;
      for (const x of mentorsOf(s, ga)) {
        const gain = mentorSwapGain(t, x, target);
        if (gain > bestGain) {
          bestGain = gain;
          best = x;
        }
      }
      if (best < 0 || !accepts(bestGain)) continue;
      swapSeated(s, m, best, target);
      recompute(t, ga);
      recompute(t, gb);
    }
  }
}

/** Seats waiting mentees in free seats they can take without breaking a hard rule. */
export function fillFreeSeats(m: Model, s: Seating): void {
  const open: number[] = [];
  for (let g = 0; g < m.groupCount; g++) if (menteesOf(s, g).length < m.ke) open.push(g);
  if (open.length === 0) return;
  for (const x of m.menteesByPriority) {
    if (s.groupOf[x] !== -1 || isClustered(m, x)) continue;
    // Prefer the planned kind; any group the hard rules allow otherwise.
    const g =
      open.find((h) => menteesOf(s, h).length < m.ke && kindAllows(m, s, x, h) && canJoin(m, s, x, h)) ??
      open.find((h) => menteesOf(s, h).length < m.ke && canJoin(m, s, x, h));
    if (g !== undefined) seat(s, m, x, g);
  }
}

/** Removes priority inversions (METRIC.md §1); returns the number of seats that changed hands. */
export function repairPriority(m: Model, s: Seating): number {
  let swaps = 0;
  // Stryker disable next-line EqualityOperator,UpdateOperator: a safety cap never reached; the passes end when no seat changes hands (each swap seats an earlier applicant).
  for (let pass = 0; pass < 1000; pass++) {
    let changed = false;
    const placedLatestFirst = m.menteesByPriority
      .filter((x) => s.groupOf[x] !== -1 && !isClustered(m, x))
      .reverse();
    for (const w of m.menteesByPriority) {
      if (s.groupOf[w] !== -1 || isClustered(m, w)) continue;
      const rw = m.rank[w] ?? 0;
      // The latest applicant whose seat w can take; one who is not their single-gender group's only
      // requester if there is such a seat (so the group keeps its kind and B does not grow).
      let fallback = -1;
      let chosen = -1;
      for (const p of placedLatestFirst) {
        // Stryker disable next-line EqualityOperator: ranks are distinct, so an equal rank is w itself, waiting now and skipped (`g < 0`) before the next, earlier p breaks.
        if ((m.rank[p] ?? 0) <= rw) break;
        // Stryker disable next-line UnaryOperator: p is a person of the model, so groupOf[p] is always defined.
        const g = s.groupOf[p] ?? -1;
        if (g < 0 || !canJoin(m, s, w, g, p)) continue;
        const soleRequester = m.binding[p] === 1 && m.binding[w] === 0 && bindingCount(m, s, g) === 1;
        if (!soleRequester) {
          chosen = p;
          break;
        }
        if (fallback < 0) fallback = p;
      }
      if (chosen < 0) chosen = fallback;
      if (chosen >= 0) {
        replaceIn(s, m, chosen, w);
        swaps++;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return swaps;
}
