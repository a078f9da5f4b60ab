import { type Cohort, createScoringIndex, type ScoringPerson } from "@circles/core/matching";

/** What both exact models start from: the people indexed for scoring, split by role, and G. */
export function modelBasics(cohort: Cohort) {
  const { mentors: km, mentees: ke } = cohort.groupShape;
  const index = createScoringIndex(cohort);
  const personOf = new Map(cohort.people.map((p) => [p.id, p]));
  const mentors = index.people.filter((p) => p.role === "mentor");
  const mentees = index.people.filter((p) => p.role === "mentee");
  const G = Math.floor(mentors.length / km);
  return {
    km,
    ke,
    index,
    mentors,
    mentees,
    G,
    /** Enough mentees for every seat: groups are exactly ke, else at most ke. */
    full: mentees.length >= ke * G,
    employer: (p: ScoringPerson) => personOf.get(p.id)!.employer,
    appliedAtMs: (p: ScoringPerson) => personOf.get(p.id)!.appliedAtMs,
  };
}
