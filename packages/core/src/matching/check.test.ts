import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkMatching } from "./check.ts";
import { cohortOf, person } from "./test-people.ts";
import type { Cohort, MatchedGroup, MatchResult, Person } from "./types.ts";
import { parseCohort } from "./validate-cohort.ts";

// Five mentors (one cannot form a group), seven mentees for six seats; the latest mentee waits.
function basePeople(): Person[] {
  return [
    person("mA", "mentor", "female", ["career", "growth"], { employer: "Acme" }),
    person("mB", "mentor", "male", ["technical"], { employer: "Beta" }),
    person("mC", "mentor", "female", ["growth"]),
    person("mD", "mentor", "male", ["career"]),
    person("mE", "mentor", "female", ["career"]),
    person("e1", "mentee", "female", ["career"]),
    person("e2", "mentee", "male", ["technical"]),
    person("e3", "mentee", "female", ["growth"]),
    person("e4", "mentee", "female", ["growth"]),
    person("e5", "mentee", "male", ["career"]),
    person("e6", "mentee", "female", ["career"]),
    person("e7", "mentee", "female", ["career"]),
  ];
}

function group(
  id: string,
  mentors: string[],
  mentees: string[],
  buddies: Record<string, string>,
): MatchedGroup {
  return { id, kind: "mixed", mentors, mentees, buddies };
}

function baseResult(): MatchResult {
  return {
    version: 1,
    groups: [
      group("g1", ["mA", "mB"], ["e1", "e2", "e3"], { e1: "mA", e2: "mB", e3: "mA" }),
      group("g2", ["mC", "mD"], ["e4", "e5", "e6"], { e4: "mC", e5: "mD", e6: "mC" }),
    ],
    waitlist: [{ id: "e7", reason: "capacity" }],
    unplacedMentors: [{ id: "mE", reason: "no second mentor to pair with" }],
  };
}

/** A cohort of the base people with some of them changed. */
function variant(changes: Record<string, Partial<Person>>, extra: Partial<Cohort> = {}): Cohort {
  return cohortOf(
    basePeople().map((p) => ({ ...p, ...changes[p.id] })),
    extra,
  );
}

const rules = (cohort: Cohort, result: MatchResult) =>
  checkMatching(cohort, result).violations.map((v) => v.rule);

describe("checkMatching on a valid result", () => {
  it("finds no violation and the figures of a balanced matching", () => {
    const verdict = checkMatching(cohortOf(basePeople()), baseResult());
    expect(verdict.violations).toEqual([]);
    expect(verdict.hardViolations).toBe(0);
    expect(verdict.unbalancedGroups).toBe(0);
    expect(verdict.bindingRequests).toBe(0);
  });
});

describe("checkMatching names each hard rule", () => {
  it("missing-person", () => {
    const result = { ...baseResult(), waitlist: [] };
    expect(rules(cohortOf(basePeople()), result)).toEqual(["missing-person"]);
  });

  it("placed-twice and unknown-person", () => {
    const result = baseResult();
    result.waitlist.push({ id: "e1", reason: "capacity" }, { id: "nobody", reason: "capacity" });
    expect(rules(cohortOf(basePeople()), result)).toEqual(["placed-twice", "unknown-person"]);
  });

  it("wrong-role", () => {
    const result = { ...baseResult(), unplacedMentors: [] as MatchResult["unplacedMentors"] };
    result.waitlist.push({ id: "mE", reason: "capacity" });
    expect(rules(cohortOf(basePeople()), result)).toEqual(["wrong-role"]);
  });

  it("group-shape, counting each seat off", () => {
    const result = baseResult();
    result.groups = [
      group("g1", ["mA", "mB"], ["e1", "e2"], { e1: "mA", e2: "mB" }),
      group("g2", ["mC", "mD"], ["e3", "e4", "e5", "e6"], { e3: "mD", e4: "mC", e5: "mD", e6: "mC" }),
    ];
    const verdict = checkMatching(cohortOf(basePeople()), result);
    expect(verdict.violations.map((v) => v.rule)).toEqual(["group-shape", "group-shape"]);
    expect(verdict.hardViolations).toBe(2);
  });

  it("group-shape allows fewer mentees when there are fewer mentees than seats", () => {
    const people = basePeople().filter((p) => !["e6", "e7"].includes(p.id));
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "mD"], ["e4", "e5"], { e4: "mC", e5: "mD" });
    result.waitlist = [];
    expect(checkMatching(cohortOf(people), result).hardViolations).toBe(0);
  });

  it("unplaced-mentor beyond those who cannot form a group", () => {
    const cohort = cohortOf([...basePeople(), person("mF", "mentor", "male")]);
    const result = baseResult();
    result.unplacedMentors.push({ id: "mF", reason: "none" });
    const verdict = checkMatching(cohort, result);
    expect(verdict.violations.map((v) => v.rule)).toEqual(["unplaced-mentor"]);
    expect(verdict.hardViolations).toBe(2);
  });

  it("apart-pair", () => {
    expect(rules(variant({}, { apart: [["e1", "e2"]] }), baseResult())).toEqual(["apart-pair"]);
  });

  it("same-employer", () => {
    const verdict = checkMatching(variant({ e1: { employer: "Acme" } }), baseResult());
    expect(verdict.violations.map((v) => v.rule)).toEqual(["same-employer"]);
    expect(verdict.violations[0]!.people).toEqual(["mA", "e1"]);
  });

  it("together-pair", () => {
    expect(rules(variant({}, { together: [["mC", "e1"]] }), baseResult())).toEqual(["together-pair"]);
  });

  it("together-pair is not in force while the pinned mentee waits", () => {
    expect(rules(variant({}, { together: [["mA", "e7"]] }), baseResult())).toEqual([]);
  });

  it("together-pair of two mentees breaks when only one is placed", () => {
    expect(rules(variant({}, { together: [["e1", "e7"]] }), baseResult())).toEqual(["together-pair"]);
  });

  it("single-gender, one per member of another gender", () => {
    const verdict = checkMatching(variant({ e1: { singleGenderGroup: true } }), baseResult());
    expect(verdict.violations.map((v) => v.rule)).toEqual(["single-gender"]);
    expect(verdict.hardViolations).toBe(2); // mB and e2 are men
    expect(verdict.violations[0]!.people.sort()).toEqual(["e1", "e2", "mB"]);
    expect(verdict.bindingRequests).toBe(1);
    expect(verdict.bindingRequestsHonoured).toBe(0);
  });

  it("buddy: a mentee without a buddy, or with a buddy from another group", () => {
    const result = baseResult();
    result.groups[0]!.buddies = { e2: "mB", e3: "mA" };
    result.groups[1]!.buddies = { e4: "mC", e5: "mD", e6: "mA" };
    const verdict = checkMatching(cohortOf(basePeople()), result);
    expect(verdict.violations.map((v) => [v.rule, v.people[0]])).toEqual([
      ["buddy", "e1"],
      ["buddy", "e6"],
    ]);
  });

  it("buddy: unbalanced loads", () => {
    const result = baseResult();
    result.groups[0]!.buddies = { e1: "mA", e2: "mA", e3: "mA" };
    const verdict = checkMatching(cohortOf(basePeople()), result);
    expect(verdict.violations.map((v) => [v.rule, v.people[0]])).toEqual([
      ["buddy", "mA"],
      ["buddy", "mB"],
    ]);
  });
});

describe("priority inversions", () => {
  // e6 applied before e7 but waits while e7 holds a seat.
  function inverted(): MatchResult {
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "mD"], ["e4", "e5", "e7"], { e4: "mC", e5: "mD", e7: "mC" });
    result.waitlist = [{ id: "e6", reason: "capacity" }];
    return result;
  }

  it("flags a waiting mentee who could take a later mentee's seat", () => {
    const verdict = checkMatching(cohortOf(basePeople()), inverted());
    expect(verdict.violations.map((v) => v.rule)).toEqual(["priority-inversion"]);
    expect(verdict.violations[0]!.people).toEqual(["e6", "e7"]);
  });

  it("still flags it when the only obstacle is the later mentee itself", () => {
    expect(rules(variant({}, { apart: [["e6", "e7"]] }), inverted())).toEqual(["priority-inversion"]);
  });

  it("accepts the wait when the seat would break an apart pair", () => {
    expect(rules(variant({}, { apart: [["e6", "e4"]] }), inverted())).toEqual([]);
  });

  it("accepts the wait when the seat would put a mentee with a mentor of the same employer", () => {
    expect(rules(variant({ e6: { employer: "Delta" }, mD: { employer: "Delta" } }), inverted())).toEqual([]);
  });

  it("accepts the wait of a binding requester when no group could be single-gender", () => {
    expect(rules(variant({ e6: { singleGenderGroup: true } }), inverted())).toEqual([]);
  });

  it("does not open the seat of a pinned mentee", () => {
    expect(rules(variant({}, { together: [["mC", "e7"]] }), inverted())).toEqual([]);
  });

  it("a non-binding mentee cannot take a seat in a group with a binding requester of another gender", () => {
    const cohort = variant({ e4: { gender: "male", singleGenderGroup: true }, e6: { gender: "male" } });
    // e6 is male now, so in g2 it would not break e4's request... make g2 men-only first.
    const result = inverted();
    result.groups[1] = group("g2", ["mB", "mD"], ["e4", "e5", "e7"], { e4: "mB", e5: "mD", e7: "mB" });
    result.groups[0] = group("g1", ["mA", "mC"], ["e1", "e2", "e3"], { e1: "mA", e2: "mC", e3: "mA" });
    // e7 (female) breaks e4's men-only request: that is a single-gender violation, and e6 (male) could
    // take e7's seat.
    expect(rules(cohort, result)).toEqual(["single-gender", "priority-inversion"]);
    const femaleWaiting = variant({ e4: { gender: "male", singleGenderGroup: true } });
    // e6 (female) would break e4's request as much as e7 does, so no inversion is reported.
    expect(rules(femaleWaiting, result)).toEqual(["single-gender"]);
  });
});

describe("figures", () => {
  it("computes S exactly as METRIC.md's formula", () => {
    const cohort = cohortOf([
      person("mA", "mentor", "female", ["career", "growth"], {
        interests: ["data"],
        previouslyGroupedWith: ["e1"],
      }),
      person("mB", "mentor", "male", ["technical"]),
      person("e1", "mentee", "female", ["career"], { interests: ["data"], experience: "junior" }),
      person("e2", "mentee", "male", ["technical", "growth"], { experience: "student" }),
      person("e3", "mentee", "female", ["growth"], { experience: "junior", previouslyGroupedWith: ["mA"] }),
    ]);
    const result: MatchResult = {
      version: 1,
      groups: [group("g", ["mA", "mB"], ["e1", "e2", "e3"], { e1: "mA", e2: "mB", e3: "mA" })],
      waitlist: [],
      unplacedMentors: [],
    };
    const verdict = checkMatching(cohort, result);
    expect(verdict.hardViolations).toBe(0);
    // e1: 0.5 + 0.2 + 0.2 + 0.1·½; e2: 0.5 + 0.2·½ + 0.2 + 0.05; e3: 0.5 + 0.2 + 0.2 + 0.05.
    expect(verdict.softScore).toBeCloseTo((0.95 + 0.85 + 0.95) / 3, 12);
    // mA–e1 listed on one side, mA–e3 on the other: two pairs.
    expect(verdict.previouslyGroupedPairs).toBe(2);
  });

  it("counts unbalanced groups and honoured binding requests", () => {
    const cohort = variant({ e1: { singleGenderGroup: true } });
    const result = baseResult();
    result.groups = [
      group("g1", ["mA", "mC"], ["e1", "e3", "e4"], { e1: "mA", e3: "mC", e4: "mA" }),
      group("g2", ["mB", "mD"], ["e2", "e5", "e6"], { e2: "mB", e5: "mD", e6: "mB" }),
    ];
    const verdict = checkMatching(cohort, result);
    expect(verdict.hardViolations).toBe(0);
    // g1 is women-only for e1's request, so only g2 (two men) counts as unbalanced.
    expect(verdict.unbalancedGroups).toBe(1);
    expect(verdict.bindingRequestsHonoured).toBe(1);
    expect(verdict.bindingRequests).toBe(1);
  });
});

describe("the example cohort", () => {
  it("judges a hand-made result: the women-only group costs an employer clash", () => {
    const parsed = parseCohort(
      readFileSync(new URL("./example-cohort.fixture.json", import.meta.url), "utf8"),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const result: MatchResult = {
      version: 1,
      groups: [
        group("women", ["chloe", "dev"], ["hui-min", "elena", "grace"], {
          "hui-min": "chloe",
          elena: "dev",
          grace: "dev",
        }),
        group("mixed", ["aisha", "ben"], ["farid", "ishaan", "jo"], {
          farid: "ben",
          ishaan: "aisha",
          jo: "aisha",
        }),
      ],
      waitlist: [{ id: "kai", reason: "capacity" }],
      unplacedMentors: [],
    };
    const verdict = checkMatching(parsed.cohort, result);
    expect(verdict.violations.map((v) => [v.rule, ...v.people])).toEqual([
      ["apart-pair", "ben", "ishaan"],
      ["same-employer", "chloe", "grace"],
    ]);
    expect(verdict.bindingRequests).toBe(2);
    expect(verdict.bindingRequestsHonoured).toBe(2);
    expect(verdict.unbalancedGroups).toBe(0);
  });
});
