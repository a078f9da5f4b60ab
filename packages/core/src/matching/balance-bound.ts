import { isBindingRequester } from "./score.ts";
import type { Cohort, Person } from "./types.ts";

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
  /** Female (male) mentees who are not binding requesters. */
  femaleNonBinding: number;
  maleNonBinding: number;
  /** Mentees who are not binding requesters. */
  nonBindingMentees: number;
  /**
   * Binding requesters who can sit in a single-gender group at all: at least km mentors of their
   * gender neither share their employer nor are kept apart from them.
   */
  bindingFemale: number;
  bindingMale: number;
  /**
   * Binding requesters within the expected intake: the first ke·G mentees by application time who
   * can be seated at all (a requester who cannot sit in any single-gender group, or for whom the
   * mentors of her gender leave no seat, waits and the next applicant takes the place).
   */
  bindingFemaleInIntake: number;
  bindingMaleInIntake: number;
  /** Female (male) mentees within the expected intake who are not binding requesters. */
  femaleNonBindingInIntake: number;
  maleNonBindingInIntake: number;
  /** Ids of that expected intake. */
  intake: ReadonlySet<string>;
  /** Mentees ≥ ke·G. */
  full: boolean;
}

/** Binding requesters placed (with H = 0: honoured), per gender. */
export interface Honoured {
  women: number;
  men: number;
}

export interface SingleGenderPlan {
  women: number;
  men: number;
  /** f(women, men): B cannot be lower with this many single-gender groups. */
  bound: number;
  /** Which constraints had to be relaxed to find a plan. */
  relaxed: "none" | "mentees" | "mentors";
}

const count = <T>(xs: readonly T[], pred: (x: T) => boolean): number =>
  xs.reduce((s, x) => s + (pred(x) ? 1 : 0), 0);

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
  const pinnedToOther = pinnedToOtherGender(cohort);
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
  const byId = new Map(cohort.people.map((p) => [p.id, p]));
  const apartMentors = new Map<string, number>();
  for (const [a, b] of cohort.apart) {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const px = byId.get(x);
      const py = byId.get(y);
      if (px?.role === "mentee" && py?.role === "mentor" && px.gender === py.gender) {
        apartMentors.set(x, (apartMentors.get(x) ?? 0) + 1);
      }
    }
  }
  const groupable = (p: Person, gender: "female" | "male"): boolean => {
    if (!isBindingRequester(p) || p.gender !== gender) return false;
    const clash =
      p.employer === undefined ? 0 : (sameGenderEmployer.get(`${gender}\u0000${p.employer}`) ?? 0);
    return (sameGender.get(gender) ?? 0) - clash - (apartMentors.get(p.id) ?? 0) >= km;
  };
  const femaleMentorsFree = count(mentors, (p) => p.gender === "female" && !pinnedToOther.has(p.id));
  const maleMentorsFree = count(mentors, (p) => p.gender === "male" && !pinnedToOther.has(p.id));
  // The expected intake: application order, skipping requesters who cannot be seated.
  const requesterSeats = {
    female: ke * Math.min(groups, Math.floor(femaleMentorsFree / km)),
    male: ke * Math.min(groups, Math.floor(maleMentorsFree / km)),
  };
  const intake = new Set<string>();
  const taken = { female: 0, male: 0 };
  for (const p of mentees) {
    if (intake.size >= ke * groups) break;
    if (isBindingRequester(p)) {
      const gender = p.gender as "female" | "male";
      if (!groupable(p, gender) || taken[gender] >= requesterSeats[gender]) continue;
      taken[gender]++;
    }
    intake.add(p.id);
  }
  const inIntake = mentees.filter((p) => intake.has(p.id));
  return {
    km,
    ke,
    groups,
    femaleMentors: count(mentors, (p) => p.gender === "female"),
    maleMentors: count(mentors, (p) => p.gender === "male"),
    femaleMentorsFree,
    maleMentorsFree,
    femaleMentees: count(mentees, (p) => p.gender === "female"),
    maleMentees: count(mentees, (p) => p.gender === "male"),
    femaleNonBinding: count(mentees, (p) => p.gender === "female" && !isBindingRequester(p)),
    maleNonBinding: count(mentees, (p) => p.gender === "male" && !isBindingRequester(p)),
    nonBindingMentees: count(mentees, (p) => !isBindingRequester(p)),
    bindingFemale: count(mentees, (p) => groupable(p, "female")),
    bindingMale: count(mentees, (p) => groupable(p, "male")),
    bindingFemaleInIntake: count(inIntake, (p) => groupable(p, "female")),
    bindingMaleInIntake: count(inIntake, (p) => groupable(p, "male")),
    femaleNonBindingInIntake: count(inIntake, (p) => p.gender === "female" && !isBindingRequester(p)),
    maleNonBindingInIntake: count(inIntake, (p) => p.gender === "male" && !isBindingRequester(p)),
    intake,
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

/** The (w, m) the proof allows, and the mentees a full cohort's groups need. */
interface Limits {
  women: readonly [number, number];
  men: readonly [number, number];
  /** Female / male mentees who can take a single-gender group's seats (null: not checked). */
  femaleSeats: number | null;
  maleSeats: number | null;
  /** Mentees who can take a mixed group's seats (null: not checked). */
  mixedSeats: number | null;
}

function minimise(c: CohortCounts, l: Limits, relaxed: SingleGenderPlan["relaxed"]): SingleGenderPlan | null {
  let best: SingleGenderPlan | null = null;
  for (let w = l.women[0]; w <= l.women[1]; w++) {
    for (let m = l.men[0]; m <= l.men[1] && w + m <= c.groups; m++) {
      if (c.full) {
        if (l.femaleSeats !== null && c.ke * w > l.femaleSeats) continue;
        if (l.maleSeats !== null && c.ke * m > l.maleSeats) continue;
        if (l.mixedSeats !== null && c.ke * (c.groups - w - m) > l.mixedSeats) continue;
      }
      const bound = unbalancedGivenSingleGender(c, w, m);
      // Ties: fewest single-gender groups (the fewest constraints on everyone else).
      if (best === null || bound < best.bound || (bound === best.bound && w + m < best.women + best.men)) {
        best = { women: w, men: m, bound, relaxed };
      }
    }
  }
  return best;
}

/** Tries the limits, then without the mentee counts, then without the mentor counts either. */
function minimiseRelaxing(c: CohortCounts, l: Limits, uncapped: Limits): SingleGenderPlan {
  const noMentees = { ...l, femaleSeats: null, maleSeats: null, mixedSeats: null };
  const noMentors = { ...uncapped, femaleSeats: null, maleSeats: null, mixedSeats: null };
  return (
    minimise(c, l, "none") ??
    minimise(c, noMentees, "mentees") ??
    minimise(c, noMentors, "mentors") ?? {
      women: 0,
      men: 0,
      bound: unbalancedGivenSingleGender(c, 0, 0),
      relaxed: "mentors",
    }
  );
}

/**
 * Per gender, ⌈honoured / ke⌉ ≤ groups ≤ min(honoured, mentors / km, G): each single-gender group
 * holds one to ke of the honoured requesters and km mentors of its gender.
 */
function honouredLimits(
  c: CohortCounts,
  honoured: Honoured,
  mentors: { female: number; male: number },
  others: { female: number; male: number },
): Limits {
  const range = (r: number, mentorsOfGender: number): [number, number] => [
    Math.ceil(r / c.ke),
    Math.min(r, Math.floor(mentorsOfGender / c.km), c.groups),
  ];
  return {
    women: range(honoured.women, mentors.female),
    men: range(honoured.men, mentors.male),
    femaleSeats: honoured.women + others.female,
    maleSeats: honoured.men + others.male,
    mixedSeats: c.nonBindingMentees,
  };
}

/**
 * min f(w, m) over every (w, m) an H = 0 result honouring `honoured` can have (see the proof above),
 * and the (w, m) that reaches it. `others`: the female / male mentees besides the requesters who may
 * be seated (by default every one in the cohort; the seated ones give the bound for one placed set).
 */
export function boundForHonoured(
  c: CohortCounts,
  honoured: Honoured,
  others = { female: c.femaleNonBinding, male: c.maleNonBinding },
  maxGroups?: Honoured,
): SingleGenderPlan {
  const mentors = { female: c.femaleMentors, male: c.maleMentors };
  const limits = honouredLimits(c, honoured, mentors, others);
  if (maxGroups !== undefined) {
    // At most this many groups of a kind (requesters who must share a group: explain.ts).
    const cap = (r: readonly [number, number], most: number): [number, number] => [
      r[0],
      Math.min(r[1], most),
    ];
    limits.women = cap(limits.women, maxGroups.women);
    limits.men = cap(limits.men, maxGroups.men);
  }
  return minimiseRelaxing(c, limits, limits);
}

/**
 * The single-gender groups the matcher builds for `honoured` requesters: the bound's minimum over
 * the (w, m) its seating can fill — mentors not pinned to someone of another gender, and the
 * mentees of each gender in the expected intake (`others`: those who are not binding requesters).
 */
export function planForHonoured(
  c: CohortCounts,
  honoured: Honoured,
  others: { female: number; male: number },
): SingleGenderPlan {
  const free = honouredLimits(c, honoured, { female: c.femaleMentorsFree, male: c.maleMentorsFree }, others);
  const all = honouredLimits(c, honoured, { female: c.femaleMentors, male: c.maleMentors }, others);
  return minimiseRelaxing(c, free, all);
}

/** The requests the matcher expects to honour: the groupable requesters within the expected intake. */
export function expectedHonoured(c: CohortCounts): Honoured {
  return { women: c.bindingFemaleInIntake, men: c.bindingMaleInIntake };
}

/**
 * Proven lower bound on B for every H = 0 result that honours `honoured` binding requests of each
 * gender (by default the ones the matcher expects to honour), over every way of forming its
 * single-gender groups (see the proof above).
 */
export function unbalancedLowerBound(cohort: Cohort, honoured?: Honoured): number {
  const c = cohortCounts(cohort);
  return boundForHonoured(c, honoured ?? expectedHonoured(c)).bound;
}

/** Proven lower bound on B for every H = 0 result, whatever it does with binding requests. */
export function unbalancedLowerBoundAnyRequests(cohort: Cohort): number {
  return anyRequestsBound(cohortCounts(cohort));
}

export function anyRequestsBound(c: CohortCounts): number {
  // Any number of women-only groups, each with a groupable requester of its own and km female mentors.
  const limits: Limits = {
    women: [0, Math.min(c.bindingFemale, Math.floor(c.femaleMentors / c.km), c.groups)],
    men: [0, Math.min(c.bindingMale, Math.floor(c.maleMentors / c.km), c.groups)],
    femaleSeats: c.femaleMentees,
    maleSeats: c.maleMentees,
    mixedSeats: c.nonBindingMentees,
  };
  return minimiseRelaxing(c, limits, limits).bound;
}
