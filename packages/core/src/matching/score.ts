// The soft score S and the balance rule B of METRIC.md as pure functions, shared by the matcher
// (to optimise) and the checker (to judge), so that both always agree on what a good group is.
//
// Hot-path functions take pre-indexed people (`ScoringPerson`, built once per cohort with
// `createScoringIndex`): areas as a 3-bit mask, interests as interned integer ids with a Set for
// lookups, experience as a stage index. None of them allocate except `experienceSpread`'s tiny mask.
//
// Choices METRIC.md leaves open, decided here once for everyone:
// - a mentee who gave no areas has nothing uncovered: both area shares are 1 (as METRIC.md says for
//   interests);
// - the experience spread counts distinct stages among the group's mentees who gave one; it is
//   capped at 1 (a group of more than 3 mentees may hold more than 3 stages) and is 0 when fewer
//   than two stages are present or the group has one mentee;
// - a mentee without a buddy (or whose buddy is not a mentor of the group) gets 0 for the buddy part;
// - S of a result with no placed mentee is 0.

import {
  AREAS,
  type Area,
  type Cohort,
  EXPERIENCE_STAGES,
  type Gender,
  type Person,
  type Role,
} from "./types.ts";

export const WEIGHT_MENTOR_AREAS = 0.5;
export const WEIGHT_BUDDY_AREAS = 0.2;
export const WEIGHT_INTERESTS = 0.2;
export const WEIGHT_EXPERIENCE_SPREAD = 0.1;

/** A person as the score needs them, indexed for speed. */
export interface ScoringPerson {
  /** Position in `cohort.people`. */
  index: number;
  id: string;
  role: Role;
  gender: Gender;
  /** A mentee, female or male, who asked for a single-gender group (METRIC.md: binding). */
  bindingRequester: boolean;
  /** Bit i set when AREAS[i] is among the person's areas. */
  areaMask: number;
  /** Interned interest tags (ids from the cohort's `ScoringIndex.interestIds`), unique. */
  interestIds: readonly number[];
  interestSet: ReadonlySet<number>;
  /** Index in EXPERIENCE_STAGES, or -1 when not given. */
  stage: number;
}

export interface ScoringIndex {
  /** Same order as `cohort.people`. */
  people: ScoringPerson[];
  byId: Map<string, ScoringPerson>;
  /** Interest tag → interned id. */
  interestIds: Map<string, number>;
}

const AREA_BIT: Readonly<Record<Area, number>> = Object.fromEntries(
  AREAS.map((a, i) => [a, 1 << i]),
) as Record<Area, number>;
/** popcount for masks of up to 3 bits (the three areas). */
const POPCOUNT3 = [0, 1, 1, 2, 1, 2, 2, 3] as const;

export function areaMask(areas: readonly Area[]): number {
  let mask = 0;
  for (const a of areas) mask |= AREA_BIT[a];
  return mask;
}

export function isBindingRequester(p: Pick<Person, "role" | "gender" | "singleGenderGroup">): boolean {
  return p.role === "mentee" && p.singleGenderGroup && (p.gender === "female" || p.gender === "male");
}

const NO_INTERESTS: ReadonlySet<number> = new Set();

export function createScoringIndex(cohort: Pick<Cohort, "people">): ScoringIndex {
  const interestIds = new Map<string, number>();
  const people: ScoringPerson[] = [];
  const byId = new Map<string, ScoringPerson>();
  cohort.people.forEach((p, index) => {
    const ids: number[] = [];
    for (const tag of p.interests) {
      let id = interestIds.get(tag);
      if (id === undefined) {
        id = interestIds.size;
        interestIds.set(tag, id);
      }
      if (!ids.includes(id)) ids.push(id);
    }
    const sp: ScoringPerson = {
      index,
      id: p.id,
      role: p.role,
      gender: p.gender,
      bindingRequester: isBindingRequester(p),
      areaMask: areaMask(p.areas),
      interestIds: ids,
      interestSet: ids.length === 0 ? NO_INTERESTS : new Set(ids),
      stage: p.experience === undefined ? -1 : EXPERIENCE_STAGES.indexOf(p.experience),
    };
    people.push(sp);
    if (!byId.has(p.id)) byId.set(p.id, sp);
  });
  return { people, byId, interestIds };
}

/** Share of the mentee's areas present in `offeredMask` (1 when the mentee needs none). */
export function areaShare(menteeMask: number, offeredMask: number): number {
  const need = POPCOUNT3[menteeMask & 7] ?? 0;
  if (need === 0) return 1;
  return (POPCOUNT3[menteeMask & offeredMask & 7] ?? 0) / need;
}

/** OR of the mentors' area masks. */
export function mentorsAreaMask(mentors: readonly ScoringPerson[]): number {
  let mask = 0;
  for (const m of mentors) mask |= m.areaMask;
  return mask;
}

/** Share of the mentee's interests held by at least one of the mentors (1 when the mentee gave none). */
export function interestShare(mentee: ScoringPerson, mentors: readonly ScoringPerson[]): number {
  const n = mentee.interestIds.length;
  if (n === 0) return 1;
  let held = 0;
  for (const tag of mentee.interestIds) {
    for (const m of mentors) {
      if (m.interestSet.has(tag)) {
        held++;
        break;
      }
    }
  }
  return held / n;
}

/**
 * The part of a mentee's score that depends on the group's mentors and the buddy only
 * (0.5 areas + 0.2 buddy areas + 0.2 interests), in [0, 0.9]. Pass `mentorsMask` when you
 * already have `mentorsAreaMask(groupMentors)`.
 */
export function menteeMentorScore(
  mentee: ScoringPerson,
  groupMentors: readonly ScoringPerson[],
  buddy: ScoringPerson | undefined,
  mentorsMask: number = mentorsAreaMask(groupMentors),
): number {
  return (
    WEIGHT_MENTOR_AREAS * areaShare(mentee.areaMask, mentorsMask) +
    (buddy === undefined ? 0 : WEIGHT_BUDDY_AREAS * areaShare(mentee.areaMask, buddy.areaMask)) +
    WEIGHT_INTERESTS * interestShare(mentee, groupMentors)
  );
}

/** (distinct stages − 1) / (min(mentees, 3) − 1), in [0, 1]; 0 for a group of one mentee. */
export function experienceSpread(groupMentees: readonly Pick<ScoringPerson, "stage">[]): number {
  const n = groupMentees.length;
  if (n < 2) return 0;
  let seen = 0;
  let distinct = 0;
  for (const m of groupMentees) {
    if (m.stage < 0) continue;
    const bit = 1 << m.stage;
    if ((seen & bit) === 0) {
      seen |= bit;
      distinct++;
    }
  }
  if (distinct < 2) return 0;
  return Math.min(1, (distinct - 1) / (Math.min(n, 3) - 1));
}

/** A placed mentee's whole soft score in [0, 1] (METRIC.md §3). `buddy` must be a mentor of the group. */
export function menteeSoftScore(
  mentee: ScoringPerson,
  groupMentors: readonly ScoringPerson[],
  buddy: ScoringPerson | undefined,
  groupMentees: readonly ScoringPerson[],
): number {
  return (
    menteeMentorScore(mentee, groupMentors, buddy) + WEIGHT_EXPERIENCE_SPREAD * experienceSpread(groupMentees)
  );
}

/**
 * Sum of the soft scores of a group's mentees (divide the cohort's total by the number of placed
 * mentees to get S). `buddyOf(i)` gives mentee i's buddy, or undefined.
 */
export function groupSoftScoreSum(
  groupMentors: readonly ScoringPerson[],
  groupMentees: readonly ScoringPerson[],
  buddyOf: (menteeIndex: number) => ScoringPerson | undefined,
): number {
  if (groupMentees.length === 0) return 0;
  const mask = mentorsAreaMask(groupMentors);
  let sum = 0;
  groupMentees.forEach((mentee, i) => {
    sum += menteeMentorScore(mentee, groupMentors, buddyOf(i), mask);
  });
  return sum + groupMentees.length * WEIGHT_EXPERIENCE_SPREAD * experienceSpread(groupMentees);
}

/** S: the mean soft score over placed mentees, 0 when none is placed. */
export function softScore(totalOfMenteeScores: number, placedMentees: number): number {
  return placedMentees === 0 ? 0 : totalOfMenteeScores / placedMentees;
}

/**
 * METRIC.md §2: a group with no binding requester that lacks a female mentor or a male mentor.
 * Takes ScoringPerson (or anything with these fields).
 */
export function isUnbalanced(group: {
  mentors: readonly Pick<ScoringPerson, "gender">[];
  mentees: readonly Pick<ScoringPerson, "bindingRequester">[];
}): boolean {
  for (const m of group.mentees) if (m.bindingRequester) return false;
  let female = false;
  let male = false;
  for (const m of group.mentors) {
    if (m.gender === "female") female = true;
    else if (m.gender === "male") male = true;
  }
  return !(female && male);
}
