// An upper bound on S for cohorts too large to solve exactly.
//
// Each mentee's score depends only on the km mentors of its group, its buddy among them and the
// stages of its co-mentees. Ignoring that every mentor sits in one group only (the coupling between
// mentees), a mentee's best possible score is the best over km-sets of mentors it may legally share a
// group with: not of its employer, not `apart` from it, of its own gender when its single-gender
// request binds, including its pinned mentor if it has one; the buddy the best of the set; the
// experience spread at most 1 (0 when the cohort's mentees have fewer than two stages).
// In a result with H = 0 every placed mentee scores at most its own bound, so the mean over placed
// mentees is at most the mean of the P largest bounds, where P is the number placed: exactly ke·G
// when mentees ≥ ke·G (every H = 0 result). With fewer mentees than seats P varies, and the bound
// given is for results placing `placedAtLeast` mentees or more.
//
// Speed: mentors matter to a mentee only through (area mask, which of the mentee's interests they
// hold), at most 8 × 2^interests kinds, so the search over mentor pairs is over kinds (with counts),
// not over mentors. For km = 1 and 2 the bound is the exact per-mentee maximum; for km ≥ 3 it uses the
// union of all the mentee's legal mentors (still an upper bound, looser).

import {
  areaShare,
  type Cohort,
  createScoringIndex,
  type ScoringPerson,
  WEIGHT_BUDDY_AREAS,
  WEIGHT_EXPERIENCE_SPREAD,
  WEIGHT_INTERESTS,
  WEIGHT_MENTOR_AREAS,
} from "@circles/core/matching";

interface Kind {
  areaMask: number;
  held: number;
  /** Mentors of this kind, counted up to km (more never matter). */
  count: number;
}

const popcount = (x: number) => {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
};

export interface MenteeBound {
  mentee: ScoringPerson;
  /** Best soft score over the mentor sets the mentee may legally join. */
  total: number;
  /** Best share of its interests over those sets, on its own (for the coupled bound). */
  interest: number;
}

export interface PerMenteeBounds {
  /** One entry per mentee that can be placed at all, in cohort order. */
  bounds: MenteeBound[];
  /** Mentees with fewer than km legal mentors (or without their pinned mentor): never placed with H = 0. */
  unplaceable: number;
  /** 1 when the cohort's mentees have two stages or more (the spread can reach 1), else 0. */
  spread: number;
}

export function perMenteeBounds(cohort: Cohort): PerMenteeBounds {
  const { mentors: km, mentees: ke } = cohort.groupShape;
  const index = createScoringIndex(cohort);
  const personOf = new Map(cohort.people.map((p) => [p.id, p]));
  const mentors = index.people.filter((p) => p.role === "mentor");
  const mentees = index.people.filter((p) => p.role === "mentee");
  const stages = new Set(mentees.filter((e) => e.stage >= 0).map((e) => e.stage));
  const spread = ke >= 2 && stages.size >= 2 ? 1 : 0;

  const apart = new Set(cohort.apart.map(([a, b]) => (a < b ? `${a} ${b}` : `${b} ${a}`)));
  const isApart = (a: string, b: string) => apart.has(a < b ? `${a} ${b}` : `${b} ${a}`);
  const pinnedMentor = new Map<string, string>();
  for (const [a, b] of cohort.together) {
    if (index.byId.get(a)?.role === "mentor") pinnedMentor.set(b, a);
    if (index.byId.get(b)?.role === "mentor") pinnedMentor.set(a, b);
  }

  const bounds: MenteeBound[] = [];
  let unplaceable = 0;
  for (const e of mentees) {
    const employer = personOf.get(e.id)!.employer;
    const tagBit = new Map(e.interestIds.map((t, i) => [t, 1 << i]));
    const heldBy = (m: ScoringPerson) => {
      let held = 0;
      for (const [t, bit] of tagBit) if (m.interestSet.has(t)) held |= bit;
      return held;
    };
    const kinds = new Map<number, Kind>();
    let legal = 0;
    const pin = pinnedMentor.get(e.id);
    let pinKind: number | undefined;
    for (const m of mentors) {
      if (employer !== undefined && personOf.get(m.id)!.employer === employer) continue;
      if (e.bindingRequester && m.gender !== e.gender) continue;
      if (isApart(e.id, m.id)) continue;
      legal++;
      const held = heldBy(m);
      const key = (held << 3) | m.areaMask;
      const kind = kinds.get(key) ?? { areaMask: m.areaMask, held, count: 0 };
      if (m.id === pin) pinKind = key;
      if (kind.count < km) kind.count++;
      kinds.set(key, kind);
    }
    if (legal < km || (pin !== undefined && pinKind === undefined)) {
      unplaceable++;
      continue;
    }
    const interestShare = (held: number) =>
      e.interestIds.length === 0 ? 1 : popcount(held) / e.interestIds.length;
    const value = (areaUnion: number, bestBuddy: number, heldUnion: number) =>
      WEIGHT_MENTOR_AREAS * areaShare(e.areaMask, areaUnion) +
      WEIGHT_BUDDY_AREAS * bestBuddy +
      WEIGHT_INTERESTS * interestShare(heldUnion) +
      WEIGHT_EXPERIENCE_SPREAD * spread;
    const list = [...kinds.entries()];
    let total = 0;
    let interest = 0;
    const consider = (areaUnion: number, buddy: number, heldUnion: number) => {
      total = Math.max(total, value(areaUnion, buddy, heldUnion));
      interest = Math.max(interest, interestShare(heldUnion));
    };
    if (km === 1) {
      for (const [key, k] of list) {
        if (pinKind !== undefined && key !== pinKind) continue;
        consider(k.areaMask, areaShare(e.areaMask, k.areaMask), k.held);
      }
    } else if (km === 2) {
      for (let i = 0; i < list.length; i++) {
        const [keyA, a] = list[i]!;
        for (let j = i; j < list.length; j++) {
          const [keyB, b] = list[j]!;
          if (i === j && a.count < 2) continue;
          if (pinKind !== undefined && keyA !== pinKind && keyB !== pinKind) continue;
          const buddy = Math.max(areaShare(e.areaMask, a.areaMask), areaShare(e.areaMask, b.areaMask));
          consider(a.areaMask | b.areaMask, buddy, a.held | b.held);
        }
      }
    } else {
      let areaUnion = 0;
      let heldUnion = 0;
      let buddy = 0;
      for (const [, k] of list) {
        areaUnion |= k.areaMask;
        heldUnion |= k.held;
        buddy = Math.max(buddy, areaShare(e.areaMask, k.areaMask));
      }
      consider(areaUnion, buddy, heldUnion);
    }
    bounds.push({ mentee: e, total, interest });
  }
  return { bounds, unplaceable, spread };
}

/** How many mentees every H = 0 result places (ke·G when mentees ≥ ke·G), else `placedAtLeast`. */
export function placedMentees(cohort: Cohort, placeable: number, placedAtLeast?: number): number {
  const { mentors: km, mentees: ke } = cohort.groupShape;
  const mentors = cohort.people.filter((p) => p.role === "mentor").length;
  const mentees = cohort.people.length - mentors;
  const seats = ke * Math.floor(mentors / km);
  return Math.min(placeable, mentees >= seats ? seats : (placedAtLeast ?? placeable));
}

export interface SoftScoreUpperBound {
  bound: number;
  unplaceable: number;
  /** The P the bound is for. */
  placed: number;
}

export function softScoreUpperBound(cohort: Cohort, placedAtLeast?: number): SoftScoreUpperBound {
  const { bounds, unplaceable } = perMenteeBounds(cohort);
  const totals = bounds.map((b) => b.total).sort((a, b) => b - a);
  const placed = placedMentees(cohort, totals.length, placedAtLeast);
  let sum = 0;
  for (let i = 0; i < placed; i++) sum += totals[i]!;
  return { bound: placed === 0 ? 0 : sum / placed, unplaceable, placed };
}

/** The per-mentee bound for results seating exactly `placedIds`: the mean of those mentees' bounds. */
export function softScoreUpperBoundForPlaced(
  cohort: Cohort,
  placedIds: ReadonlySet<string>,
): number | undefined {
  const totals = perMenteeBounds(cohort)
    .bounds.filter((b) => placedIds.has(b.mentee.id))
    .map((b) => b.total);
  // A placed mentee with no legal mentor set: no H = 0 result seats this set.
  if (totals.length !== placedIds.size) return undefined;
  return totals.length === 0 ? 0 : totals.reduce((a, b) => a + b, 0) / totals.length;
}
