// After the first matching: local search on the soft score, then the priority rule.
//
// Local search: mentee swaps (or moves into a free seat) between groups and mentor swaps, each kept
// only when it breaks no hard rule, keeps every group's binding requester (so single-gender groups
// stay honoured), does not add an unbalanced group, and does not lower the objective: the groups'
// soft-score sums (buddies chosen optimally per group, by `buddies.ts`, with the shared `score.ts`
// functions) minus a small penalty per `previouslyGroupedWith` pair. Half the proposals are aimed: at
// a mentor who offers an area a mentee lacks. A fixed budget of seeded proposals keeps it
// deterministic.
//
// Priority repair: a waiting mentee who could take the seat of a later-applying placed mentee (not
// pinned by `together`) without breaking a hard rule takes it. Each swap seats an earlier applicant
// in place of a later one, so the repair ends.

import { bestBuddies } from "./buddies.ts";
import { isClustered, type Model } from "./model.ts";
import type { Rng } from "./rng.ts";
import { groupSoftScoreSum, type ScoringPerson } from "./score.ts";
import {
  bindingCount,
  canJoin,
  groupUnbalanced,
  kindAllows,
  menteesOf,
  mentorsOf,
  replaceIn,
  type Seating,
  scoringPeople,
  seat,
  swapSeated,
  unseat,
} from "./seating.ts";

/** Per pair of people grouped again, in units of one mentee's soft score (a tie-breaker, mostly). */
export const PREVIOUS_PAIR_PENALTY = 0.02;

export function previousPairs(m: Model, s: Seating, g: number): number {
  const members = [...mentorsOf(s, g), ...menteesOf(s, g)];
  let count = 0;
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      const a = members[i] as number;
      const b = members[j] as number;
      if (m.prevKeys.has(a < b ? a * m.n + b : b * m.n + a)) count++;
    }
  }
  return count;
}

/** The group's soft-score sum with its best buddies: what the local search maximises, per group. */
export function groupSoftValue(m: Model, s: Seating, g: number): number {
  const mentees = scoringPeople(m, menteesOf(s, g));
  if (mentees.length === 0) return 0;
  const mentors = scoringPeople(m, mentorsOf(s, g));
  const { buddyOf } = bestBuddies(mentors, mentees);
  return groupSoftScoreSum(mentors, mentees, (i) => mentors[buddyOf[i] ?? -1] as ScoringPerson | undefined);
}

function objective(m: Model, s: Seating, g: number): number {
  return (
    groupSoftValue(m, s, g) - PREVIOUS_PAIR_PENALTY * (m.prevKeys.size === 0 ? 0 : previousPairs(m, s, g))
  );
}

export interface SearchOptions {
  /** Proposals per person in the cohort. */
  proposalsPerPerson: number;
}

export function localSearch(m: Model, s: Seating, rng: Rng, options: SearchOptions): void {
  const G = m.groupCount;
  if (G < 2) return;
  const value = s.mentees.map((_, g) => objective(m, s, g));
  const mentees = m.menteesByPriority.filter((x) => s.groupOf[x] !== -1 && !isClustered(m, x));
  const mentors = m.mentorsByPriority.filter((x) => s.groupOf[x] !== -1 && !isClustered(m, x));
  // Mentors by offered area bit, for aimed proposals.
  const byArea: number[][] = [[], [], []];
  for (const x of mentors) {
    const mask = (m.sp[x] as ScoringPerson).areaMask;
    for (let bit = 0; bit < 3; bit++) if (mask & (1 << bit)) byArea[bit]?.push(x);
  }
  const aimAt = (mentee: number): number => {
    const need = (m.sp[mentee] as ScoringPerson).areaMask;
    const bit = rng.int(3);
    if ((need & (1 << bit)) === 0) return -1;
    const list = byArea[bit] ?? [];
    if (list.length === 0) return -1;
    return list[rng.int(list.length)] as number;
  };
  const budget = Math.round(options.proposalsPerPerson * m.n);
  const accept = (ga: number, gb: number, before: number): boolean => {
    const va = objective(m, s, ga);
    const vb = objective(m, s, gb);
    if (va + vb >= before - 1e-12) {
      value[ga] = va;
      value[gb] = vb;
      return true;
    }
    return false;
  };

  for (let it = 0; it < budget; it++) {
    if (rng.next() < 0.7 && mentees.length > 0) {
      // Mentee swap or move.
      const a = mentees[rng.int(mentees.length)] as number;
      const ga = s.groupOf[a] ?? -1;
      let gb: number;
      if (rng.next() < 0.5) {
        const target = aimAt(a);
        gb = target < 0 ? rng.int(G) : (s.groupOf[target] ?? -1);
      } else gb = rng.int(G);
      if (gb < 0 || gb === ga) continue;
      const slot = rng.int(m.ke);
      const inB = menteesOf(s, gb);
      const b = slot < inB.length ? (inB[slot] as number) : -1;
      if (b < 0 && inB.length >= m.ke) continue;
      if (b >= 0 && isClustered(m, b)) continue;
      if (!kindAllows(m, s, a, gb) || !canJoin(m, s, a, gb, b)) continue;
      if (b >= 0 && (!kindAllows(m, s, b, ga) || !canJoin(m, s, b, ga, a))) continue;
      const bindA = m.binding[a] ?? 0;
      const bindB = b >= 0 ? (m.binding[b] ?? 0) : 0;
      if (bindA !== bindB) {
        const ca = bindingCount(m, s, ga);
        const cb = bindingCount(m, s, gb);
        if (ca > 0 !== ca - bindA + bindB > 0 || cb > 0 !== cb - bindB + bindA > 0) continue;
      }
      const before = (value[ga] ?? 0) + (value[gb] ?? 0);
      if (b >= 0) {
        swapSeated(s, m, a, b);
        if (!accept(ga, gb, before)) swapSeated(s, m, a, b);
      } else {
        unseat(s, m, a);
        seat(s, m, a, gb);
        if (!accept(ga, gb, before)) {
          unseat(s, m, a);
          seat(s, m, a, ga);
        }
      }
    } else if (mentors.length > 1) {
      // Mentor swap.
      const x = mentors[rng.int(mentors.length)] as number;
      const gx = s.groupOf[x] ?? -1;
      let y = -1;
      if (rng.next() < 0.5) {
        const inX = menteesOf(s, gx);
        if (inX.length > 0) y = aimAt(inX[rng.int(inX.length)] as number);
      }
      if (y < 0) y = mentors[rng.int(mentors.length)] as number;
      if (isClustered(m, y)) continue;
      const gy = s.groupOf[y] ?? -1;
      if (gy < 0 || gy === gx) continue;
      if (!kindAllows(m, s, x, gy) || !kindAllows(m, s, y, gx)) continue;
      if (!canJoin(m, s, x, gy, y) || !canJoin(m, s, y, gx, x)) continue;
      const unbalancedBefore = Number(groupUnbalanced(m, s, gx)) + Number(groupUnbalanced(m, s, gy));
      const before = (value[gx] ?? 0) + (value[gy] ?? 0);
      swapSeated(s, m, x, y);
      const unbalancedAfter = Number(groupUnbalanced(m, s, gx)) + Number(groupUnbalanced(m, s, gy));
      if (unbalancedAfter > unbalancedBefore || !accept(gx, gy, before)) swapSeated(s, m, x, y);
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
  for (let pass = 0; pass < 1000; pass++) {
    let changed = false;
    const placedLatestFirst = m.menteesByPriority
      .filter((x) => s.groupOf[x] !== -1 && !isClustered(m, x))
      .reverse();
    for (const w of m.menteesByPriority) {
      if (s.groupOf[w] !== -1 || isClustered(m, w)) continue;
      const rw = m.rank[w] ?? 0;
      for (const p of placedLatestFirst) {
        if ((m.rank[p] ?? 0) <= rw) break;
        const g = s.groupOf[p] ?? -1;
        if (g < 0) continue;
        if (canJoin(m, s, w, g, p)) {
          replaceIn(s, m, p, w);
          swaps++;
          changed = true;
          break;
        }
      }
    }
    if (!changed) break;
  }
  return swaps;
}
