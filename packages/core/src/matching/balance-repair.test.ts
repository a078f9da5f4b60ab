// spreadForBalance on hand-made seatings: a requester from a men-only group with two moves to an
// unbalanced group with two male mentors (after its female mentee trades places with a man from a
// mixed group), and does not when an earlier applicant who waits could then take her seat.

import { describe, expect, it } from "vitest";
import { spreadForBalance } from "./balance-repair.ts";
import { checkMatching } from "./check.ts";
import { toResult } from "./matcher.ts";
import { buildModel } from "./model.ts";
import { emptySeating, groupUnbalanced, seat } from "./seating.ts";
import { cohortOf, person } from "./test-people.ts";
import type { Person } from "./types.ts";

function setUp(extra: Person[] = []) {
  const people = [
    ...extra,
    person("m1", "mentor", "male"),
    person("m2", "mentor", "male"),
    person("m3", "mentor", "male"),
    person("m4", "mentor", "male"),
    person("f1", "mentor", "female"),
    person("m5", "mentor", "male"),
    person("r1", "mentee", "male", [], { singleGenderGroup: true }),
    person("r2", "mentee", "male", [], { singleGenderGroup: true }),
    person("x", "mentee", "male"),
    person("a", "mentee", "male"),
    person("b", "mentee", "male"),
    person("w", "mentee", "female"),
    person("d", "mentee", "male"),
    person("e", "mentee", "female"),
    person("g", "mentee", "female"),
  ];
  const cohort = cohortOf(people);
  const m = buildModel(cohort);
  const s = emptySeating(m, ["men", "mixed", "mixed"]);
  const at = (id: string) => m.indexOf.get(id) as number;
  const groups = [
    ["m1", "m2", "r1", "r2", "x"],
    ["m3", "m4", "a", "b", "w"],
    ["f1", "m5", "d", "e", "g"],
  ];
  groups.forEach((ids, g) => {
    for (const id of ids) seat(s, m, at(id), g);
  });
  const unbalanced = () => [0, 1, 2].filter((g) => groupUnbalanced(m, s, g)).length;
  return { cohort, m, s, unbalanced };
}

describe("spreadForBalance", () => {
  it("turns an unbalanced group men-only with a requester from a group that has two", () => {
    const { cohort, m, s, unbalanced } = setUp();
    expect(unbalanced()).toBe(1);
    expect(spreadForBalance(m, s)).toBe(1);
    expect(unbalanced()).toBe(0);
    const verdict = checkMatching(cohort, toResult(m, s));
    expect(verdict.violations).toEqual([]);
    expect(verdict.unbalancedGroups).toBe(0);
    expect(verdict.bindingRequestsHonoured).toBe(2);
  });

  it("leaves it when a waiting earlier applicant could take the moved requester's seat", () => {
    // "early" applied first and waits: in the group r2 would join he could take r2's seat (all its
    // other members are men), so moving r2 there would give him a priority claim on it.
    const { cohort, m, s, unbalanced } = setUp([person("early", "mentee", "male")]);
    expect(spreadForBalance(m, s)).toBe(0);
    expect(unbalanced()).toBe(1);
    expect(checkMatching(cohort, toResult(m, s)).unbalancedGroups).toBe(1);
  });

  it("leaves it when a mentee trading places would open another group's seats to a waiting applicant", () => {
    // w (female) must leave U for U to turn men-only; d, the only man she can trade with, is what
    // keeps "early" (apart from d, waiting) out of the third group. With d gone, early could take
    // the seat of e or g, who applied after her: a priority inversion the move must not create.
    const people = [
      person("m1", "mentor", "male"),
      person("m2", "mentor", "male"),
      person("m3", "mentor", "male"),
      person("m4", "mentor", "male"),
      person("f1", "mentor", "female"),
      person("m5", "mentor", "male"),
      person("r1", "mentee", "male", [], { singleGenderGroup: true }),
      person("r2", "mentee", "male", [], { singleGenderGroup: true }),
      person("x", "mentee", "male"),
      person("a", "mentee", "male"),
      person("b", "mentee", "male"),
      person("w", "mentee", "female"),
      person("d", "mentee", "male"),
      person("early", "mentee", "female"),
      person("e", "mentee", "female"),
      person("g", "mentee", "female"),
    ];
    const cohort = cohortOf(people, {
      apart: [
        ["early", "d"],
        ["early", "m3"],
      ],
    });
    const m = buildModel(cohort);
    const s = emptySeating(m, ["men", "mixed", "mixed"]);
    [
      ["m1", "m2", "r1", "r2", "x"],
      ["m3", "m4", "a", "b", "w"],
      ["f1", "m5", "d", "e", "g"],
    ].forEach((ids, g) => {
      for (const id of ids) seat(s, m, m.indexOf.get(id) as number, g);
    });
    expect(checkMatching(cohort, toResult(m, s)).violations).toEqual([]);
    expect(spreadForBalance(m, s)).toBe(0);
    const verdict = checkMatching(cohort, toResult(m, s));
    expect(verdict.violations).toEqual([]);
    expect(verdict.unbalancedGroups).toBe(1);
  });
});
