// Buddies (METRIC.md §1 and §3): each mentee gets exactly one buddy among the group's mentors; every
// mentor's load stays within ⌊mentees / mentors⌋ .. ⌈mentees / mentors⌉; among such assignments we
// want the most of each mentee's areas offered by their own buddy. That is a tiny assignment problem
// per group, solved exactly by depth-first search with a bound (2 mentors and 3 mentees: 8 leaves);
// for unusually large groups the search has a node budget and keeps the best found, starting from a
// greedy assignment, so it always returns a balanced one.

import { areaShare, type ScoringPerson } from "./score.ts";

export interface BuddyAssignment {
  /** For each mentee (by position), the position of their buddy among the mentors. */
  buddyOf: number[];
  /** Sum over mentees of the share of their areas their buddy offers. */
  value: number;
}

const NODE_BUDGET = 20_000;

export function bestBuddies(
  mentors: readonly ScoringPerson[],
  mentees: readonly ScoringPerson[],
): BuddyAssignment {
  const k = mentors.length;
  const n = mentees.length;
  if (k === 0 || n === 0) return { buddyOf: mentees.map(() => -1), value: 0 };
  const lo = Math.floor(n / k);
  const hi = Math.ceil(n / k);
  const share: number[][] = mentees.map((e) => mentors.map((r) => areaShare(e.areaMask, r.areaMask)));
  const bestOf = share.map((row) => Math.max(...row));
  // suffixBest[i]: the most mentees i.. could add.
  const suffixBest = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) suffixBest[i] = (suffixBest[i + 1] ?? 0) + (bestOf[i] ?? 0);

  const load = new Array<number>(k).fill(0);
  const current = new Array<number>(n).fill(-1);
  let best: number[] = [];
  let bestValue = -1;
  // Mentors still below ⌊n/k⌋ need that many of the remaining mentees.
  const deficit = (): number => load.reduce((s, l) => s + Math.max(0, lo - l), 0);

  // Greedy start: each mentee takes the best mentor that keeps the loads completable.
  {
    let value = 0;
    for (let i = 0; i < n; i++) {
      let pick = -1;
      for (let j = 0; j < k; j++) {
        if ((load[j] ?? 0) >= hi) continue;
        load[j] = (load[j] ?? 0) + 1;
        const ok = deficit() <= n - i - 1;
        load[j] = (load[j] ?? 0) - 1;
        if (ok && (pick < 0 || (share[i]?.[j] ?? 0) > (share[i]?.[pick] ?? 0))) pick = j;
      }
      current[i] = pick;
      load[pick] = (load[pick] ?? 0) + 1;
      value += share[i]?.[pick] ?? 0;
    }
    best = [...current];
    bestValue = value;
    load.fill(0);
  }

  let nodes = 0;
  const dfs = (i: number, value: number): void => {
    if (nodes++ > NODE_BUDGET) return;
    if (value + (suffixBest[i] ?? 0) <= bestValue + 1e-12) return;
    if (i === n) {
      bestValue = value;
      best = [...current];
      return;
    }
    for (let j = 0; j < k; j++) {
      if ((load[j] ?? 0) >= hi) continue;
      load[j] = (load[j] ?? 0) + 1;
      if (deficit() <= n - i - 1) {
        current[i] = j;
        dfs(i + 1, value + (share[i]?.[j] ?? 0));
      }
      load[j] = (load[j] ?? 0) - 1;
    }
  };
  dfs(0, 0);
  return { buddyOf: best, value: bestValue };
}

const ENUMERATION_LIMIT = 4096;
const shareScratch = new Float64Array(256);
const loadScratch = new Int32Array(16);

/**
 * The best `bestBuddies(...).value` without allocating: the local search calls this for every
 * proposal. Enumerates all k^n assignments when that is small (2 mentors, 3 mentees: 8).
 */
export function bestBuddyValue(mentors: readonly ScoringPerson[], mentees: readonly ScoringPerson[]): number {
  const k = mentors.length;
  const n = mentees.length;
  if (k === 0 || n === 0) return 0;
  if (k === 1) {
    let sum = 0;
    const r = mentors[0] as ScoringPerson;
    for (let i = 0; i < n; i++) sum += areaShare((mentees[i] as ScoringPerson).areaMask, r.areaMask);
    return sum;
  }
  if (n * k > shareScratch.length || k > loadScratch.length || k ** n > ENUMERATION_LIMIT) {
    return bestBuddies(mentors, mentees).value;
  }
  for (let i = 0; i < n; i++) {
    const need = (mentees[i] as ScoringPerson).areaMask;
    for (let j = 0; j < k; j++)
      shareScratch[i * k + j] = areaShare(need, (mentors[j] as ScoringPerson).areaMask);
  }
  const lo = Math.floor(n / k);
  const hi = Math.ceil(n / k);
  const total = k ** n;
  let best = -1;
  for (let code = 0; code < total; code++) {
    for (let j = 0; j < k; j++) loadScratch[j] = 0;
    let value = 0;
    let c = code;
    for (let i = 0; i < n; i++) {
      const j = c % k;
      c = (c - j) / k;
      loadScratch[j] = (loadScratch[j] ?? 0) + 1;
      value += shareScratch[i * k + j] ?? 0;
    }
    let ok = true;
    for (let j = 0; j < k; j++) {
      const l = loadScratch[j] ?? 0;
      if (l < lo || l > hi) ok = false;
    }
    if (ok && value > best) best = value;
  }
  return best;
}
