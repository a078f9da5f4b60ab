// A proven lower bound on B (METRIC.md §2: groups with no binding requester that lack a female or a
// male mentor), and the plan of single-gender groups the matcher builds to reach it.
//
// Notation: F / Mm female / male mentors, G groups of km mentors and ke mentees, w (m) the number of
// groups that hold a binding female (male) requester: the women-only (men-only) groups.
//
// Lemma. In a result with H = 0 that has w women-only and m men-only groups,
//     B ≥ f(w, m) = max(0, (G − w − m) − min(F − km·w, Mm − km·m))   (km ≥ 2),   f = G − w − m (km = 1).
// Proof. H = 0 puts exactly km mentors in each of the G groups and makes every member of a women-only
// group female (of a men-only group male); no group is both, since its mentors cannot be both. So the
// women-only groups use km·w female mentors and the men-only ones km·m male mentors, leaving at most
// F − km·w female and Mm − km·m male mentors for the other G − w − m groups. Each of those that is
// balanced holds at least one female and one male mentor (impossible with km = 1), so at most
// min(F − km·w, Mm − km·m) of them are balanced, and B, the number of the others, is at least f. ∎
//
// Which (w, m) can an H = 0 result have? w ≤ min(bf, ⌊F/km⌋) (each women-only group holds a binding
// female requester of its own, one who has km female mentors she may sit with, and km female mentors), likewise m; w + m ≤ G; and when the cohort is
// "full" (mentees ≥ ke·G, so every group holds exactly ke mentees): ke·w ≤ female mentees, ke·m ≤
// male mentees, and the G − w − m other groups hold only mentees who are not binding requesters,
// ke·(G − w − m) ≤ non-binding mentees (so binding requesters can *force* single-gender groups).
//
// The matcher also places every mentee pinned by `together` (pins override priority), so a mentor
// pinned to someone of another gender never sits in a single-gender group: w·km is at most the
// female mentors not so pinned. The bound below is for the results that do the same.
//
// The program promises binding requesters their group ("we will put them in an all-women or all-men
// group"), so the matcher does not buy balance by waitlisting them: it builds at least the
// single-gender groups that the binding requesters within the intake (the first ke·G mentees by
// application time) demand, ⌈requesters / ke⌉ per gender, capped by the mentors of that gender.
// It also forms single-gender groups only around requesters within the intake: a requester who
// applied later would take a seat that an earlier waiting applicant could claim by the priority rule
// as soon as she is the group's only requester. `unbalancedLowerBound` is therefore min f(w, m) over
// the feasible (w, m) that meet that demand, with w (m) at most the binding female (male) requesters
// within the intake: a bound for every H = 0 result that honours the demand and whose single-gender
// groups each hold a requester from the intake (the results the matcher builds). `unbalancedLowerBoundAnyRequests` drops the
// demand (min over all feasible (w, m)): a bound for every H = 0 result at all, shown in the report so
// an organiser sees what honouring the requests costs in balance. When no (w, m) meets the demand
// (or H = 0 is impossible) the constraints are relaxed in that order, and the figure is the bound for
// the relaxed class, which is still the class the matcher draws from.

import { isBindingRequester } from "./score.ts";
import type { Cohort } from "./types.ts";

export interface CohortCounts {
  km: number;
  ke: number;
  groups: number;
  femaleMentors: number;
  maleMentors: number;
  /** Female (male) mentors not pinned by `together` to someone of another gender. */
  femaleMentorsFree: number;
  maleMentorsFree: number;
  femaleMentees: number;
  maleMentees: number;
  /** Mentees who are not binding requesters. */
  nonBindingMentees: number;
  /**
   * Binding requesters who can sit in a single-gender group at all: at least km mentors of their
   * gender neither share their employer nor are kept apart from them.
   */
  bindingFemale: number;
  bindingMale: number;
  /** Binding requesters among the first ke·G mentees by application time. */
  bindingFemaleInIntake: number;
  bindingMaleInIntake: number;
  /** Mentees ≥ ke·G. */
  full: boolean;
}

export interface SingleGenderPlan {
  women: number;
  men: number;
  /** f(women, men): B cannot be lower with this many single-gender groups. */
  bound: number;
  /** Which constraints had to be relaxed to find a plan. */
  relaxed: "none" | "demand" | "mentees";
}

export function cohortCounts(cohort: Cohort): CohortCounts {
  const km = cohort.groupShape.mentors;
  const ke = cohort.groupShape.mentees;
  const mentors = cohort.people.filter((p) => p.role === "mentor");
  const mentees = cohort.people
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.role === "mentee")
    .sort((a, b) => a.p.appliedAtMs - b.p.appliedAtMs || a.i - b.i)
    .map(({ p }) => p);
  const groups = Math.floor(mentors.length / km);
  const intake = mentees.slice(0, ke * groups);
  const pinnedToOther = pinnedToOtherGender(cohort);
  const count = <T>(xs: T[], pred: (x: T) => boolean): number =>
    xs.reduce((s, x) => s + (pred(x) ? 1 : 0), 0);
  // A requester can sit in a single-gender group only with km mentors of her gender who neither
  // share her employer nor are kept apart from her.
  const sameGender = new Map<string, number>();
  const sameGenderEmployer = new Map<string, number>();
  for (const p of mentors) {
    sameGender.set(p.gender, (sameGender.get(p.gender) ?? 0) + 1);
    if (p.employer !== undefined) {
      const key = `${p.gender}\u0000${p.employer}`;
      sameGenderEmployer.set(key, (sameGenderEmployer.get(key) ?? 0) + 1);
    }
  }
  const genderOf = new Map(cohort.people.map((p) => [p.id, p]));
  const apartMentors = new Map<string, number>();
  for (const [a, b] of cohort.apart) {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const px = genderOf.get(x);
      const py = genderOf.get(y);
      if (px?.role === "mentee" && py?.role === "mentor" && px.gender === py.gender) {
        apartMentors.set(x, (apartMentors.get(x) ?? 0) + 1);
      }
    }
  }
  const groupable = (p: Cohort["people"][number], gender: "female" | "male"): boolean => {
    if (!isBindingRequester(p) || p.gender !== gender) return false;
    const clash =
      p.employer === undefined ? 0 : (sameGenderEmployer.get(`${gender}\u0000${p.employer}`) ?? 0);
    return (sameGender.get(gender) ?? 0) - clash - (apartMentors.get(p.id) ?? 0) >= km;
  };
  return {
    km,
    ke,
    groups,
    femaleMentors: count(mentors, (p) => p.gender === "female"),
    maleMentors: count(mentors, (p) => p.gender === "male"),
    femaleMentorsFree: count(mentors, (p) => p.gender === "female" && !pinnedToOther.has(p.id)),
    maleMentorsFree: count(mentors, (p) => p.gender === "male" && !pinnedToOther.has(p.id)),
    femaleMentees: count(mentees, (p) => p.gender === "female"),
    maleMentees: count(mentees, (p) => p.gender === "male"),
    nonBindingMentees: count(mentees, (p) => !isBindingRequester(p)),
    bindingFemale: count(mentees, (p) => groupable(p, "female")),
    bindingMale: count(mentees, (p) => groupable(p, "male")),
    bindingFemaleInIntake: count(intake, (p) => groupable(p, "female")),
    bindingMaleInIntake: count(intake, (p) => groupable(p, "male")),
    full: mentees.length >= ke * groups,
  };
}

/** People linked by a chain of `together` pins to someone of another gender. */
function pinnedToOtherGender(cohort: Cohort): Set<string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    return r;
  };
  for (const [a, b] of cohort.together) {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  }
  const genders = new Map<string, Set<string>>();
  const gender = new Map(cohort.people.map((p) => [p.id, p.gender]));
  for (const [a, b] of cohort.together) {
    for (const id of [a, b]) {
      const root = find(id);
      const set = genders.get(root) ?? new Set<string>();
      set.add(gender.get(id) ?? "");
      genders.set(root, set);
    }
  }
  const out = new Set<string>();
  for (const [a, b] of cohort.together) {
    for (const id of [a, b]) if ((genders.get(find(id))?.size ?? 0) > 1) out.add(id);
  }
  return out;
}

/** The lemma's f(w, m): a lower bound on B for any H = 0 result with w women-only and m men-only groups. */
export function unbalancedGivenSingleGender(c: CohortCounts, women: number, men: number): number {
  const rest = c.groups - women - men;
  if (c.km < 2) return rest;
  return Math.max(0, rest - Math.min(c.femaleMentors - c.km * women, c.maleMentors - c.km * men));
}

function bestPlan(
  c: CohortCounts,
  minWomen: number,
  minMen: number,
  menteeLimits: boolean,
  intakeOnly: boolean,
): SingleGenderPlan | null {
  const maxWomen = maxSingleGender(c, "women", intakeOnly);
  const maxMen = maxSingleGender(c, "men", intakeOnly);
  let best: SingleGenderPlan | null = null;
  for (let w = minWomen; w <= maxWomen; w++) {
    for (let m = minMen; m <= maxMen && w + m <= c.groups; m++) {
      if (menteeLimits && c.full) {
        if (c.ke * w > c.femaleMentees || c.ke * m > c.maleMentees) continue;
        if (c.ke * (c.groups - w - m) > c.nonBindingMentees) continue;
      }
      const bound = unbalancedGivenSingleGender(c, w, m);
      // Ties: fewest single-gender groups (the fewest constraints on everyone else).
      if (best === null || bound < best.bound || (bound === best.bound && w + m < best.women + best.men)) {
        best = { women: w, men: m, bound, relaxed: "none" };
      }
    }
  }
  return best;
}

/** The single-gender groups the matcher builds: meets the binding demand, then minimises f. */
export function planSingleGenderGroups(cohort: Cohort): SingleGenderPlan {
  return planFromCounts(cohortCounts(cohort));
}

/** Each single-gender group holds a binding requester of its own and km mentors of its gender. */
function maxSingleGender(c: CohortCounts, kind: "women" | "men", intakeOnly: boolean): number {
  const requesters =
    kind === "women"
      ? intakeOnly
        ? c.bindingFemaleInIntake
        : c.bindingFemale
      : intakeOnly
        ? c.bindingMaleInIntake
        : c.bindingMale;
  const mentors = kind === "women" ? c.femaleMentorsFree : c.maleMentorsFree;
  return Math.min(requesters, Math.floor(mentors / c.km), c.groups);
}

/** Single-gender groups the binding requesters within the intake ask for: ⌈requesters / ke⌉ per gender. */
export function singleGenderDemand(c: CohortCounts): { women: number; men: number } {
  let women = Math.min(maxSingleGender(c, "women", true), Math.ceil(c.bindingFemaleInIntake / c.ke));
  let men = Math.min(maxSingleGender(c, "men", true), Math.ceil(c.bindingMaleInIntake / c.ke));
  // Both demands cannot exceed the groups: share them in proportion.
  while (women + men > c.groups) {
    if (women * c.bindingMaleInIntake >= men * c.bindingFemaleInIntake) women--;
    else men--;
  }
  return { women, men };
}

export function planFromCounts(c: CohortCounts): SingleGenderPlan {
  const demand = singleGenderDemand(c);
  const demandWomen = demand.women;
  const demandMen = demand.men;
  const withDemand = bestPlan(c, demandWomen, demandMen, true, true);
  if (withDemand !== null) return withDemand;
  const anyRequests = bestPlan(c, 0, 0, true, true);
  if (anyRequests !== null) return { ...anyRequests, relaxed: "demand" };
  const plan = bestPlan(c, demandWomen, demandMen, false, true) ?? {
    women: 0,
    men: 0,
    bound: unbalancedGivenSingleGender(c, 0, 0),
  };
  return { ...plan, relaxed: "mentees" };
}

/** Proven lower bound on B for H = 0 results that honour the binding demand (see the proof above). */
export function unbalancedLowerBound(cohort: Cohort): number {
  return planSingleGenderGroups(cohort).bound;
}

/** Proven lower bound on B for every H = 0 result, whatever it does with binding requests. */
export function unbalancedLowerBoundAnyRequests(cohort: Cohort): number {
  return anyRequestsBound(cohortCounts(cohort));
}

export function anyRequestsBound(c: CohortCounts): number {
  return (bestPlan(c, 0, 0, true, false) ?? bestPlan(c, 0, 0, false, false) ?? { bound: 0 }).bound;
}
