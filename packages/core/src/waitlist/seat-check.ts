import { checkMatching } from "../matching/check.ts";
import type { Cohort, GroupKind, GroupShape, Person } from "../matching/types.ts";

/** The application fields the matching's rules read. */
export interface SeatPerson {
  userId: string;
  role: "mentor" | "mentee";
  gender: Person["gender"];
  singleGenderGroup: boolean;
  areas: string[];
  interests: string[];
  experience: Person["experience"];
  employer: string | null;
  appliedAt: Date;
}

/** The rules of a group that a newcomer must not break: the matching's own, judged by its checker. */
const SEAT_RULES = new Set(["apart-pair", "same-employer", "single-gender"]);

/**
 * Why `candidate` may not take a seat in the group (empty when they may): the matching checker judges
 * the group with them in it, and only the rules a newcomer can break count (a seat short is not theirs).
 */
export function seatProblems(
  group: { id: string; kind: GroupKind; people: SeatPerson[] },
  candidate: SeatPerson,
  shape: GroupShape,
  apart: Array<[string, string]>,
): string[] {
  const problems: string[] = [];
  if (group.kind === "women" && candidate.gender !== "female") problems.push("the group is women-only");
  if (group.kind === "men" && candidate.gender !== "male") problems.push("the group is men-only");
  const people = [...group.people, candidate];
  const ids = new Set(people.map((p) => p.userId));
  const cohort: Cohort = {
    version: 1,
    groupShape: shape,
    people: people.map(toPerson),
    apart: apart.filter(([a, b]) => ids.has(a) && ids.has(b)),
    together: [],
    seed: 0,
  };
  const verdict = checkMatching(cohort, {
    version: 1,
    groups: [
      {
        id: group.id,
        kind: group.kind,
        mentors: people.filter((p) => p.role === "mentor").map((p) => p.userId),
        mentees: people.filter((p) => p.role === "mentee").map((p) => p.userId),
        buddies: {},
      },
    ],
    waitlist: [],
    unplacedMentors: [],
  });
  for (const v of verdict.violations)
    if (SEAT_RULES.has(v.rule) && v.people.includes(candidate.userId)) problems.push(v.message);
  return problems;
}

function toPerson(p: SeatPerson): Person {
  return {
    id: p.userId,
    role: p.role,
    gender: p.gender,
    singleGenderGroup: p.singleGenderGroup,
    areas: p.areas as Person["areas"],
    interests: p.interests,
    ...(p.experience ? { experience: p.experience } : {}),
    ...(p.employer ? { employer: p.employer } : {}),
    appliedAt: p.appliedAt.toISOString(),
    appliedAtMs: p.appliedAt.getTime(),
    previouslyGroupedWith: [],
  };
}
