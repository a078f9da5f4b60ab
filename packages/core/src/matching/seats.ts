// Builds a first matching: plan the groups' kinds, give each group its mentors, then seat mentees in
// application order. Pins come first (organisers' decisions override priority, as METRIC.md's
// priority rule exempts `together` pairs), then binding requesters within the intake take the
// single-gender seats sized for them, then everyone in priority order takes the best seat a quick
// estimate finds. When a mentee fits no free seat the builder tries two small repairs: moving a seated
// mentee to a free seat elsewhere, or swapping a blocking mentor for one of the same gender.

import { type Cluster, compatiblePair, FEMALE, isClustered, MALE, type Model } from "./model.ts";
import { menteeMentorScore, type ScoringPerson, WEIGHT_EXPERIENCE_SPREAD } from "./score.ts";
import {
  bindingCount,
  canJoin,
  emptySeating,
  groupUnbalanced,
  kindAllows,
  menteesOf,
  mentorsOf,
  type PlannedKind,
  replaceIn,
  type Seating,
  scoringPeople,
  seat,
  swapSeated,
  unseat,
} from "./seating.ts";

/** Caps the repair searches so that even a hopeless cohort is built in bounded time. */
const REPAIR_BUDGET = 4_000_000;
/** How many feasible groups the quick seat choice compares. */
const CANDIDATES = 12;

/** `intake`: 1 for the mentees of the expected intake (balance-bound.ts), whose requesters go first. */
export function buildSeating(m: Model, women: number, men: number, intake: Uint8Array): Seating {
  const planned: PlannedKind[] = [];
  for (let g = 0; g < m.groupCount; g++)
    planned.push(g < women ? "women" : g < women + men ? "men" : "mixed");
  const s = emptySeating(m, planned);
  const balanced = assignMentors(m, s, women, men);
  rebalanceMentors(m, s, balanced);
  seatMentees(m, s, intake);
  return s;
}

/** Returns the number of balanced mixed groups the plan allows. */
function assignMentors(m: Model, s: Seating, women: number, men: number): number {
  const G = m.groupCount;
  const km = m.km;
  let females = 0;
  let males = 0;
  for (const p of m.mentorsByPriority) {
    if (m.sex[p] === FEMALE) females++;
    else if (m.sex[p] === MALE) males++;
  }
  const balanced =
    km >= 2 ? Math.max(0, Math.min(G - women - men, females - km * women, males - km * men)) : 0;
  const needF = new Int32Array(G);
  const needM = new Int32Array(G);
  for (let g = 0; g < G; g++) {
    if (s.planned[g] === "women") needF[g] = km;
    else if (s.planned[g] === "men") needM[g] = km;
    else if (g < women + men + balanced) {
      needF[g] = 1;
      needM[g] = 1;
    }
  }
  const accepts = (g: number, p: number): boolean => {
    const left = km - mentorsOf(s, g).length;
    if (left <= 0) return false;
    if (s.planned[g] === "women" && m.sex[p] !== FEMALE) return false;
    if (s.planned[g] === "men" && m.sex[p] !== MALE) return false;
    const nf = Math.max(0, (needF[g] ?? 0) - (m.sex[p] === FEMALE ? 1 : 0));
    const nm = Math.max(0, (needM[g] ?? 0) - (m.sex[p] === MALE ? 1 : 0));
    return left - 1 >= nf + nm;
  };
  const place = (g: number, p: number): void => {
    seat(s, m, p, g);
    if (m.sex[p] === FEMALE && (needF[g] ?? 0) > 0) needF[g] = (needF[g] ?? 0) - 1;
    if (m.sex[p] === MALE && (needM[g] ?? 0) > 0) needM[g] = (needM[g] ?? 0) - 1;
  };

  // Pinned people first: a cluster with mentors takes one group whole. Clusters with a binding
  // requester go first; an all-female (all-male) cluster fills a single-gender group's mentor seats
  // when the unpinned mentors of that gender are too few for them.
  const bindingSex = (c: Cluster): number => {
    const requester = c.mentees.find((e) => m.binding[e] === 1);
    return requester === undefined ? -1 : (m.sex[requester] ?? -1);
  };
  const withMentors = m.clusters
    .filter((c) => c.mentors.length > 0)
    .sort((a, b) => Number(bindingSex(b) >= 0) - Number(bindingSex(a) >= 0));
  const seatsLeft = [km * women, km * men];
  const unpinned = [FEMALE, MALE].map(
    (sex) => m.mentorsByPriority.filter((p) => m.sex[p] === sex && !isClustered(m, p)).length,
  );
  for (const c of withMentors) {
    const sexOf = bindingSex(c);
    const allOf = (sex: number) => c.members.every((p) => m.sex[p] === sex);
    let required: PlannedKind = sexOf === FEMALE ? "women" : sexOf === MALE ? "men" : "mixed";
    for (const sex of [FEMALE, MALE]) {
      if (required === "mixed" && allOf(sex) && (unpinned[sex] ?? 0) < (seatsLeft[sex] ?? 0)) {
        required = sex === FEMALE ? "women" : "men";
      }
    }
    if (required !== "mixed") {
      const sex = required === "women" ? FEMALE : MALE;
      seatsLeft[sex] = (seatsLeft[sex] ?? 0) - c.mentors.length;
    }
    const fits = (g: number, strict: boolean): boolean => {
      if (strict && s.planned[g] !== required) return false;
      if (s.pinnedId[g] !== undefined && c.pinnedGroup !== undefined) return false;
      if (mentorsOf(s, g).length + c.mentors.length > km) return false;
      if (menteesOf(s, g).length + c.mentees.length > m.ke) return false;
      if (strict && !c.mentors.every((p) => accepts(g, p))) return false;
      return c.members.every((p) => canJoin(m, s, p, g));
    };
    let g = -1;
    // A pinned requester opens a single-gender group of her own if she can (one requester per group).
    if (sexOf >= 0)
      for (let h = 0; h < G && g < 0; h++) if (bindingCount(m, s, h) === 0 && fits(h, true)) g = h;
    for (let h = 0; h < G && g < 0; h++) if (fits(h, true)) g = h;
    for (let h = 0; h < G && g < 0; h++) if (s.planned[h] === required && fits(h, false)) g = h;
    for (let h = 0; h < G && g < 0; h++) if (fits(h, false)) g = h;
    if (g < 0) continue;
    if (s.planned[g] !== required) {
      // The pin forces this group's kind; its seats then follow the pinned requester's gender.
      s.planned[g] = required;
      needF[g] = required === "women" ? km : 0;
      needM[g] = required === "men" ? km : 0;
    }
    for (const p of c.mentors) place(g, p);
    for (const p of c.mentees) seat(s, m, p, g);
    if (c.pinnedGroup !== undefined) s.pinnedId[g] = c.pinnedGroup;
  }

  const free = m.mentorsByPriority.filter((p) => s.groupOf[p] === -1 && !isClustered(m, p));
  // Mentors of one employer conflict with the same mentees: putting them together leaves the other
  // groups open to those mentees. So a mixed group prefers a mentor who shares its mentors' employer
  // (or has none), among the first few acceptable ones in application order. (Single-gender groups
  // take theirs in application order: their requesters' employers matter more there.)
  const affinity = (g: number, p: number): number => {
    const e = m.employer[p] ?? -1;
    if (e < 0) return 1;
    return mentorsOf(s, g).some((q) => m.employer[q] === e) ? 2 : 0;
  };
  const takeFor = (g: number, sex: number): boolean => {
    let fallback = -1;
    let pick = -1;
    let pickAffinity = -1;
    let seen = 0;
    for (let i = 0; i < free.length && seen < 16; i++) {
      const p = free[i] as number;
      if (sex >= 0 && m.sex[p] !== sex) continue;
      if (!accepts(g, p)) continue;
      if (fallback < 0) fallback = i;
      if (!canJoin(m, s, p, g)) continue;
      seen++;
      const a = mentorsOf(s, g).length === 0 || s.planned[g] !== "mixed" ? 0 : affinity(g, p);
      if (a > pickAffinity) {
        pick = i;
        pickAffinity = a;
      }
    }
    const at = pick >= 0 ? pick : fallback;
    if (at < 0) return false;
    const [p] = free.splice(at, 1);
    place(g, p as number);
    return true;
  };
  // Mandatory seats: single-gender groups' mentors, then one female and one male per balanced group.
  for (let g = 0; g < G; g++) while ((needF[g] ?? 0) > 0 && takeFor(g, FEMALE));
  for (let g = 0; g < G; g++) while ((needM[g] ?? 0) > 0 && takeFor(g, MALE));
  // Remaining seats go to the earliest applicants left; the latest are the ones without a group.
  for (let g = 0; g < G; g++) while (mentorsOf(s, g).length < km && takeFor(g, -1));
  // A shortage (e.g. pins took the mentors a single-gender group needed): fill with anyone.
  for (let g = 0; g < G; g++) {
    while (mentorsOf(s, g).length < km && free.length > 0) seat(s, m, free.shift() as number, g);
  }
  return balanced;
}

/**
 * Pins can leave the mandatory female/male seats short: a pinned mentor lands in another group than
 * the one that needed them. Swapping mentors between two mixed groups repairs that whenever it lowers
 * the number of unbalanced groups.
 */
function rebalanceMentors(m: Model, s: Seating, balanced: number): void {
  const mixed = s.planned.map((k, g) => (k === "mixed" ? g : -1)).filter((g) => g >= 0);
  let reached = mixed.filter((g) => !groupUnbalanced(m, s, g)).length;
  if (reached >= balanced) return;
  const holding = [FEMALE, MALE].map((sex) =>
    mixed.filter((g) => mentorsOf(s, g).some((q) => m.sex[q] === sex)),
  );
  for (const g1 of mixed) {
    if (!groupUnbalanced(m, s, g1)) continue;
    const lacks = mentorsOf(s, g1).some((q) => m.sex[q] === FEMALE) ? MALE : FEMALE;
    search: for (const g2 of holding[lacks] ?? []) {
      if (g2 === g1) continue;
      for (const z of mentorsOf(s, g2)) {
        if (m.sex[z] !== lacks || isClustered(m, z)) continue;
        for (const y of mentorsOf(s, g1)) {
          if (isClustered(m, y)) continue;
          if (!canJoin(m, s, z, g1, y) || !canJoin(m, s, y, g2, z)) continue;
          const before = Number(groupUnbalanced(m, s, g1)) + Number(groupUnbalanced(m, s, g2));
          swapSeated(s, m, y, z);
          if (Number(groupUnbalanced(m, s, g1)) + Number(groupUnbalanced(m, s, g2)) < before) {
            reached++;
            if (reached >= balanced) return;
            break search;
          }
          swapSeated(s, m, y, z);
        }
      }
    }
  }
}

interface Builder {
  m: Model;
  s: Seating;
  mentorSp: ScoringPerson[][];
  open: number[];
  /** Groups planned women-only / men-only. */
  women: number[];
  men: number[];
  cursor: number;
  work: number;
}

function isOpen(b: Builder, g: number): boolean {
  return menteesOf(b.s, g).length < b.m.ke;
}

/** Quick estimate of what mentee x adds to group g (the local search refines it). */
function estimate(b: Builder, x: number, g: number): number {
  const { m, s } = b;
  const sp = m.sp[x] as ScoringPerson;
  let value = menteeMentorScore(sp, b.mentorSp[g] ?? [], undefined);
  let newStage = sp.stage >= 0;
  for (const q of menteesOf(s, g)) {
    if ((m.sp[q] as ScoringPerson).stage === sp.stage) newStage = false;
    if (m.prevKeys.has(x < q ? x * m.n + q : q * m.n + x)) value -= 0.05;
  }
  for (const q of mentorsOf(s, g)) if (m.prevKeys.has(x < q ? x * m.n + q : q * m.n + x)) value -= 0.05;
  if (newStage) value += WEIGHT_EXPERIENCE_SPREAD;
  return value;
}

function refreshOpen(b: Builder): void {
  b.open = b.open.filter((g) => isOpen(b, g));
}

/** `spread`: a binding requester prefers a single-gender group that has none yet (one per group). */
function seatBest(b: Builder, x: number, spread = false): boolean {
  const { m, s } = b;
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  let seen = 0;
  // Spreading looks at every group of the requester's kind: the one without a requester may be anywhere.
  const pool = spread ? (m.sex[x] === FEMALE ? b.women : b.men) : b.open;
  const len = pool.length;
  const limit = spread ? len : CANDIDATES;
  for (let k = 0; k < len && seen < limit; k++) {
    const g = pool[(b.cursor + k) % len] as number;
    if (!isOpen(b, g) || !kindAllows(m, s, x, g) || !canJoin(m, s, x, g)) continue;
    seen++;
    const value = estimate(b, x, g) + (spread && bindingCount(m, s, g) === 0 ? 10 : 0);
    if (value > bestValue) {
      bestValue = value;
      best = g;
    }
  }
  b.cursor++;
  if (best < 0) return false;
  seat(s, m, x, best);
  if (!isOpen(b, best)) refreshOpenLazily(b);
  return true;
}

function refreshOpenLazily(b: Builder): void {
  // Drop full groups only now and then: filtering costs O(G).
  if (b.cursor % 32 === 0) refreshOpen(b);
}

/** Seat x in a full group g2 by moving one of its mentees y to a free seat elsewhere. */
function augment(b: Builder, x: number): boolean {
  const { m, s } = b;
  refreshOpen(b);
  if (b.open.length === 0) return false;
  for (let g2 = 0; g2 < m.groupCount; g2++) {
    if (b.work > REPAIR_BUDGET) return false;
    if (!kindAllows(m, s, x, g2)) continue;
    for (const y of menteesOf(s, g2)) {
      b.work += 4;
      if (isClustered(m, y)) continue;
      if (m.binding[y] === 1 && m.binding[x] === 0 && bindingCount(m, s, g2) === 1) continue;
      if (!canJoin(m, s, x, g2, y)) continue;
      for (const g3 of b.open) {
        b.work += 4;
        if (g3 === g2 || !isOpen(b, g3) || !kindAllows(m, s, y, g3) || !canJoin(m, s, y, g3)) continue;
        replaceIn(s, m, y, x);
        seat(s, m, y, g3);
        refreshOpen(b);
        return true;
      }
    }
  }
  return false;
}

/** Seat x in a free seat of group g by swapping the one mentor who blocks x for a same-gender mentor. */
function swapBlockingMentor(b: Builder, x: number, only?: (g: number) => boolean): boolean {
  const { m, s } = b;
  refreshOpen(b);
  for (const g of b.open) {
    if (b.work > REPAIR_BUDGET) return false;
    if (!kindAllows(m, s, x, g) || (only !== undefined && !only(g))) continue;
    if (!menteesOf(s, g).every((q) => compatiblePair(m, x, q))) continue;
    const blockers = mentorsOf(s, g).filter((q) => !compatiblePair(m, x, q));
    const blocker = blockers[0];
    if (blockers.length !== 1 || blocker === undefined || isClustered(m, blocker)) continue;
    for (const y of m.mentorsByPriority) {
      b.work += 4;
      const h = s.groupOf[y] ?? -1;
      if (h < 0 || h === g || isClustered(m, y) || m.sex[y] !== m.sex[blocker]) continue;
      if (!compatiblePair(m, x, y) || !canJoin(m, s, y, g, blocker) || !canJoin(m, s, blocker, h, y))
        continue;
      swapSeated(s, m, blocker, y);
      b.mentorSp[g] = scoringPeople(m, mentorsOf(s, g));
      b.mentorSp[h] = scoringPeople(m, mentorsOf(s, h));
      seat(s, m, x, g);
      return true;
    }
  }
  return false;
}

/**
 * A single-gender group left without a binding requester (conflicts kept them all out) is an
 * unbalanced group: swap in a requester from a group of the same kind that has two or more, in
 * exchange for one of its other mentees.
 */
export function spreadRequesters(m: Model, s: Seating): void {
  const G = m.groupCount;
  for (let g = 0; g < G; g++) {
    if (s.planned[g] === "mixed" || bindingCount(m, s, g) > 0) continue;
    search: for (let h = 0; h < G; h++) {
      if (h === g || s.planned[h] !== s.planned[g] || bindingCount(m, s, h) < 2) continue;
      for (const y of menteesOf(s, h)) {
        if (m.binding[y] !== 1 || isClustered(m, y)) continue;
        if (menteesOf(s, g).length < m.ke && canJoin(m, s, y, g)) {
          unseat(s, m, y);
          seat(s, m, y, g);
          break search;
        }
        for (const z of menteesOf(s, g)) {
          if (isClustered(m, z) || !canJoin(m, s, y, g, z) || !canJoin(m, s, z, h, y)) continue;
          swapSeated(s, m, y, z);
          break search;
        }
      }
    }
  }
}

function seatMentees(m: Model, s: Seating, intake: Uint8Array): void {
  const b: Builder = {
    m,
    s,
    mentorSp: s.mentors.map((ids) => scoringPeople(m, ids)),
    open: s.mentees.map((_, g) => g),
    women: s.mentees.map((_, g) => g).filter((g) => s.planned[g] === "women"),
    men: s.mentees.map((_, g) => g).filter((g) => s.planned[g] === "men"),
    cursor: 0,
    work: 0,
  };
  refreshOpen(b);
  // Pinned mentees without a mentor in their cluster: the whole cluster takes one group.
  for (const c of m.clusters) {
    if (c.mentors.length > 0 || c.mentees.length === 0) continue;
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let g = 0; g < m.groupCount; g++) {
      if (menteesOf(s, g).length + c.mentees.length > m.ke) continue;
      if (c.pinnedGroup !== undefined && s.pinnedId[g] !== undefined) continue;
      if (!c.mentees.every((x) => kindAllows(m, s, x, g) && canJoin(m, s, x, g))) continue;
      const value = c.mentees.reduce((sum, x) => sum + estimate(b, x, g), 0);
      if (value > bestValue) {
        bestValue = value;
        best = g;
      }
    }
    if (best < 0) continue;
    for (const x of c.mentees) seat(s, m, x, best);
    if (c.pinnedGroup !== undefined) s.pinnedId[best] = c.pinnedGroup;
  }
  refreshOpen(b);
  const free = m.menteesByPriority.filter((x) => !isClustered(m, x));
  // Binding requesters within the intake take the single-gender seats planned for them.
  for (const x of m.menteesByPriority) {
    if (intake[x] !== 1 || m.binding[x] !== 1 || isClustered(m, x)) continue;
    const pool = m.sex[x] === FEMALE ? b.women : b.men;
    const withoutRequester = (g: number) => bindingCount(m, s, g) === 0;
    const emptyLeft = pool.some((g) => withoutRequester(g) && isOpen(b, g));
    if (!seatBest(b, x, true)) {
      swapBlockingMentor(b, x);
      continue;
    }
    const g = s.groupOf[x] ?? -1;
    if (emptyLeft && bindingCount(m, s, g) > 1) {
      // She joined another requester while a group without one is left: open it for her by a mentor swap.
      unseat(s, m, x);
      if (!swapBlockingMentor(b, x, withoutRequester)) seat(s, m, x, g);
    }
  }
  spreadRequesters(m, s);
  for (const x of free) {
    if (s.groupOf[x] !== -1) continue;
    if (b.open.length === 0) break;
    if (seatBest(b, x)) continue;
    refreshOpen(b);
    if (b.open.length === 0) break;
    if (augment(b, x)) continue;
    swapBlockingMentor(b, x);
  }
}
