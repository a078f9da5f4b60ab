// The matching's vocabulary, mirroring cohort.schema.json and result.schema.json beside this file.
// A parsed cohort has every default filled in, so the engine never deals with missing fields.

export const ROLES = ["mentor", "mentee"] as const;
export type Role = (typeof ROLES)[number];

export const GENDERS = ["female", "male", "nonbinary", "unstated"] as const;
export type Gender = (typeof GENDERS)[number];

export const AREAS = ["career", "growth", "technical"] as const;
export type Area = (typeof AREAS)[number];

export const EXPERIENCE_STAGES = ["student", "junior", "mid", "senior", "lead"] as const;
export type ExperienceStage = (typeof EXPERIENCE_STAGES)[number];

export type GroupKind = "mixed" | "women" | "men";

export interface GroupShape {
  mentors: number;
  mentees: number;
}

export interface Person {
  id: string;
  name?: string;
  role: Role;
  gender: Gender;
  singleGenderGroup: boolean;
  areas: Area[];
  interests: string[];
  experience?: ExperienceStage;
  employer?: string;
  /** ISO 8601 date-time as given; compare with appliedAtMs. */
  appliedAt: string;
  appliedAtMs: number;
  previouslyGroupedWith: string[];
}

export interface Cohort {
  version: 1;
  groupShape: GroupShape;
  people: Person[];
  apart: Array<[string, string]>;
  together: Array<[string, string]>;
  seed: number;
}

export interface Placement {
  id: string;
  reason: string;
}

export interface MatchedGroup {
  id: string;
  kind: GroupKind;
  mentors: string[];
  mentees: string[];
  /** mentee id → mentor id of the same group */
  buddies: Record<string, string>;
  explanation?: unknown;
}

export interface MatchResult {
  version: 1;
  groups: MatchedGroup[];
  waitlist: Placement[];
  unplacedMentors: Placement[];
  report?: unknown;
  explanation?: unknown;
}

/** One broken hard rule, for an organiser. `rule` is a stable kebab-case code. */
export interface Violation {
  /** e.g. "missing-person", "group-shape", "apart-pair", "same-employer", "together-pair", "single-gender", "priority-inversion", "buddy" */
  rule: string;
  /** Names the people and the group, in words an organiser understands. */
  message: string;
  people: string[];
  group?: string;
}

/** The checker's verdict on a result (METRIC.md's three figures and more). */
export interface CheckVerdict {
  /** H: the number of hard violations (a violation may count more than one, e.g. a group two seats short). */
  hardViolations: number;
  violations: Violation[];
  /** B */
  unbalancedGroups: number;
  /** S, in [0, 1] */
  softScore: number;
  /** Pairs listed in `previouslyGroupedWith` (either side) who share a group again. */
  previouslyGroupedPairs: number;
  /** Binding single-gender requesters placed in a group whose members are all of their gender. */
  bindingRequestsHonoured: number;
  bindingRequests: number;
}
