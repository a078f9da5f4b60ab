import { type Cohort, generateCohort, parseCohort } from "@circles/core/matching";
import { describe, expect, it } from "vitest";
import { solveExact } from "../src/solve-exact.ts";
import { softScoreUpperBound } from "../src/upper-bound.ts";

describe("softScoreUpperBound", () => {
  it("is the per-mentee best when mentors do not compete", () => {
    // One group: the bound and the optimum coincide. e1 needs career+technical: F offers career, M
    // technical: 0.5 + 0.2·½ + 0.2 (no interests) + 0 (one stage) = 0.8; e2, e3 need career: 0.9.
    const parsed = parseCohort(
      JSON.stringify({
        version: 1,
        people: [
          { id: "F", role: "mentor", gender: "female", areas: ["career"], appliedAt: "2026-07-01T00:00:00Z" },
          {
            id: "M",
            role: "mentor",
            gender: "male",
            areas: ["technical"],
            appliedAt: "2026-07-01T00:01:00Z",
          },
          ...["e1", "e2", "e3"].map((id, i) => ({
            id,
            role: "mentee",
            gender: "female",
            areas: id === "e1" ? ["career", "technical"] : ["career"],
            experience: "junior",
            appliedAt: `2026-07-01T00:0${i + 2}:00Z`,
          })),
        ],
      }),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const ub = softScoreUpperBound(parsed.cohort);
    expect(ub.placed).toBe(3);
    expect(ub.bound).toBeCloseTo((0.8 + 0.9 + 0.9) / 3, 12);
  });

  it("is never below the exact optimum (generated cohorts of 20 people)", async () => {
    let compared = 0;
    for (const [seed, profile] of [
      [1, "typical"],
      [2, "typical"],
      [3, "adversarial"],
    ] as const) {
      const cohort: Cohort = generateCohort({ people: 20, seed, profile });
      const exact = await solveExact(cohort, { timeLimitSeconds: 60 });
      if (exact.verdict === undefined) continue; // no H = 0 result: nothing to bound
      expect(exact.verdict.hardViolations).toBe(0);
      expect(softScoreUpperBound(cohort).bound).toBeGreaterThanOrEqual(exact.verdict.softScore - 1e-9);
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });
});
