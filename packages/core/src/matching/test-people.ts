// Hand-made people and cohorts for the matching's tests: every field filled as parseCohort would.

import type { Area, Cohort, Gender, Person, Role } from "./types.ts";

let clock = Date.parse("2026-07-01T00:00:00Z");

/** A person with defaults; each call applies one minute after the previous one unless `appliedAt` is given. */
export function person(
  id: string,
  role: Role,
  gender: Gender,
  areas: Area[] = [],
  extra: Partial<Person> = {},
): Person {
  clock += 60_000;
  const appliedAt = extra.appliedAt ?? new Date(clock).toISOString();
  return {
    id,
    role,
    gender,
    areas,
    singleGenderGroup: false,
    interests: [],
    previouslyGroupedWith: [],
    ...extra,
    appliedAt,
    appliedAtMs: Date.parse(appliedAt),
  };
}

export function cohortOf(people: Person[], extra: Partial<Cohort> = {}): Cohort {
  return {
    version: 1,
    groupShape: { mentors: 2, mentees: 3 },
    people,
    apart: [],
    together: [],
    seed: 0,
    ...extra,
  };
}
