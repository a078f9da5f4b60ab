// Turning an unbalanced group into a single-gender one. When a women-only (men-only) group holds two
// or more binding requesters and an unbalanced mixed group has only female (male) mentors, one of
// those requesters can move there — after the group's mentees of another gender trade places with
// women (men) from other mixed groups — and the group is no longer unbalanced (METRIC.md §3: a group
// with a binding requester is not counted). This is the plan's "spread the requesters of the gender
// whose mentors are in surplus" done after seating, where the seating packed them (a requester beyond
// the nominal intake, the priority repair...). Only placed mentees move, requests stay honoured, and a
// move is kept only if, in every group it touched, no waiting mentee could take a later applicant's seat.

import { FEMALE, isClustered, MALE, type Model } from "./model.ts";
import {
  bindingCount,
  canJoin,
  groupUnbalanced,
  menteesOf,
  mentorsOf,
  type Seating,
  seat,
  swapSeated,
  unseat,
} from "./seating.ts";

/** Failed attempts allowed per gender before giving up (keeps large cohorts fast). */
const ATTEMPTS = 64;

/** Returns the number of unbalanced groups turned single-gender. */
export function spreadForBalance(m: Model, s: Seating): number {
  const waiting = m.menteesByPriority.filter((x) => s.groupOf[x] === -1 && !isClustered(m, x));
  /** No waiting mentee who applied before p could take p's seat in its group. */
  const safe = (p: number): boolean => {
    const g = s.groupOf[p] ?? -1;
    const limit = m.rank[p] ?? 0;
    for (const w of waiting) {
      if ((m.rank[w] ?? 0) >= limit) break;
      if (canJoin(m, s, w, g, p)) return false;
    }
    return true;
  };
  let fixed = 0;
  for (const sex of [FEMALE, MALE]) {
    const kind = sex === FEMALE ? "women" : "men";
    const donors = () => s.planned.flatMap((k, g) => (k === kind && bindingCount(m, s, g) >= 2 ? [g] : []));
    let failures = 0;
    for (let u = 0; u < m.groupCount && failures < ATTEMPTS; u++) {
      if (s.planned[u] !== "mixed" || !groupUnbalanced(m, s, u)) continue;
      const members = [...mentorsOf(s, u), ...menteesOf(s, u)];
      if (!mentorsOf(s, u).every((q) => m.sex[q] === sex) || members.some((q) => isClustered(m, q))) continue;
      const from = donors();
      if (from.length === 0) break;
      if (turn(m, s, u, sex, from, safe)) {
        s.planned[u] = kind;
        fixed++;
      } else failures++;
    }
  }
  return fixed;
}

/** One attempt on group u; undoes every move when it fails. */
function turn(
  m: Model,
  s: Seating,
  u: number,
  sex: number,
  donors: number[],
  safe: (p: number) => boolean,
): boolean {
  const swaps: Array<[number, number]> = [];
  // A group's seats open up when a member leaves (an apart partner, a requester of another gender),
  // so every mentee of every group touched is checked, not only the ones who moved.
  const groupsSafe = (...extra: number[]): boolean => {
    const touched = new Set([u, ...extra, ...swaps.flatMap(([y]) => [s.groupOf[y] ?? -1])]);
    for (const g of touched)
      for (const p of menteesOf(s, g)) if (!isClustered(m, p) && !safe(p)) return false;
    return true;
  };
  const undo = () => {
    for (const [a, b] of swaps.reverse()) swapSeated(s, m, a, b);
  };
  // 1. U's mentees of another gender trade places with mentees of this gender in other mixed groups.
  for (const y of [...menteesOf(s, u)]) {
    if (m.sex[y] === sex) continue;
    const z = partner(m, s, u, y, sex);
    if (z < 0) {
      undo();
      return false;
    }
    swapSeated(s, m, y, z);
    swaps.push([y, z]);
  }
  // 2. A requester from a group with several comes to U, for one of its mentees or a free seat.
  for (const a of donors) {
    for (const r of menteesOf(s, a)) {
      if (m.binding[r] !== 1 || isClustered(m, r)) continue;
      if (menteesOf(s, u).length < m.ke && canJoin(m, s, r, u)) {
        unseat(s, m, r);
        seat(s, m, r, u);
        if (groupsSafe(a)) return true;
        unseat(s, m, r);
        seat(s, m, r, a);
        continue;
      }
      for (const x of menteesOf(s, u)) {
        if (!canJoin(m, s, r, u, x) || !canJoin(m, s, x, a, r)) continue;
        swapSeated(s, m, r, x);
        if (groupsSafe(a)) return true;
        swapSeated(s, m, r, x);
      }
    }
  }
  undo();
  return false;
}

/** A mentee of `sex`, not a requester nor pinned, in another mixed group, who can trade places with y. */
function partner(m: Model, s: Seating, u: number, y: number, sex: number): number {
  for (let h = 0; h < m.groupCount; h++) {
    if (h === u || s.planned[h] !== "mixed") continue;
    for (const z of menteesOf(s, h)) {
      if (m.sex[z] !== sex || m.binding[z] === 1 || isClustered(m, z)) continue;
      if (canJoin(m, s, z, u, y) && canJoin(m, s, y, h, z)) return z;
    }
  }
  return -1;
}
