import type { ApplicationRecord } from "../applications/application.repository.ts";
import type { CohortRecord } from "../cohorts/cohort.repository.ts";

export interface Applicant extends ApplicationRecord {
  displayName: string;
}

export interface MatchingConstraints {
  /** Pairs of user ids that must never share a group. */
  apart?: Array<[string, string]>;
  /** Pairs of user ids the organisers pin into one group. */
  together?: Array<[string, string]>;
  seed?: number;
}

/**
 * The cohort file (the matching's cohort.schema.json) for a cohort's live applications: people
 * are identified by their Discord user id, and earlier groupmates who applied again are listed so the
 * matcher can avoid regrouping them.
 */
export function buildCohortFile(
  cohort: CohortRecord,
  applicants: Applicant[],
  previousGroupmates: Map<string, string[]>,
  constraints: MatchingConstraints,
): object {
  const applying = new Set(applicants.map((a) => a.userId));
  return {
    version: 1,
    groupShape: { mentors: cohort.mentorsPerGroup, mentees: cohort.menteesPerGroup },
    people: applicants.map((a) => {
      const before = (previousGroupmates.get(a.userId) ?? []).filter((id) => applying.has(id)).sort();
      return {
        id: a.userId,
        name: a.displayName.slice(0, 100),
        role: a.role,
        gender: a.gender,
        singleGenderGroup: a.singleGenderGroup,
        areas: a.areas,
        interests: a.interests,
        experience: a.experience,
        ...(a.employer ? { employer: a.employer } : {}),
        appliedAt: a.appliedAt.toISOString(),
        ...(before.length > 0 ? { previouslyGroupedWith: before } : {}),
      };
    }),
    apart: constraints.apart ?? [],
    together: constraints.together ?? [],
    seed: constraints.seed ?? 0,
  };
}
