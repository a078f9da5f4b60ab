import { type Cohort, checkMatching, generateCohort, matchCohort, parseCohort } from "@circles/core/matching";
import { describe, expect, it } from "vitest";
import { coupledSoftScoreUpperBound } from "../src/coupled-bound.ts";
import { solveExact } from "../src/solve-exact.ts";
import { softScoreUpperBoundForPlaced } from "../src/upper-bound.ts";

describe("coupledSoftScoreUpperBound", () => {
  it("sees scarce mentors, buddy loads and balance (a cohort solved by hand)", async () => {
    // Two women offer both areas, two men none; B = 0 forces F+M pairs. Per group: areas covered
    // (3 × 0.5), at most two of three mentees with the woman as buddy (2 × 0.2), no interests
    // (3 × 0.2), one stage (spread 0): 2.5, so S ≤ 5/6 — which the exact optimum reaches.
    const parsed = parseCohort(
      JSON.stringify({
        version: 1,
        people: [
          ...[
            ["F1", "female", ["career", "technical"]],
            ["F2", "female", ["career", "technical"]],
            ["M1", "male", []],
            ["M2", "male", []],
          ].map(([id, gender, areas], i) => ({
            id,
            role: "mentor",
            gender,
            areas,
            experience: "senior",
            appliedAt: `2026-07-01T00:0${i}:00Z`,
          })),
          ...[1, 2, 3, 4, 5, 6].map((i) => ({
            id: `e${i}`,
            role: "mentee",
            gender: "male",
            areas: ["career", "technical"],
            experience: "junior",
            appliedAt: `2026-07-02T00:0${i}:00Z`,
          })),
        ],
      }),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const bound = await coupledSoftScoreUpperBound(parsed.cohort, { maxUnbalanced: 0 });
    expect(bound!.status).toBe("optimal");
    expect(bound!.bound).toBeCloseTo(5 / 6, 9);
    // A larger budget can only loosen it; here {F1,F2} + {M1,M2} scores (2.7 + 0.6) / 6 < 5/6.
    const loose = await coupledSoftScoreUpperBound(parsed.cohort, { maxUnbalanced: 2 });
    expect(loose!.bound).toBeCloseTo(5 / 6, 9);
  });

  it("is never below the exact optimum at the same B (generated cohorts of 20 people)", async () => {
    let compared = 0;
    for (const [seed, profile] of [
      [1, "typical"],
      [4, "adversarial"],
    ] as const) {
      const cohort: Cohort = generateCohort({ people: 20, seed, profile });
      const exact = await solveExact(cohort, { timeLimitSeconds: 60 });
      if (exact.verdict === undefined) continue;
      const bound = await coupledSoftScoreUpperBound(cohort, {
        maxUnbalanced: exact.verdict.unbalancedGroups,
      });
      expect(bound!.bound).toBeGreaterThanOrEqual(exact.verdict.softScore - 1e-9);
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it("with the matcher's placed set: ≥ the exact optimum seating that set, ≤ the free-intake bound", async () => {
    let compared = 0;
    for (const [seed, profile] of [
      [1, "typical"],
      [4, "adversarial"],
    ] as const) {
      const cohort: Cohort = generateCohort({ people: 20, seed, profile });
      const result = matchCohort(cohort);
      const verdict = checkMatching(cohort, result);
      if (verdict.hardViolations !== 0) continue;
      const placedIds = new Set(result.groups.flatMap((g) => g.mentees));
      const maxUnbalanced = verdict.unbalancedGroups;
      const exact = await solveExact(cohort, {
        timeLimitSeconds: 60,
        maxUnbalanced,
        placedMentees: placedIds,
      });
      if (exact.status !== "optimal" || exact.verdict === undefined) continue;
      const fixed = await coupledSoftScoreUpperBound(cohort, { maxUnbalanced, placedIds });
      const free = await coupledSoftScoreUpperBound(cohort, { maxUnbalanced, placedAtLeast: placedIds.size });
      expect(fixed!.status).toBe("optimal");
      expect(fixed!.bound).toBeGreaterThanOrEqual(exact.verdict.softScore - 1e-9);
      expect(fixed!.bound).toBeLessThanOrEqual(free!.bound + 1e-9);
      expect(softScoreUpperBoundForPlaced(cohort, placedIds)!).toBeGreaterThanOrEqual(
        exact.verdict.softScore - 1e-9,
      );
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it("gives no bound for a placed set naming a mentee who cannot be placed", async () => {
    const cohort = generateCohort({ people: 20, seed: 1, profile: "typical" });
    const bogus = new Set(["no-such-mentee"]);
    expect(await coupledSoftScoreUpperBound(cohort, { maxUnbalanced: 0, placedIds: bogus })).toBeUndefined();
    expect(softScoreUpperBoundForPlaced(cohort, bogus)).toBeUndefined();
  });
});
