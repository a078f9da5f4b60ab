// A complete (branch-and-bound) search for small cohorts, run only when the greedy seating left a hard
// violation or more unbalanced groups than the bound for the requests it honours. The greedy gives
// groups their mentors before it seats anyone, so a mentor pairing that leaves a group no mentee may
// join (e.g. two mentors whose employers together cover every remaining mentee), or one that spends a
// single-gender group's mentors badly, can never be repaired by its mentee moves. Here mentors are
// paired and mentees seated in one search: mentors in priority order into groups (canonical order, no
// symmetric duplicates) or out, then mentees (a pinned cluster as one unit) in priority order into a
// group or the waitlist. Pinned people stay together: a cluster's later mentors join its first one's
// group, its mentees may sit only there, and people a hand edit pinned are never left out (one
// pinned group id per group).
// The cost is METRIC.md's H as the engine sees it (conflicting pairs, single-gender members, empty
// seats, priority inversions); it only grows along a branch, so branches that cannot beat the best
// are cut. A deterministic node budget bounds the work; the caller re-checks the result with the
// checker and keeps it only when it is better.

import { FEMALE, MALE, type Model, pairKey } from "./model.ts";
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
/** A smaller total when the greedy already has H = 0 and the search only looks for better balance. */
const BALANCE_NODE_BUDGET = 150_000;
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

/** A result's figures as the engine sees them: hard violations, requests honoured, unbalanced groups. */
export interface Figures {
  hard: number;
  honoured: number;
  unbalanced: number;
}

interface Best extends Figures {
  seating?: Seating;
}

/** Lexicographic: fewer hard violations, then more requests honoured, then fewer unbalanced groups. */
export const betterFigures = (a: Figures, b: Figures): boolean =>
  a.hard !== b.hard
    ? a.hard < b.hard
    : a.honoured !== b.honoured
      ? a.honoured > b.honoured
      : a.unbalanced < b.unbalanced;

/**
 * Searches for a seating with better figures than `toBeat`. Returns undefined when none was found
 * within the budget.
 */
export function completeSearch(m: Model, toBeat: Figures): Seating | undefined {
  const G = m.groupCount;
  const { km, ke } = m;
  if (G === 0) return undefined;
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
  const best: Best = { ...toBeat };
  /** Per group, the hand edits' pinned group id it holds (one per group). */
  const groupPin: Array<string | undefined> = Array.from({ length: G }, () => undefined);
  const clusterOf = (p: number) => m.clusters[m.clusterOf[p] ?? -1];
  /** The group a clustered person must join: the one its cluster's first seated mentor is in. */
  const clusterGroup = (p: number): number => {
    const c = clusterOf(p);
    if (c === undefined) return -1;
    for (const q of c.mentors) if (s.groupOf[q] !== -1) return s.groupOf[q] ?? -1;
    return -1;
  };
  const pinFits = (p: number, g: number): boolean => {
    const pin = clusterOf(p)?.pinnedGroup;
    return pin === undefined || groupPin[g] === undefined || groupPin[g] === pin;
  };
  let nodes = 0;
  let arrangementNodes = 0;
  const budget = toBeat.hard === 0 ? BALANCE_NODE_BUDGET : NODE_BUDGET;
  let placedMentees = 0;

  const deficit = (u: number): number =>
    m.full ? Math.max(0, G * ke - placedMentees - (menteesAfter[u] ?? 0)) : 0;
  // While H > 0 and nothing is found yet, only fewer hard violations count (as before the search
  // looked at R and B); from H = 0 on, a seating as good in H may still win on R or B.
  const strict = () => best.seating === undefined && best.hard > 0;
  const cannotBeat = (bound: number): boolean => (strict() ? bound >= best.hard : bound > best.hard);

  const leaf = (cost: number): void => {
    const hard = cost + deficit(units.length) + inversions(m, s);
    if (strict() ? hard >= best.hard : hard > best.hard) return;
    let honoured = 0;
    let unbalanced = 0;
    for (let g = 0; g < G; g++) {
      if (groupUnbalanced(m, s, g)) unbalanced++;
      const members = [...mentorsOf(s, g), ...menteesOf(s, g)];
      for (const r of menteesOf(s, g))
        if (m.binding[r] === 1 && members.every((q) => m.sex[q] === m.sex[r])) honoured++;
    }
    if (!betterFigures({ hard, honoured, unbalanced }, best)) return;
    best.seating = cloneSeating(s);
    best.hard = hard;
    best.honoured = honoured;
    best.unbalanced = unbalanced;
  };

  const menteeStep = (u: number, cost: number): void => {
    if (nodes >= budget || arrangementNodes >= NODES_PER_ARRANGEMENT) return;
    nodes++;
    arrangementNodes++;
    if (cannotBeat(cost + deficit(u)) || cannotBeatOnBalanceFrom(u)) return;
    const unit = units[u];
    if (unit === undefined) {
      leaf(cost);
      return;
    }
    // Cheapest groups first: a seat that breaks nothing is the likeliest way to H = 0. A cluster
    // with mentors sits in their group (or waits); one pinned by a hand edit never waits.
    const first = unit[0] as number;
    const only = clusterGroup(first);
    const withMentors = (clusterOf(first)?.mentors.length ?? 0) > 0;
    const mustSit = clusterOf(first)?.pinnedGroup !== undefined;
    const options: Array<[number, number]> = [];
    for (let g = 0; g < G; g++) {
      if (menteesOf(s, g).length + unit.length > ke) continue;
      if ((withMentors && g !== only) || !pinFits(first, g)) continue;
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
      const pinBefore = groupPin[g];
      groupPin[g] ??= clusterOf(first)?.pinnedGroup;
      for (const x of unit) seat(s, m, x, g);
      placedMentees += unit.length;
      menteeStep(u + 1, cost + add);
      placedMentees -= unit.length;
      for (const x of unit) unseat(s, m, x);
      groupPin[g] = pinBefore;
    }
    if (!mustSit) menteeStep(u + 1, cost);
  };

  // Requesters can only sit where every mentor has their gender: a mentor arrangement caps R and
  // leaves B at least the groups that lack a female or a male mentor and can hold no requester.
  const requesters = [FEMALE, MALE].map((sex) =>
    m.menteesByPriority.reduce((n, x) => n + (m.binding[x] === 1 && m.sex[x] === sex ? 1 : 0), 0),
  );
  const cannotBeatOnBalance = (): boolean => {
    if (best.hard > 0) return false; // fewer hard violations would win whatever R and B
    const allOf = [0, 0];
    let stuck = 0;
    for (let g = 0; g < G; g++) {
      if (!groupUnbalanced(m, s, g)) continue;
      const sexes = new Set(mentorsOf(s, g).map((q) => m.sex[q]));
      const only = sexes.size === 1 ? [...sexes][0] : undefined;
      if (only === FEMALE || only === MALE) allOf[only] = (allOf[only] ?? 0) + 1;
      else stuck++;
    }
    let maxHonoured = 0;
    let leastUnbalanced = stuck;
    for (const sex of [FEMALE, MALE]) {
      maxHonoured += Math.min(requesters[sex] ?? 0, ke * (allOf[sex] ?? 0));
      leastUnbalanced += Math.max(0, (allOf[sex] ?? 0) - (requesters[sex] ?? 0));
    }
    return (
      maxHonoured < best.honoured || (maxHonoured === best.honoured && leastUnbalanced >= best.unbalanced)
    );
  };

  // While mentees are seated: R can grow at most by the requesters still to come, and a group that
  // lacks a female or a male mentor stays unbalanced unless one of them can still join it.
  const requestersFrom = [FEMALE, MALE].map((sex) => {
    const after = new Int32Array(units.length + 1);
    for (let u = units.length - 1; u >= 0; u--) {
      const here = (units[u] ?? []).filter((x) => m.binding[x] === 1 && m.sex[x] === sex).length;
      after[u] = (after[u + 1] ?? 0) + here;
    }
    return after;
  });
  const cannotBeatOnBalanceFrom = (u: number): boolean => {
    if (best.hard > 0) return false;
    let honoured = 0;
    let unbalanced = 0;
    const waiting = [0, 0];
    for (let g = 0; g < G; g++) {
      honoured += bindingCount(m, s, g);
      if (!groupUnbalanced(m, s, g)) continue;
      const sex = m.sex[mentorsOf(s, g)[0] ?? -1];
      const open = menteesOf(s, g).length < ke;
      const allOne = (sex === FEMALE || sex === MALE) && mentorsOf(s, g).every((q) => m.sex[q] === sex);
      if (!open || !allOne || menteesOf(s, g).some((x) => m.sex[x] !== sex)) unbalanced++;
      else waiting[sex] = (waiting[sex] ?? 0) + 1;
    }
    for (const sex of [FEMALE, MALE]) {
      const coming = requestersFrom[sex]?.[u] ?? 0;
      honoured += coming;
      unbalanced += Math.max(0, (waiting[sex] ?? 0) - coming);
    }
    return honoured < best.honoured || (honoured === best.honoured && unbalanced >= best.unbalanced);
  };

  const mentorStep = (i: number, used: number, out: number, cost: number): void => {
    if (nodes >= budget || cannotBeat(cost)) return;
    nodes++;
    const p = mentors[i];
    if (p === undefined) {
      if (used < G || cannotBeatOnBalance()) return;
      arrangementNodes = 0;
      menteeStep(0, cost);
      return;
    }
    // Groups are interchangeable before mentees arrive: a mentor opens at most the next empty group.
    // A pinned mentor follows the first mentor of its cluster (who came earlier, in or out).
    const cluster = clusterOf(p);
    const leader = cluster?.mentors[0];
    const follows = leader !== undefined && leader !== p;
    const only = follows ? (s.groupOf[leader] ?? -1) : -1;
    if (!follows || only >= 0) {
      for (let g = 0; g < Math.min(G, used + 1); g++) {
        if (mentorsOf(s, g).length >= km || (only >= 0 && g !== only) || !pinFits(p, g)) continue;
        const pinBefore = groupPin[g];
        groupPin[g] ??= cluster?.pinnedGroup;
        const add = joinCost(m, s, p, g);
        seat(s, m, p, g);
        mentorStep(i + 1, g === used ? used + 1 : used, out, cost + add);
        unseat(s, m, p);
        groupPin[g] = pinBefore;
      }
    }
    const mayLeave = cluster?.pinnedGroup === undefined && (!follows || only < 0);
    if (out < outAllowed && mayLeave) mentorStep(i + 1, used, out + 1, cost);
  };

  mentorStep(0, 0, 0, 0);
  const found = best.seating;
  if (found === undefined) return undefined;
  // Hand-edit pins keep their group id.
  for (let g = 0; g < G; g++) {
    for (const p of [...mentorsOf(found, g), ...menteesOf(found, g)]) {
      const pin = clusterOf(p)?.pinnedGroup;
      if (pin !== undefined) found.pinnedId[g] = pin;
    }
  }
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
