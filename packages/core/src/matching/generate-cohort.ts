// Seeded synthetic cohorts for tests and benchmarks, with METRIC.md's distributions. The same
// (people, seed, profile) always gives the same cohort; every cohort is valid for parseCohort.
//
// Choices beyond METRIC.md: 35% of applicants are mentors (so, at 2 + 3 per group, about a fifth of
// the mentees wait); applications arrive over three weeks; 10% of people list one to three people
// of this cohort they were grouped with before; students and 10% of others give no employer.
// `together` pins join a mentee and a mentor who may share a group (no employer clash, not apart,
// the same gender when the mentee's single-gender request is binding), one pin per person at most.
// The "adversarial" profile has few female mentors (15%) and many single-gender requests (half the
// female mentees, 15% of the male ones): the case where "as best as we can" is tested.
// "adversarial-men" is its mirror for mentors and requests: few male mentors (15%), half the male
// mentees and 15% of the female ones asking (the mentees' own genders as in the other profiles).
// Exact counts can replace the shares (`mentors`, `femaleMentors`, `maleMentors`, `bindingRequesters`),
// e.g. issue 8's cohort (`ISSUE_8_COHORT`); they are drawn from a second seeded stream, so a cohort
// without them is the same as before they existed.

import { createRng, type Rng } from "./rng.ts";
import { isBindingRequester } from "./score.ts";
import {
  AREAS,
  type Area,
  type Cohort,
  type ExperienceStage,
  type Gender,
  type Person,
  type Role,
} from "./types.ts";

export type CohortProfile = "typical" | "adversarial" | "adversarial-men";

export interface GenerateCohortOptions {
  people: number;
  seed: number;
  profile: CohortProfile;
  /** Exactly this many mentors (default: 35% of the people). */
  mentors?: number;
  /**
   * Exactly this many female (male) mentors; the other mentors are female, male, non-binary or
   * unstated by the profile's shares, re-drawn as non-binary or unstated when both counts are given.
   */
  femaleMentors?: number;
  maleMentors?: number;
  /**
   * Exactly this many binding requesters (female or male mentees asking for a single-gender group),
   * drawn with the profile's per-gender request shares as weights.
   */
  bindingRequesters?: number;
}

/**
 * The cohort of issue 8 (people and counts as reported; everything else from the typical profile):
 * 5,000 people, 1,700 mentors (737 female, 784 male, 179 non-binary or unstated), 428 binding requesters.
 */
export const ISSUE_8_COHORT = {
  people: 5000,
  profile: "typical",
  mentors: 1700,
  femaleMentors: 737,
  maleMentors: 784,
  bindingRequesters: 428,
} as const satisfies Omit<GenerateCohortOptions, "seed">;

interface Distributions {
  mentorGender: Record<Gender, number>;
  menteeGender: Record<Gender, number>;
  /** Share of female / male mentees who ask for a single-gender group. */
  singleGenderFemale: number;
  singleGenderMale: number;
}

const PROFILES: Record<CohortProfile, Distributions> = {
  typical: {
    mentorGender: { female: 0.45, male: 0.45, nonbinary: 0.04, unstated: 0.06 },
    menteeGender: { female: 0.55, male: 0.35, nonbinary: 0.04, unstated: 0.06 },
    singleGenderFemale: 0.2,
    singleGenderMale: 0.03,
  },
  adversarial: {
    mentorGender: { female: 0.15, male: 0.75, nonbinary: 0.04, unstated: 0.06 },
    menteeGender: { female: 0.55, male: 0.35, nonbinary: 0.04, unstated: 0.06 },
    singleGenderFemale: 0.5,
    singleGenderMale: 0.15,
  },
  "adversarial-men": {
    mentorGender: { female: 0.75, male: 0.15, nonbinary: 0.04, unstated: 0.06 },
    menteeGender: { female: 0.55, male: 0.35, nonbinary: 0.04, unstated: 0.06 },
    singleGenderFemale: 0.15,
    singleGenderMale: 0.5,
  },
};

const MENTOR_SHARE = 0.35;
/** Non-binding requests from non-binary or unstated mentees, shown to organisers. */
const SINGLE_GENDER_OTHER = 0.05;
const AREA_NEED: Record<Area, number> = { career: 0.6, growth: 0.5, technical: 0.5 };
const AREA_OFFER: Record<Area, number> = { career: 0.6, growth: 0.6, technical: 0.5 };
const INTEREST_TAGS = [
  "frontend",
  "backend",
  "data",
  "devops",
  "job-search",
  "mobile",
  "design",
  "security",
  "cloud",
  "leadership",
  "testing",
  "open-source",
] as const;
const MENTEE_NO_INTERESTS = 0.3;
const MENTOR_NO_INTERESTS = 0.1;
const MENTEE_STAGES: Partial<Record<ExperienceStage, number>> = { student: 0.35, junior: 0.45, mid: 0.2 };
const MENTOR_STAGES: Partial<Record<ExperienceStage, number>> = { mid: 0.3, senior: 0.45, lead: 0.25 };
const PEOPLE_PER_EMPLOYER = 4;
const NO_EMPLOYER = 0.1;
const PREVIOUSLY_GROUPED = 0.1;
const APART_PAIRS_PER_PERSON = 0.01;
const PINS_PER_MENTEE = 0.02;
const START_MS = Date.parse("2026-07-01T00:00:00Z");
const WINDOW_MS = 21 * 24 * 3600 * 1000;

function pick<T extends string>(rng: Rng, weights: Partial<Record<T, number>>): T {
  const entries = Object.entries(weights) as Array<[T, number]>;
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [value, w] of entries) {
    r -= w;
    if (r < 0) return value;
  }
  return entries[entries.length - 1]![0];
}

/** Index in [0, n) with Zipf-like weights 1/(k+1). */
function zipf(rng: Rng, cumulative: readonly number[]): number {
  const r = rng.next() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function zipfCumulative(n: number): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += 1 / (k + 1);
    out.push(sum);
  }
  return out;
}

function someAreas(rng: Rng, probabilities: Record<Area, number>): Area[] {
  for (;;) {
    const areas = AREAS.filter((a) => rng.next() < probabilities[a]);
    if (areas.length > 0) return areas;
  }
}

function someInterests(rng: Rng, noneShare: number, max: number, cumulative: readonly number[]): string[] {
  if (rng.next() < noneShare) return [];
  const count = 1 + rng.int(max);
  const tags = new Set<string>();
  for (let i = 0; i < count; i++) tags.add(INTEREST_TAGS[zipf(rng, cumulative)]!);
  return [...tags];
}

function checkCounts(options: GenerateCohortOptions, n: number, mentors: number): void {
  const whole = (x: number | undefined, max: number) =>
    x === undefined || (Number.isInteger(x) && x >= 0 && x <= max);
  if (!whole(options.mentors, n)) throw new RangeError(`mentors must be an integer in 0..${n}`);
  const female = options.femaleMentors ?? 0;
  const male = options.maleMentors ?? 0;
  if (
    !whole(options.femaleMentors, mentors) ||
    !whole(options.maleMentors, mentors) ||
    female + male > mentors
  )
    throw new RangeError(`femaleMentors + maleMentors must be at most the ${mentors} mentors`);
  if (!whole(options.bindingRequesters, n - mentors))
    throw new RangeError(`bindingRequesters must be an integer in 0..${n - mentors}`);
}

/** Applies the exact counts of `options` (a second seeded stream; nothing changes without them). */
function exactCounts(people: Person[], options: GenerateCohortOptions, d: Distributions): void {
  const { femaleMentors, maleMentors, bindingRequesters } = options;
  if (femaleMentors === undefined && maleMentors === undefined && bindingRequesters === undefined) return;
  const rng = createRng(options.seed * 7919 + 104729);
  const mentors = people.filter((p) => p.role === "mentor");
  if (femaleMentors !== undefined || maleMentors !== undefined) {
    // A random order; the first femaleMentors are female, the next maleMentors male.
    const order = mentors.map((p) => ({ p, key: rng.next() })).sort((a, b) => a.key - b.key);
    const others: Partial<Record<Gender, number>> =
      femaleMentors !== undefined && maleMentors !== undefined
        ? { nonbinary: d.mentorGender.nonbinary, unstated: d.mentorGender.unstated }
        : {
            ...d.mentorGender,
            ...(femaleMentors !== undefined ? { female: 0 } : {}),
            ...(maleMentors !== undefined ? { male: 0 } : {}),
          };
    order.forEach(({ p }, i) => {
      const f = femaleMentors ?? 0;
      const m = maleMentors ?? 0;
      p.gender = i < f ? "female" : i < f + m ? "male" : pick(rng, others);
    });
  }
  if (bindingRequesters !== undefined) {
    // Weighted sampling without replacement (Efraimidis–Spirakis): the largest u^(1/w) are chosen.
    const weight = (p: Person) =>
      p.gender === "female" ? d.singleGenderFemale : p.gender === "male" ? d.singleGenderMale : 0;
    const candidates = people
      .filter((p) => p.role === "mentee" && weight(p) > 0)
      .map((p) => ({ p, key: rng.next() ** (1 / weight(p)) }))
      .sort((a, b) => b.key - a.key);
    if (candidates.length < bindingRequesters)
      throw new RangeError(
        `only ${candidates.length} female or male mentees for ${bindingRequesters} requests`,
      );
    candidates.forEach(({ p }, i) => {
      p.singleGenderGroup = i < bindingRequesters;
    });
  }
}

export function generateCohort(options: GenerateCohortOptions): Cohort {
  const { people: n, seed, profile } = options;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`people must be a non-negative integer, not ${n}`);
  const d = PROFILES[profile];
  const rng = createRng(seed);
  const interestWeights = zipfCumulative(INTEREST_TAGS.length);
  const employers = zipfCumulative(Math.max(1, Math.ceil(n / PEOPLE_PER_EMPLOYER)));
  const mentorCount = options.mentors ?? Math.round(n * MENTOR_SHARE);
  checkCounts(options, n, mentorCount);
  const width = String(n).length;

  const people: Person[] = [];
  for (let i = 0; i < n; i++) {
    const role: Role = i < mentorCount ? "mentor" : "mentee";
    const number = role === "mentor" ? i + 1 : i - mentorCount + 1;
    const gender = pick(rng, role === "mentor" ? d.mentorGender : d.menteeGender);
    const askShare =
      role === "mentor"
        ? 0
        : gender === "female"
          ? d.singleGenderFemale
          : gender === "male"
            ? d.singleGenderMale
            : SINGLE_GENDER_OTHER;
    const experience = pick(rng, role === "mentor" ? MENTOR_STAGES : MENTEE_STAGES);
    const appliedAtMs = START_MS + Math.floor(rng.next() * (WINDOW_MS / 1000)) * 1000;
    const person: Person = {
      id: `${role}-${String(number).padStart(width, "0")}`,
      role,
      gender,
      singleGenderGroup: rng.next() < askShare,
      areas: someAreas(rng, role === "mentor" ? AREA_OFFER : AREA_NEED),
      interests:
        role === "mentor"
          ? someInterests(rng, MENTOR_NO_INTERESTS, 4, interestWeights)
          : someInterests(rng, MENTEE_NO_INTERESTS, 3, interestWeights),
      experience,
      appliedAt: new Date(appliedAtMs).toISOString(),
      appliedAtMs,
      previouslyGroupedWith: [],
    };
    if (experience !== "student" && rng.next() >= NO_EMPLOYER)
      person.employer = `employer-${zipf(rng, employers) + 1}`;
    people.push(person);
  }
  exactCounts(people, options, d);

  for (const p of people) {
    if (n < 2 || rng.next() >= PREVIOUSLY_GROUPED) continue;
    const count = 1 + rng.int(3);
    const others = new Set<string>();
    for (let k = 0; k < count; k++) {
      const other = people[rng.int(n)]!;
      if (other.id !== p.id) others.add(other.id);
    }
    p.previouslyGroupedWith = [...others];
  }

  const mentors = people.filter((p) => p.role === "mentor");
  const mentees = people.filter((p) => p.role === "mentee");
  const together: Array<[string, string]> = [];
  const inPin = new Set<string>();
  const pinTarget = Math.round(mentees.length * PINS_PER_MENTEE);
  for (
    let attempt = 0;
    together.length < pinTarget && attempt < pinTarget * 20 && mentors.length > 0;
    attempt++
  ) {
    const mentee = mentees[rng.int(mentees.length)]!;
    const mentor = mentors[rng.int(mentors.length)]!;
    if (inPin.has(mentee.id) || inPin.has(mentor.id)) continue;
    if (mentor.employer !== undefined && mentor.employer === mentee.employer) continue;
    if (isBindingRequester(mentee) && mentor.gender !== mentee.gender) continue;
    together.push([mentor.id, mentee.id]);
    inPin.add(mentor.id);
    inPin.add(mentee.id);
  }
  const pinKeys = new Set(together.map(([a, b]) => `${a} ${b}`));
  const apart: Array<[string, string]> = [];
  const apartTarget = Math.round(n * APART_PAIRS_PER_PERSON);
  for (let attempt = 0; apart.length < apartTarget && attempt < apartTarget * 20 && n >= 2; attempt++) {
    const a = people[rng.int(n)]!;
    const b = people[rng.int(n)]!;
    if (a.id === b.id || pinKeys.has(`${a.id} ${b.id}`) || pinKeys.has(`${b.id} ${a.id}`)) continue;
    apart.push([a.id, b.id]);
  }

  // Files list people in the order applications arrived, as an export would.
  people.sort((a, b) => a.appliedAtMs - b.appliedAtMs || (a.id < b.id ? -1 : 1));
  return { version: 1, groupShape: { mentors: 2, mentees: 3 }, people, apart, together, seed };
}
