// The balance bound checked by brute force: every assignment of tiny cohorts is judged by the checker,
// and no result with H = 0 has fewer unbalanced groups than the bound for the requests it honours
// (per gender), whatever way it forms its single-gender groups. The bound for every result
// (unbalancedLowerBoundAnyRequests) is checked the same way, and the matcher against both.

import { describe, expect, it } from "vitest";
import { unbalancedLowerBound, unbalancedLowerBoundAnyRequests } from "./balance-bound.ts";
import { checkMatching } from "./check.ts";
import { matchCohort } from "./matcher.ts";
import { createRng } from "./rng.ts";
import { isBindingRequester } from "./score.ts";
import { allResults } from "./test-brute-force.ts";
import { cohortOf, person } from "./test-people.ts";
import type { Cohort, Gender, MatchResult, Person } from "./types.ts";

const GENDERS: Gender[] = ["female", "male", "nonbinary"];

/**
 * Seeds 1–40: two groups, any genders. Seeds 41–80: three groups of 2 + 2, four mentors of one gender
 * and two of the other, and mentees mostly of the first gender asking for a single-gender group (where
 * packing two requesters into one group or giving each her own decides B).
 */
function randomCohort(seed: number): Cohort {
  const rng = createRng(seed);
  const people: Person[] = [];
  if (seed > 40) {
    const [many, few] = rng.int(2) === 0 ? (["female", "male"] as const) : (["male", "female"] as const);
    for (let i = 0; i < 6; i++) people.push(person(`r${i}`, "mentor", i < 4 ? many : few));
    const mentees = 3 + rng.int(2);
    for (let i = 0; i < mentees; i++) {
      const gender = rng.next() < 0.75 ? many : (GENDERS[rng.int(3)] as Gender);
      people.push(person(`e${i}`, "mentee", gender, [], { singleGenderGroup: rng.next() < 0.6 }));
    }
    return cohortOf(people, { groupShape: { mentors: 2, mentees: 2 } });
  }
  const mentors = 4 + rng.int(2);
  const mentees = 2 + rng.int(3);
  for (let i = 0; i < mentors; i++) people.push(person(`r${i}`, "mentor", GENDERS[rng.int(3)] as Gender));
  for (let i = 0; i < mentees; i++) {
    const gender = GENDERS[rng.int(3)] as Gender;
    people.push(person(`e${i}`, "mentee", gender, [], { singleGenderGroup: rng.next() < 0.5 }));
  }
  return cohortOf(people, { groupShape: { mentors: 2, mentees: 1 + rng.int(2) } });
}

/** Binding requesters placed, per gender (with H = 0 each is honoured). */
function honouredOf(cohort: Cohort, result: MatchResult): { women: number; men: number } {
  const byId = new Map(cohort.people.map((p) => [p.id, p]));
  const placed = result.groups.flatMap((g) => g.mentees.map((id) => byId.get(id) as Person));
  const requesters = placed.filter((p) => isBindingRequester(p));
  return {
    women: requesters.filter((p) => p.gender === "female").length,
    men: requesters.filter((p) => p.gender === "male").length,
  };
}

describe("unbalancedLowerBound", () => {
  it("is never above the fewest unbalanced groups of the H = 0 results honouring as many requests, and often equal", () => {
    let classes = 0;
    let reached = 0;
    let positive = 0;
    let matcherReached = 0;
    let matcherFeasible = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const cohort = randomCohort(seed);
      // Per (women's, men's) requests honoured: the fewest unbalanced groups of any H = 0 result.
      const fewest = new Map<string, number>();
      let bestAny = Number.POSITIVE_INFINITY;
      for (const result of allResults(cohort)) {
        const verdict = checkMatching(cohort, result);
        if (verdict.hardViolations > 0) continue;
        bestAny = Math.min(bestAny, verdict.unbalancedGroups);
        const h = honouredOf(cohort, result);
        const key = `${h.women}/${h.men}`;
        fewest.set(key, Math.min(fewest.get(key) ?? Number.POSITIVE_INFINITY, verdict.unbalancedGroups));
      }
      for (const [key, least] of fewest) {
        const [women, men] = key.split("/").map(Number) as [number, number];
        const bound = unbalancedLowerBound(cohort, { women, men });
        expect(least, `seed ${seed}, requests honoured ${key}`).toBeGreaterThanOrEqual(bound);
        classes++;
        if (least === bound) reached++;
        if (bound > 0) positive++;
      }
      if (Number.isFinite(bestAny)) {
        expect(bestAny).toBeGreaterThanOrEqual(unbalancedLowerBoundAnyRequests(cohort));
        // The matcher: H = 0 whenever some result has it, and the fewest unbalanced groups for the
        // requests it honours (R before B: it never honours fewer than some H = 0 result could).
        const result = matchCohort(cohort);
        const matched = checkMatching(cohort, result);
        expect(matched.hardViolations, `seed ${seed}`).toBe(0);
        const h = honouredOf(cohort, result);
        const most = Math.max(
          ...[...fewest.keys()].map((k) =>
            k
              .split("/")
              .map(Number)
              .reduce((a, b) => a + b),
          ),
        );
        expect(h.women + h.men, `seed ${seed}`).toBe(most);
        matcherFeasible++;
        if (matched.unbalancedGroups === fewest.get(`${h.women}/${h.men}`)) matcherReached++;
      }
    }
    // The bound is not vacuous: it is often exact, and often above zero.
    expect(classes).toBeGreaterThan(80);
    expect(reached).toBeGreaterThan(classes * 0.7);
    expect(positive).toBeGreaterThan(20);
    expect(matcherReached).toBe(matcherFeasible);
  }, 120_000);

  it("counts a women-only group's mentors against the balanced groups (hand-worked case)", () => {
    // 3 female and 1 male mentors, 2 groups; one binding female requester honoured.
    // Her women-only group takes 2 female mentors, the other group gets F + M: B = 0.
    const people = [
      person("f1", "mentor", "female"),
      person("f2", "mentor", "female"),
      person("f3", "mentor", "female"),
      person("m1", "mentor", "male"),
      person("a", "mentee", "female", [], { singleGenderGroup: true }),
      person("b", "mentee", "male"),
    ];
    const shape = { groupShape: { mentors: 2, mentees: 1 } };
    expect(unbalancedLowerBound(cohortOf(people, shape), { women: 1, men: 0 })).toBe(0);
    // 2 female and 2 male mentors: the women-only group leaves 2 male mentors together: B = 1,
    // while waitlisting her (a third mentee, c, can fill the seat) would allow B = 0.
    const even = [...people, person("c", "mentee", "male")];
    even[2] = person("m2", "mentor", "male");
    const cohort = cohortOf(even, shape);
    expect(unbalancedLowerBound(cohort, { women: 1, men: 0 })).toBe(1);
    expect(unbalancedLowerBound(cohort, { women: 0, men: 0 })).toBe(0);
    expect(unbalancedLowerBoundAnyRequests(cohort)).toBe(0);
    // Without c, both seats must be filled (mentees = ke·G) and she can only sit in a women-only
    // group: her request forces it whatever the policy.
    const forced = cohortOf(
      even.filter((p) => p.id !== "c"),
      shape,
    );
    expect(unbalancedLowerBoundAnyRequests(forced)).toBe(1);
  });

  // 6 groups of 2 + 3. Female mentors scarce (4 F, 8 M), 3 women's and 2 men's requests honoured:
  // f(w, m) = (6 − w − m) − min(4 − 2w, 8 − 2m) over w ∈ [1, 2], m ∈ [1, 2]:
  // f(1, 1) = 2, f(1, 2) = 1, f(2, 1) = 3, f(2, 2) = 2. The least, 1, packs the three women into one
  // group and gives each man his own; the bound for the plan "one group per gender" would say 2.
  function scarce(scarceGender: "female" | "male"): Cohort {
    const other = scarceGender === "female" ? "male" : "female";
    const people: Person[] = [
      ...Array.from({ length: 4 }, (_, i) => person(`s${i}`, "mentor", scarceGender)),
      ...Array.from({ length: 8 }, (_, i) => person(`o${i}`, "mentor", other)),
      ...Array.from({ length: 9 }, (_, i) => person(`a${i}`, "mentee", scarceGender)),
      ...Array.from({ length: 9 }, (_, i) => person(`b${i}`, "mentee", other)),
    ];
    return cohortOf(people);
  }

  it("packs the scarce gender's requesters ke to a group and spreads the other gender's", () => {
    expect(unbalancedLowerBound(scarce("female"), { women: 3, men: 2 })).toBe(1);
    expect(unbalancedLowerBound(scarce("male"), { women: 2, men: 3 })).toBe(1);
    // One requester per gender cannot do better than one group each: f(1, 1) = 2.
    expect(unbalancedLowerBound(scarce("female"), { women: 1, men: 1 })).toBe(2);
  });
});
