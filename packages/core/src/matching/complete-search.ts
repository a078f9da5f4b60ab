// A complete (branch-and-bound) search for small cohorts, run only when the greedy seating left a hard
// violation. The greedy gives groups their mentors before it seats anyone, so a mentor pairing that
// leaves a group no mentee may join (e.g. two mentors whose employers together cover every remaining
// mentee) can never be repaired by its mentee moves. Here mentors are paired and mentees seated in
// one search: mentors in priority order into groups (canonical order, no symmetric duplicates) or out,
// then mentees (a `together` chain as one unit) in priority order into a group or the waitlist.
// The cost is METRIC.md's H as the engine sees it (conflicting pairs, single-gender members, empty
// seats, priority inversions); it only grows along a branch, so branches that cannot beat the best
// are cut. A deterministic node budget bounds the work; the caller re-checks the result with the
// checker and keeps it only when it is better.

import { FEMALE, type Model, pairKey } from "./model.ts";
import {
  bindingCount,
  cloneSeating,
  emptySeating,
  groupUnbalanced,
  menteesOf,
  mentorsOf,
  type PlannedKind,
  type Seating,
  seat,
  unseat,
} from "./seating.ts";

/** Cohorts up to this many people get the complete search when the greedy misses H = 0. */
export const COMPLETE_SEARCH_MAX_PEOPLE = 60;
/** Total search nodes, and nodes per mentor arrangement (so one arrangement cannot eat it all). */
const NODE_BUDGET = 600_000;
const NODES_PER_ARRANGEMENT = 4_000;

/** An apart pair or a mentor and a mentee of one employer: one violation per pair. */
function clash(m: Model, a: number, b: number): boolean {
  if (m.hasApart[a] === 1 && m.hasApart[b] === 1 && m.apartKeys.has(pairKey(m.n, a, b))) return true;
  const ea = m.employer[a] ?? -1;
  return ea >= 0 && ea === m.employer[b] && m.isMentor[a] !== m.isMentor[b];
}

/** The violations p adds by joining group g: clashing pairs and single-gender members (check.ts). */
function joinCost(m: Model, s: Seating, p: number, g: number): number {
  let cost = 0;
  const requester = m.binding[p] === 1;
  for (const q of mentorsOf(s, g)) {
    if (clash(m, p, q)) cost++;
    if (requester && m.sex[q] !== m.sex[p]) cost++;
  }
  for (const q of menteesOf(s, g)) {
    if (clash(m, p, q)) cost++;
    if (requester && m.sex[q] !== m.sex[p]) cost++;
    if (m.binding[q] === 1 && m.sex[q] !== m.sex[p]) cost++;
  }
  return cost;
}

/** Whether p would break a rule with q that the placed mentee `instead` did not already break. */
function worseThan(m: Model, p: number, instead: number, q: number): boolean {
  const breaks = (a: number): boolean =>
    clash(m, a, q) ||
    (m.binding[a] === 1 && m.sex[q] !== m.sex[a]) ||
    (m.binding[q] === 1 && m.sex[q] !== m.sex[a]);
  return breaks(p) && !breaks(instead);
}

/** Waiting mentees who could take a later, unpinned placed mentee's seat (one each, as check.ts). */
function inversions(m: Model, s: Seating): number {
  let count = 0;
  for (const w of m.menteesByPriority) {
    if (s.groupOf[w] !== -1 || (m.clusterOf[w] ?? -1) >= 0) continue;
    const rw = m.rank[w] ?? 0;
    search: for (let g = 0; g < s.mentees.length; g++) {
      for (const p of menteesOf(s, g)) {
        if ((m.rank[p] ?? 0) <= rw || m.inTogether[p] === 1 || (m.clusterOf[p] ?? -1) >= 0) continue;
        const members = [...mentorsOf(s, g), ...menteesOf(s, g)];
        if (members.every((q) => q === p || !worseThan(m, w, p, q))) {
          count++;
          break search;
        }
      }
    }
  }
  return count;
}

interface Best {
  seating?: Seating;
  hard: number;
  honoured: number;
  unbalanced: number;
}

/**
 * Searches for a seating with fewer hard violations than `hardToBeat` (then, at equal H, more binding
 * requests honoured, then fewer unbalanced groups). Returns undefined when none was found within the
 * budget, or when the cohort has pins that include mentors (the greedy's own handling stays then).
 */
export function completeSearch(m: Model, hardToBeat: number): Seating | undefined {
  const G = m.groupCount;
  const { km, ke } = m;
  if (G === 0 || m.clusters.some((c) => c.mentors.length > 0 || c.pinnedGroup !== undefined))
    return undefined;
  const s = emptySeating(
    m,
    Array.from({ length: G }, (): PlannedKind => "mixed"),
  );
  const mentors = m.mentorsByPriority;
  const outAllowed = mentors.length - G * km;
  // Mentee units in priority order: a together chain is seated whole at its earliest member's turn.
  const units: number[][] = [];
  const seen = new Set<number>();
  for (const x of m.menteesByPriority) {
    const c = m.clusterOf[x] ?? -1;
    if (c < 0) units.push([x]);
    else if (!seen.has(c)) {
      seen.add(c);
      units.push(m.clusters[c]?.mentees ?? [x]);
    }
  }
  const menteesAfter = new Int32Array(units.length + 1);
  for (let u = units.length - 1; u >= 0; u--)
    menteesAfter[u] = (menteesAfter[u + 1] ?? 0) + (units[u]?.length ?? 0);
  const best: Best = { hard: hardToBeat, honoured: -1, unbalanced: Number.POSITIVE_INFINITY };
  let nodes = 0;
  let arrangementNodes = 0;
  let placedMentees = 0;

  const deficit = (u: number): number =>
    m.full ? Math.max(0, G * ke - placedMentees - (menteesAfter[u] ?? 0)) : 0;
  const cannotBeat = (bound: number): boolean =>
    best.seating === undefined ? bound >= best.hard : bound > best.hard;

  const leaf = (cost: number): void => {
    const hard = cost + deficit(units.length) + inversions(m, s);
    if (hard > best.hard || (best.seating === undefined && hard === best.hard)) return;
    let honoured = 0;
    let unbalanced = 0;
    for (let g = 0; g < G; g++) {
      if (groupUnbalanced(m, s, g)) unbalanced++;
      const members = [...mentorsOf(s, g), ...menteesOf(s, g)];
      for (const r of menteesOf(s, g))
        if (m.binding[r] === 1 && members.every((q) => m.sex[q] === m.sex[r])) honoured++;
    }
    const better =
      best.seating === undefined ||
      hard < best.hard ||
      honoured > best.honoured ||
      (honoured === best.honoured && unbalanced < best.unbalanced);
    if (!better) return;
    best.seating = cloneSeating(s);
    best.hard = hard;
    best.honoured = honoured;
    best.unbalanced = unbalanced;
  };

  const menteeStep = (u: number, cost: number): void => {
    if (nodes >= NODE_BUDGET || arrangementNodes >= NODES_PER_ARRANGEMENT) return;
    nodes++;
    arrangementNodes++;
    if (cannotBeat(cost + deficit(u))) return;
    const unit = units[u];
    if (unit === undefined) {
      leaf(cost);
      return;
    }
    // Cheapest groups first: a seat that breaks nothing is the likeliest way to H = 0.
    const options: Array<[number, number]> = [];
    for (let g = 0; g < G; g++) {
      if (menteesOf(s, g).length + unit.length > ke) continue;
      let add = 0;
      for (const x of unit) {
        add += joinCost(m, s, x, g);
        seat(s, m, x, g);
      }
      for (const x of unit) unseat(s, m, x);
      options.push([add, g]);
    }
    options.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [add, g] of options) {
      for (const x of unit) seat(s, m, x, g);
      placedMentees += unit.length;
      menteeStep(u + 1, cost + add);
      placedMentees -= unit.length;
      for (const x of unit) unseat(s, m, x);
    }
    menteeStep(u + 1, cost);
  };

  const mentorStep = (i: number, used: number, out: number, cost: number): void => {
    if (nodes >= NODE_BUDGET || cannotBeat(cost)) return;
    nodes++;
    const p = mentors[i];
    if (p === undefined) {
      if (used < G) return;
      arrangementNodes = 0;
      menteeStep(0, cost);
      return;
    }
    // Groups are interchangeable before mentees arrive: a mentor opens at most the next empty group.
    for (let g = 0; g < Math.min(G, used + 1); g++) {
      if (mentorsOf(s, g).length >= km) continue;
      const add = joinCost(m, s, p, g);
      seat(s, m, p, g);
      mentorStep(i + 1, g === used ? used + 1 : used, out, cost + add);
      unseat(s, m, p);
    }
    if (out < outAllowed) mentorStep(i + 1, used, out + 1, cost);
  };

  mentorStep(0, 0, 0, 0);
  const found = best.seating;
  if (found === undefined) return undefined;
  // The planned kind follows the members: a group with a binding requester is single-gender.
  for (let g = 0; g < G; g++) {
    const requester = menteesOf(found, g).find((x) => m.binding[x] === 1);
    found.planned[g] =
      requester === undefined || bindingCount(m, found, g) === 0
        ? "mixed"
        : m.sex[requester] === FEMALE
          ? "women"
          : "men";
  }
  return found;
}
