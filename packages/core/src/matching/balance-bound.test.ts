// The balance bound checked by brute force: every assignment of small cohorts is judged by the
// checker, and among those with H = 0 in the bound's class (meets the single-gender demand, each
// single-gender group holds a requester from the intake) no result has fewer unbalanced groups than
// the bound. The unrestricted bound is checked against all H = 0 results the same way, and the
// matcher against both: H = 0 whenever some result has it, and the class's best balance.

import { describe, expect, it } from "vitest";
import {
  cohortCounts,
  singleGenderDemand,
  unbalancedLowerBound,
  unbalancedLowerBoundAnyRequests,
} from "./balance-bound.ts";
import { checkMatching } from "./check.ts";
import { matchCohort } from "./matcher.ts";
import { createRng } from "./rng.ts";
import { isBindingRequester } from "./score.ts";
import { allResults } from "./test-brute-force.ts";
import { cohortOf, person } from "./test-people.ts";
import type { Cohort, Gender, Person } from "./types.ts";

const GENDERS: Gender[] = ["female", "male", "nonbinary"];

function randomCohort(seed: number): Cohort {
  const rng = createRng(seed);
  const mentors = 4 + rng.int(2);
  const mentees = 2 + rng.int(3);
  const people: Person[] = [];
  for (let i = 0; i < mentors; i++) people.push(person(`r${i}`, "mentor", GENDERS[rng.int(3)] as Gender));
  for (let i = 0; i < mentees; i++) {
    const gender = GENDERS[rng.int(3)] as Gender;
    people.push(person(`e${i}`, "mentee", gender, [], { singleGenderGroup: rng.next() < 0.5 }));
  }
  return cohortOf(people, { groupShape: { mentors: 2, mentees: 1 + rng.int(2) } });
}

describe("unbalancedLowerBound", () => {
  it("is never above the fewest unbalanced groups of any H = 0 result, and is reached on many cohorts", () => {
    let reached = 0;
    let feasible = 0;
    let positive = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const cohort = randomCohort(seed);
      const counts = cohortCounts(cohort);
      const demand = singleGenderDemand(counts);
      const byId = new Map(cohort.people.map((p) => [p.id, p]));
      const sorted = cohort.people.filter((p) => p.role === "mentee");
      const intake = new Set(sorted.slice(0, counts.ke * counts.groups).map((p) => p.id));
      const bound = unbalancedLowerBound(cohort);
      const anyBound = unbalancedLowerBoundAnyRequests(cohort);
      let bestInClass = Number.POSITIVE_INFINITY;
      let bestAny = Number.POSITIVE_INFINITY;
      for (const result of allResults(cohort)) {
        const verdict = checkMatching(cohort, result);
        if (verdict.hardViolations > 0) continue;
        bestAny = Math.min(bestAny, verdict.unbalancedGroups);
        const requesters = result.groups.map((g) =>
          g.mentees.map((id) => byId.get(id)!).filter((p) => isBindingRequester(p)),
        );
        const women = requesters.filter((r) => r.some((p) => p.gender === "female")).length;
        const men = requesters.filter((r) => r.some((p) => p.gender === "male")).length;
        const fromIntake = requesters.every((r) => r.length === 0 || r.some((p) => intake.has(p.id)));
        if (women >= demand.women && men >= demand.men && fromIntake) {
          bestInClass = Math.min(bestInClass, verdict.unbalancedGroups);
        }
      }
      expect(bestAny).toBeGreaterThanOrEqual(anyBound);
      const matched = checkMatching(cohort, matchCohort(cohort));
      if (Number.isFinite(bestAny)) expect(matched.hardViolations, `seed ${seed}`).toBe(0);
      if (Number.isFinite(bestInClass)) {
        // The matcher finds the best balance of the class exactly.
        expect(matched.unbalancedGroups, `seed ${seed}`).toBe(bestInClass);
        feasible++;
        expect(bestInClass).toBeGreaterThanOrEqual(bound);
        if (bestInClass === bound) reached++;
        if (bound > 0) positive++;
      }
    }
    // The bound is not vacuous: it is often exact, and often above zero.
    expect(feasible).toBeGreaterThan(20);
    expect(reached).toBeGreaterThan(feasible * 0.7);
    expect(positive).toBeGreaterThan(3);
  });

  it("counts a women-only group's mentors against the balanced groups (hand-worked case)", () => {
    // 3 female and 1 male mentors, 2 groups; one binding female requester in the intake.
    // With the women-only group she needs: it takes 2 female mentors, the other group gets F + M: B = 0.
    const people = [
      person("f1", "mentor", "female"),
      person("f2", "mentor", "female"),
      person("f3", "mentor", "female"),
      person("m1", "mentor", "male"),
      person("a", "mentee", "female", [], { singleGenderGroup: true }),
      person("b", "mentee", "male"),
    ];
    expect(unbalancedLowerBound(cohortOf(people, { groupShape: { mentors: 2, mentees: 1 } }))).toBe(0);
    // 2 female and 2 male mentors: the women-only group leaves 2 male mentors together: B = 1,
    // while waitlisting her (a third mentee, c, can fill the seat) would allow B = 0.
    const even = [...people, person("c", "mentee", "male")];
    even[2] = person("m2", "mentor", "male");
    const cohort = cohortOf(even, { groupShape: { mentors: 2, mentees: 1 } });
    expect(unbalancedLowerBound(cohort)).toBe(1);
    expect(unbalancedLowerBoundAnyRequests(cohort)).toBe(0);
    // Without c, both seats must be filled (mentees = ke·G) and she can only sit in a women-only
    // group: her request forces it whatever the policy.
    const forced = cohortOf(
      even.filter((p) => p.id !== "c"),
      { groupShape: { mentors: 2, mentees: 1 } },
    );
    expect(unbalancedLowerBoundAnyRequests(forced)).toBe(1);
  });
});
