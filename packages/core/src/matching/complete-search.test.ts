// The complete search behind the matcher on small cohorts where the greedy seating misses H = 0:
// generated cohorts that used to end with an empty seat, and a sweep against brute force.

import { describe, expect, it } from "vitest";
import { checkMatching } from "./check.ts";
import { generateCohort } from "./generate-cohort.ts";
import { matchCohort, runMatcher } from "./matcher.ts";
import { allResults } from "./test-brute-force.ts";
import type { Cohort } from "./types.ts";

const hardOf = (cohort: Cohort) => checkMatching(cohort, matchCohort(cohort)).hardViolations;

function fewestPossible(cohort: Cohort): number {
  let fewest = Number.POSITIVE_INFINITY;
  for (const r of allResults(cohort)) fewest = Math.min(fewest, checkMatching(cohort, r).hardViolations);
  return fewest;
}

describe("matcher on small cohorts where the greedy mentor pairing blocks every seat", () => {
  // Both used to leave a seat empty while a mentee waited for "capacity": the greedy paired a mentor
  // of employer A with one of employer B, a group none of the remaining mentees could join.
  it.each([
    [12, 6],
    [20, 4],
  ])("adversarial cohort of %i people, seed %i: H = 0, every group full", (people, seed) => {
    const cohort = generateCohort({ people, seed, profile: "adversarial" });
    const result = matchCohort(cohort);
    const verdict = checkMatching(cohort, result);
    expect(verdict.violations.map((v) => v.message)).toEqual([]);
    expect(verdict.hardViolations).toBe(0);
    for (const g of result.groups) expect(g.mentees).toHaveLength(cohort.groupShape.mentees);
  });

  it("stays deterministic when the complete search decides", () => {
    const cohort = generateCohort({ people: 12, seed: 6, profile: "adversarial" });
    expect(JSON.stringify(matchCohort(cohort))).toBe(JSON.stringify(matchCohort(cohort)));
  });

  // Every result with km mentors per group, judged by the checker: the fewest hard violations any
  // result can have. The matcher must reach it (0 where possible, the least otherwise).
  const sweep: Array<[number, number, "adversarial" | "typical"]> = [
    ...[1, 2, 3, 4, 5, 6].map((seed): [number, number, "adversarial"] => [10, seed, "adversarial"]),
    ...[1, 2, 3, 4].map((seed): [number, number, "adversarial"] => [11, seed, "adversarial"]),
    ...[1, 3, 6, 7].map((seed): [number, number, "adversarial"] => [12, seed, "adversarial"]),
    ...[1, 2, 3, 8].map((seed): [number, number, "typical"] => [10, seed, "typical"]),
  ];
  it("reaches the brute-force minimum of H on a sweep of tiny generated cohorts", () => {
    const mismatches: string[] = [];
    for (const [people, seed, profile] of sweep) {
      const cohort = generateCohort({ people, seed, profile });
      const fewest = fewestPossible(cohort);
      const got = hardOf(cohort);
      if (got !== fewest)
        mismatches.push(`${profile} ${people}/${seed}: matcher H ${got}, minimum ${fewest}`);
    }
    expect(mismatches).toEqual([]);
  }, 60_000);

  // The same two cohorts with a mentor pinned to a mentee (a pair that shares a group in an H = 0
  // result): the search keeps the pin (the pair's group is searched as one) instead of being skipped.
  it.each([
    [12, 6, "mentor-04", "mentee-07"],
    [12, 6, "mentor-02", "mentee-02"],
    [20, 4, "mentor-05", "mentee-05"],
    [20, 4, "mentor-03", "mentee-02"],
  ])("adversarial %i/%i with %s pinned to %s: H = 0, the pin kept", (people, seed, mentor, mentee) => {
    const generated = generateCohort({ people, seed, profile: "adversarial" });
    const cohort: Cohort = { ...generated, together: [...generated.together, [mentor, mentee]] };
    const result = matchCohort(cohort);
    expect(checkMatching(cohort, result).violations.map((v) => v.message)).toEqual([]);
    const group = result.groups.find((g) => g.mentors.includes(mentor));
    expect(group?.mentees).toContain(mentee);
  });

  it("keeps a hand edit's pins and their group id when the search decides", () => {
    const cohort = generateCohort({ people: 20, seed: 4, profile: "adversarial" });
    const pins = new Map([
      ["mentor-02", "kept"],
      ["mentee-02", "kept"],
    ]);
    const result = runMatcher(cohort, { pins });
    expect(checkMatching(cohort, result).violations.map((v) => v.message)).toEqual([]);
    const kept = result.groups.find((g) => g.id === "kept");
    expect(kept?.mentors).toContain("mentor-02");
    expect(kept?.mentees).toContain("mentee-02");
  });
});
