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

describe("each violation's message, people and group", () => {
  const only = (cohort: Cohort, result: MatchResult) => checkMatching(cohort, result).violations;

  it("names an unknown person by where it is listed, with the group only when in a group", () => {
    const result = baseResult();
    result.groups[0]!.mentees.push("nobody");
    result.waitlist.push({ id: "ghost", reason: "capacity" });
    result.unplacedMentors.push({ id: "phantom", reason: "none" });
    expect(only(cohortOf(basePeople()), result)).toEqual([
      {
        rule: "unknown-person",
        message: 'group "g1" (mentees) lists "nobody", who is not in the cohort',
        people: ["nobody"],
        group: "g1",
      },
      {
        rule: "unknown-person",
        message: 'the waitlist lists "ghost", who is not in the cohort',
        people: ["ghost"],
      },
      {
        rule: "unknown-person",
        message: 'unplacedMentors lists "phantom", who is not in the cohort',
        people: ["phantom"],
      },
    ]);
  });

  it("names a person listed twice by name and id, with both places", () => {
    const cohort = variant({ e1: { name: "Ada" }, mA: { name: "mA" } });
    const result = baseResult();
    result.waitlist.push({ id: "e1", reason: "capacity" });
    result.groups[1]!.mentors.push("mA");
    expect(only(cohort, result)).toEqual([
      {
        rule: "placed-twice",
        // a name equal to the id is not repeated
        message: '"mA" is listed in group "g1" (mentors) and again in group "g2" (mentors)',
        people: ["mA"],
        group: "g2",
      },
      {
        rule: "placed-twice",
        message: 'Ada ("e1") is listed in group "g1" (mentees) and again in the waitlist',
        people: ["e1"],
      },
    ]);
  });

  it("wrong-role in a group and in a list; a mentee listed as a mentor is not waiting", () => {
    // e6 (earlier than e7) is listed among the unplaced mentors while e7 sits in g2: only the role is
    // wrong; e6 is not on the waitlist, so it is not a waiting mentee passed over by e7.
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "mD"], ["e4", "e5", "e7"], { e4: "mC", e5: "mD", e7: "mC" });
    result.waitlist = [];
    result.unplacedMentors.push({ id: "e6", reason: "none" });
    expect(only(cohortOf(basePeople()), result)).toEqual([
      {
        rule: "wrong-role",
        message: '"e6" is a mentee but is listed as a mentor in unplacedMentors',
        people: ["e6"],
      },
    ]);
    const inGroup = baseResult();
    inGroup.groups[0] = group("g1", ["mA", "e1"], ["mB", "e2", "e3"], { mB: "mA", e2: "e1", e3: "mA" });
    expect(only(cohortOf(basePeople()), inGroup).filter((v) => v.rule === "wrong-role")).toEqual([
      {
        rule: "wrong-role",
        message: '"e1" is a mentee but is listed as a mentor in group "g1" (mentors)',
        people: ["e1"],
        group: "g1",
      },
      {
        rule: "wrong-role",
        message: '"mB" is a mentor but is listed as a mentee in group "g1" (mentees)',
        people: ["mB"],
        group: "g1",
      },
    ]);
  });

  it("missing-person", () => {
    expect(only(cohortOf(basePeople()), { ...baseResult(), waitlist: [] })).toEqual([
      {
        rule: "missing-person",
        message: '"e7" (mentee) is in no group, not on the waitlist and not among the unplaced mentors',
        people: ["e7"],
      },
    ]);
  });

  it("group-shape asks for ke mentees when the mentees fill every seat, at most ke otherwise", () => {
    // Six mentees for six seats (e7 left out): a group of two mentees is short of one.
    const six = basePeople().filter((p) => p.id !== "e7");
    const result = baseResult();
    result.groups[0] = group("g1", ["mA", "mB"], ["e1", "e2"], { e1: "mA", e2: "mB" });
    result.waitlist = [{ id: "e3", reason: "capacity" }];
    expect(only(cohortOf(six), result).filter((v) => v.rule === "group-shape")).toEqual([
      {
        rule: "group-shape",
        message: 'group "g1" has 2 mentors and 2 mentees; it needs 2 mentors and 3 mentees',
        people: ["mA", "mB", "e1", "e2"],
        group: "g1",
      },
    ]);
    // Five mentees for six seats: fewer is fine, more is not.
    const five = basePeople().filter((p) => !["e6", "e7"].includes(p.id));
    const over = baseResult();
    over.groups = [
      group("g1", ["mA", "mB"], ["e1", "e2", "e3", "e4"], { e1: "mA", e2: "mB", e3: "mA", e4: "mB" }),
      group("g2", ["mC", "mD"], ["e5"], { e5: "mC" }),
    ];
    over.waitlist = [];
    const verdict = checkMatching(cohortOf(five), over);
    expect(verdict.violations).toEqual([
      {
        rule: "group-shape",
        message: 'group "g1" has 2 mentors and 4 mentees; it needs 2 mentors and at most 3 mentees',
        people: ["mA", "mB", "e1", "e2", "e3", "e4"],
        group: "g1",
      },
    ]);
    expect(verdict.hardViolations).toBe(1);
  });

  it("unplaced-mentor counts only mentors, and says how many cannot form a group", () => {
    const cohort = cohortOf([...basePeople(), person("mF", "mentor", "male")]);
    const result = baseResult();
    result.unplacedMentors.push({ id: "mF", reason: "none" });
    expect(only(cohort, result)).toEqual([
      {
        rule: "unplaced-mentor",
        message: "2 mentors are left without a group, but only 0 cannot form one (6 mentors, groups of 2)",
        people: ["mE", "mF"],
      },
    ]);
    // A mentee listed among the unplaced mentors is a wrong role, not an extra unplaced mentor.
    const mentee = baseResult();
    mentee.waitlist = [];
    mentee.unplacedMentors.push({ id: "e7", reason: "none" });
    expect(only(cohortOf(basePeople()), mentee).map((v) => v.rule)).toEqual(["wrong-role"]);
  });

  it("apart-pair, and an apart pair of two people in no group is kept", () => {
    expect(only(variant({}, { apart: [["e1", "e2"]] }), baseResult())).toEqual([
      {
        rule: "apart-pair",
        message: '"e1" and "e2" must be kept apart but are both in group "g1"',
        people: ["e1", "e2"],
        group: "g1",
      },
    ]);
    expect(only(variant({}, { apart: [["e7", "mE"]] }), baseResult())).toEqual([]);
  });

  it("same-employer", () => {
    expect(only(variant({ e3: { employer: "Acme" } }), baseResult())).toEqual([
      {
        rule: "same-employer",
        message: 'mentor "mA" and mentee "e3" both work at Acme but are both in group "g1"',
        people: ["mA", "e3"],
        group: "g1",
      },
    ]);
  });

  it("together-pair, with the other person in another group or in none", () => {
    expect(only(variant({}, { together: [["mC", "e1"]] }), baseResult())).toEqual([
      {
        rule: "together-pair",
        message: '"mC" and "e1" are pinned together, but "e1" is in group "g1" and "mC" is in group "g2"',
        people: ["mC", "e1"],
        group: "g1",
      },
    ]);
    expect(only(variant({}, { together: [["e1", "e7"]] }), baseResult())).toEqual([
      {
        rule: "together-pair",
        message: '"e1" and "e7" are pinned together, but "e1" is in group "g1" and "e7" is not in a group',
        people: ["e1", "e7"],
        group: "g1",
      },
    ]);
  });

  it("single-gender names the request and every member of another gender", () => {
    expect(only(variant({ e1: { singleGenderGroup: true } }), baseResult())).toEqual([
      {
        rule: "single-gender",
        message: '"e1" asked for a women-only group, but group "g1" also has "mB" (male), "e2" (male)',
        people: ["e1", "mB", "e2"],
        group: "g1",
      },
    ]);
    expect(only(variant({ e2: { singleGenderGroup: true } }), baseResult())).toEqual([
      {
        rule: "single-gender",
        message:
          '"e2" asked for a men-only group, but group "g1" also has "mA" (female), "e1" (female), "e3" (female)',
        people: ["e2", "mA", "e1", "e3"],
        group: "g1",
      },
    ]);
  });

  it("buddy: a missing buddy, a buddy who is no mentor of the group, an uneven load", () => {
    const result = baseResult();
    result.groups[0]!.buddies = { e2: "mA", e3: "mA" };
    result.groups[1]!.buddies = { e4: "mC", e5: "mD", e6: "mA" };
    expect(only(cohortOf(basePeople()), result)).toEqual([
      { rule: "buddy", message: '"e1" has no buddy in group "g1"', people: ["e1"], group: "g1" },
      {
        rule: "buddy",
        message:
          'mentor "mB" is buddy to 0 mentees in group "g1"; with 3 mentees and 2 mentors each should have 1 or 2',
        people: ["mB"],
        group: "g1",
      },
      {
        rule: "buddy",
        message: '"e6"\'s buddy "mA" is not a mentor of group "g2"',
        people: ["e6", "mA"],
        group: "g2",
      },
    ]);
    // Four mentees, two mentors: each mentor should have exactly two.
    const even = cohortOf(basePeople().filter((p) => p.id !== "e7"));
    const four = baseResult();
    four.groups = [
      group("g", ["mA", "mB"], ["e1", "e2", "e3", "e4"], { e1: "mA", e2: "mA", e3: "mA", e4: "mB" }),
    ];
    four.waitlist = [];
    expect(only(even, four).filter((v) => v.rule === "buddy")).toEqual([
      {
        rule: "buddy",
        message:
          'mentor "mA" is buddy to 3 mentees in group "g"; with 4 mentees and 2 mentors each should have 2',
        people: ["mA"],
        group: "g",
      },
      {
        rule: "buddy",
        message:
          'mentor "mB" is buddy to 1 mentees in group "g"; with 4 mentees and 2 mentors each should have 2',
        people: ["mB"],
        group: "g",
      },
    ]);
  });

  it("a buddy written for a mentee must be one of the group's mentors, not any listed id", () => {
    const result = baseResult();
    result.groups[0]!.buddies = { e1: "mA", e2: "e3", e3: "mB" };
    expect(only(cohortOf(basePeople()), result).map((v) => [v.rule, ...v.people])).toEqual([
      ["buddy", "e2", "e3"],
    ]);
  });
});

describe("priority inversions, rule by rule", () => {
  // e6 waits; e7 (later) sits in g2.
  function inverted(): MatchResult {
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "mD"], ["e4", "e5", "e7"], { e4: "mC", e5: "mD", e7: "mC" });
    result.waitlist = [{ id: "e6", reason: "capacity" }];
    return result;
  }
  const inversions = (cohort: Cohort, result: MatchResult) =>
    checkMatching(cohort, result)
      .violations.filter((v) => v.rule === "priority-inversion")
      .map((v) => [...v.people, v.group]);

  it("names the waiting mentee, the later one and the group", () => {
    expect(checkMatching(variant({ e6: { name: "Fay" } }), inverted()).violations).toEqual([
      {
        rule: "priority-inversion",
        message:
          'Fay ("e6") is waiting but applied before "e7" and could take that seat in group "g2" without breaking a rule',
        people: ["e6", "e7"],
        group: "g2",
      },
    ]);
  });

  it("offers the latest unpinned mentee's seat, skipping a pinned later one", () => {
    // e5 waits; g2 holds e4, e6 and e7, e7 pinned to mD: e6's seat is the one e5 could take.
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "mD"], ["e4", "e7", "e6"], { e4: "mC", e7: "mD", e6: "mC" });
    result.waitlist = [{ id: "e5", reason: "capacity" }];
    expect(inversions(variant({}, { together: [["e7", "mD"]] }), result)).toEqual([["e5", "e6", "g2"]]);
  });

  it("of two equally late mentees names the first listed", () => {
    const at = "2030-01-01T00:00:00.000Z";
    const cohort = variant({
      e6: { appliedAt: at, appliedAtMs: Date.parse(at) },
      e7: { appliedAt: at, appliedAtMs: Date.parse(at) },
    });
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "mD"], ["e6", "e7", "e5"], { e6: "mC", e7: "mD", e5: "mC" });
    result.waitlist = [{ id: "e4", reason: "capacity" }];
    expect(inversions(cohort, result)).toEqual([["e4", "e6", "g2"]]);
  });

  it("is no inversion against a mentee who applied at the same moment", () => {
    const at = "2030-01-01T00:00:00.000Z";
    const same = { appliedAt: at, appliedAtMs: Date.parse(at) };
    expect(inversions(variant({ e6: same, e7: same }), inverted())).toEqual([]);
  });

  it("lists the waiting mentees in application order", () => {
    // e6 and e4 wait (listed in that order) while the later e7 sits in g2: both could take its seat.
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "mD"], ["e5", "e7", "e3"], { e5: "mC", e7: "mD", e3: "mC" });
    result.groups[0] = group("g1", ["mA", "mB"], ["e1", "e2"], { e1: "mA", e2: "mB" });
    result.waitlist = [
      { id: "e6", reason: "capacity" },
      { id: "e4", reason: "capacity" },
    ];
    const people = inversions(cohortOf(basePeople()), result).map((v) => v[0]);
    expect(people).toEqual(["e4", "e6"]);
  });

  it("two obstacles in a group (two apart partners) close its seat", () => {
    expect(
      inversions(
        variant(
          {},
          {
            apart: [
              ["e6", "e7"],
              ["e6", "e4"],
            ],
          },
        ),
        inverted(),
      ),
    ).toEqual([]);
  });

  it("an obstacle that is a pinned later mentee does not open its seat", () => {
    expect(inversions(variant({}, { apart: [["e6", "e7"]], together: [["mC", "e7"]] }), inverted())).toEqual(
      [],
    );
  });

  it("a same-employer mentor is an obstacle; the seat opens in another group without one", () => {
    // e6 shares mD's employer in g2; g1's latest mentee e3 is earlier than e6, so no seat is open.
    const cohort = variant({ e6: { employer: "Delta" }, mD: { employer: "Delta" } });
    expect(inversions(cohort, inverted())).toEqual([]);
    // With e7 in g1 instead, e6 can take e7's seat there.
    const result = baseResult();
    result.groups[0] = group("g1", ["mA", "mB"], ["e1", "e2", "e7"], { e1: "mA", e2: "mB", e7: "mA" });
    result.groups[1] = group("g2", ["mC", "mD"], ["e4", "e5", "e3"], { e4: "mC", e5: "mD", e3: "mC" });
    result.waitlist = [{ id: "e6", reason: "capacity" }];
    expect(inversions(cohort, result)).toEqual([["e6", "e7", "g1"]]);
  });

  it("a group skipped for an apart partner is still tried with the partner as the obstacle", () => {
    // e6's partner e7 is the latest in g2 and the only later mentee anywhere; e6 can take e7's own seat.
    const result = inverted();
    expect(inversions(variant({ e6: { employer: "Omega" } }, { apart: [["e7", "e6"]] }), result)).toEqual([
      ["e6", "e7", "g2"],
    ]);
    // A later seat in a group with e6's same-employer mentor: the mentor is an obstacle that stays.
    expect(
      inversions(
        variant({ e6: { employer: "Omega" }, mC: { employer: "Omega" } }, { apart: [["e7", "e6"]] }),
        result,
      ),
    ).toEqual([]);
  });

  it("a pinned waiting mentee can only take a seat in its partner's group", () => {
    // e6 is pinned to mC (g2, holding the later e7): an inversion in g2.
    expect(inversions(variant({}, { together: [["e6", "mC"]] }), inverted())).toEqual([["e6", "e7", "g2"]]);
    // e6 is pinned to mA (g1, whose mentees all applied earlier): no seat for e6, though g2 has one.
    expect(inversions(variant({}, { together: [["mA", "e6"]] }), inverted())).toEqual([]);
    // e6 is pinned to the unplaced mentor mE: no group to join.
    expect(inversions(variant({}, { together: [["e6", "mE"]] }), inverted())).toEqual([]);
    // Pinned to mC and mA, who sit in different groups: nowhere to join both.
    expect(
      inversions(
        variant(
          {},
          {
            together: [
              ["e6", "mC"],
              ["e6", "mA"],
            ],
          },
        ),
        inverted(),
      ),
    ).toEqual([]);
    // Pinned to mC, but e6 is kept apart from e4 in g2 as well as from e7: two obstacles.
    expect(
      inversions(
        variant(
          {},
          {
            together: [["e6", "mC"]],
            apart: [
              ["e6", "e4"],
              ["e6", "e7"],
            ],
          },
        ),
        inverted(),
      ),
    ).toEqual([]);
  });

  it("gender: a binding requester's seat needs a group whose other-gender members are at most that seat", () => {
    // g2 = mC (f), mE (f) mentors; e4 (f), e5 (m), e7 (f): e6 (f) asks for women only; e5 is the only
    // man, but e5 applied before e6, so no seat. With e5 applied last, e6 could take e5's seat.
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "mE"], ["e4", "e5", "e7"], { e4: "mC", e5: "mE", e7: "mC" });
    result.unplacedMentors = [{ id: "mD", reason: "none" }];
    result.waitlist = [{ id: "e6", reason: "capacity" }];
    expect(inversions(variant({ e6: { singleGenderGroup: true } }), result)).toEqual([]);
    const late = "2030-01-01T00:00:00.000Z";
    const cohort = variant({
      e6: { singleGenderGroup: true },
      e5: { appliedAt: late, appliedAtMs: Date.parse(late) },
    });
    expect(inversions(cohort, result)).toEqual([["e6", "e5", "g2"]]);
    // A male mentor in the group is an obstacle that stays: mD instead of mE.
    const withMan = baseResult();
    withMan.groups[1] = group("g2", ["mC", "mD"], ["e4", "e5", "e7"], { e4: "mC", e5: "mD", e7: "mC" });
    withMan.waitlist = [{ id: "e6", reason: "capacity" }];
    expect(inversions(cohort, withMan)).toEqual([]);
  });

  it("gender: a binding requester of another gender in the group is an obstacle to a non-binding mentee", () => {
    // e5 (m) waits; g2 = mC, mE (f) with e4, e6, e7 (f), the later e6 and e7 in g2 only. Women mentors
    // are no obstacle to a man who asked for nothing: e5 could take e7's seat.
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "mE"], ["e4", "e6", "e7"], { e4: "mC", e6: "mE", e7: "mC" });
    result.unplacedMentors = [{ id: "mD", reason: "none" }];
    result.waitlist = [{ id: "e5", reason: "capacity" }];
    expect(inversions(cohortOf(basePeople()), result)).toEqual([["e5", "e7", "g2"]]);
    // e4 (earlier than e5) asks for women only: e5 would break her request, so there is no seat.
    expect(inversions(variant({ e4: { singleGenderGroup: true } }), result)).toEqual([]);
    // e6 (later) asks for women only: she is the only obstacle, and e5 could take her own seat.
    expect(inversions(variant({ e6: { singleGenderGroup: true } }), result)).toEqual([["e5", "e6", "g2"]]);
  });

  it("two waiting mentees of different profiles each get their own seats", () => {
    // e6 (f) and e5 (m, binding) wait; g2 = mC (f), mE (f) with e4, e7 (f) and e3 moved in.
    const result = baseResult();
    result.groups[0] = group("g1", ["mA", "mB"], ["e1", "e2", "e3"], { e1: "mA", e2: "mB", e3: "mA" });
    result.groups[1] = group("g2", ["mC", "mE"], ["e4", "e7"], { e4: "mC", e7: "mE" });
    result.unplacedMentors = [{ id: "mD", reason: "none" }];
    result.waitlist = [
      { id: "e5", reason: "capacity" },
      { id: "e6", reason: "capacity" },
    ];
    // e5 (m, men only) would meet two women mentors in g2: no seat; e6 (f) can take e7's seat.
    expect(inversions(variant({ e5: { singleGenderGroup: true } }), result)).toEqual([["e6", "e7", "g2"]]);
  });
});

describe("figures, rule by rule", () => {
  it("the soft score reads each mentee's buddy from the result", () => {
    const people = [
      person("mA", "mentor", "female", ["career"]),
      person("mB", "mentor", "male", ["technical"]),
      person("e1", "mentee", "female", ["career"]),
      person("e2", "mentee", "male", ["technical"]),
    ];
    const result = (buddies: Record<string, string>): MatchResult => ({
      version: 1,
      groups: [group("g", ["mA", "mB"], ["e1", "e2"], buddies)],
      waitlist: [],
      unplacedMentors: [],
    });
    const matched = checkMatching(cohortOf(people), result({ e1: "mA", e2: "mB" })).softScore;
    const crossed = checkMatching(cohortOf(people), result({ e1: "mB", e2: "mA" })).softScore;
    const missing = checkMatching(cohortOf(people), result({ e2: "mB" })).softScore;
    expect(matched).toBeGreaterThan(crossed);
    expect(matched).toBeGreaterThan(missing);
  });

  it("a binding request is honoured only when every mentor and every mentee shares the gender", () => {
    const cohort = variant({ e1: { singleGenderGroup: true } });
    const mixedMentors = baseResult();
    mixedMentors.groups = [
      group("g1", ["mA", "mB"], ["e1", "e3", "e4"], { e1: "mA", e3: "mB", e4: "mA" }),
      group("g2", ["mC", "mD"], ["e2", "e5", "e6"], { e2: "mC", e5: "mD", e6: "mC" }),
    ];
    expect(checkMatching(cohort, mixedMentors).bindingRequestsHonoured).toBe(0);
    const mixedMentees = baseResult();
    mixedMentees.groups = [
      group("g1", ["mA", "mC"], ["e1", "e2", "e4"], { e1: "mA", e2: "mC", e4: "mA" }),
      group("g2", ["mB", "mD"], ["e3", "e5", "e6"], { e3: "mB", e5: "mD", e6: "mB" }),
    ];
    expect(checkMatching(cohort, mixedMentees).bindingRequestsHonoured).toBe(0);
  });

  it("counts a previously grouped pair once, whoever lists whom, and never a person with itself", () => {
    const cohort = cohortOf([
      person("mA", "mentor", "female", [], { previouslyGroupedWith: ["e1", "mA", "zz"] }),
      person("mB", "mentor", "male", [], { previouslyGroupedWith: ["e2"] }),
      person("e1", "mentee", "female", [], { previouslyGroupedWith: ["mA"] }),
      person("e2", "mentee", "male", [], { previouslyGroupedWith: ["mB", "e1"] }),
      person("e3", "mentee", "female"),
    ]);
    const result: MatchResult = {
      version: 1,
      groups: [group("g", ["mA", "mB"], ["e1", "e2", "e3"], { e1: "mA", e2: "mB", e3: "mA" })],
      waitlist: [],
      unplacedMentors: [],
    };
    // mA–e1 (both ways), mB–e2 (both ways), e2–e1: three pairs; mA–mA and the stranger zz are none.
    expect(checkMatching(cohort, result).previouslyGroupedPairs).toBe(3);
    const none = cohortOf(cohort.people.map((p) => ({ ...p, previouslyGroupedWith: [] })));
    expect(checkMatching(none, result).previouslyGroupedPairs).toBe(0);
  });
});

describe("priority inversions: obstacles that are no seat", () => {
  const inversions = (cohort: Cohort, result: MatchResult) =>
    checkMatching(cohort, result)
      .violations.filter((v) => v.rule === "priority-inversion")
      .map((v) => [...v.people, v.group]);
  const late = "2030-01-01T00:00:00.000Z";

  it("a mentor listed among a group's mentees is not a mentee's seat there", () => {
    // mE (applied last) is (wrongly) among g2's mentees; e6 waits, kept apart from mE. e7 is later than
    // e6 but mE stays in the way; mE's own place is not a mentee's seat.
    const cohort = variant(
      { mE: { appliedAt: late, appliedAtMs: Date.parse(late) } },
      { apart: [["e6", "mE"]] },
    );
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "mD"], ["e4", "e7", "mE"], { e4: "mC", e7: "mD", mE: "mC" });
    result.waitlist = [{ id: "e6", reason: "capacity" }];
    result.unplacedMentors = [{ id: "e5", reason: "none" }];
    expect(inversions(cohort, result)).toEqual([]);
  });

  it("a mentee listed among a group's mentors is not a mentee's seat there", () => {
    // e8 (latest) sits in g2, whose mentors are mC and (wrongly) e7; e6 waits, kept apart from e7.
    const cohort = cohortOf([...basePeople(), person("e8", "mentee", "female")], { apart: [["e6", "e7"]] });
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "e7"], ["e4", "e5", "e8"], { e4: "mC", e5: "e7", e8: "mC" });
    result.waitlist = [{ id: "e6", reason: "capacity" }];
    result.unplacedMentors = [
      { id: "mD", reason: "none" },
      { id: "mE", reason: "none" },
    ];
    expect(inversions(cohort, result)).toEqual([]);
  });
});

describe("figures: previously grouped pairs when everyone has a history", () => {
  it("counts the pairs inside the group even when every member lists someone", () => {
    const cohort = cohortOf([
      person("mA", "mentor", "female", [], { previouslyGroupedWith: ["e1"] }),
      person("mB", "mentor", "male", [], { previouslyGroupedWith: ["zz"] }),
      person("e1", "mentee", "female", [], { previouslyGroupedWith: ["zz"] }),
      person("e2", "mentee", "male", [], { previouslyGroupedWith: ["zz"] }),
      person("e3", "mentee", "female", [], { previouslyGroupedWith: ["zz"] }),
    ]);
    const result: MatchResult = {
      version: 1,
      groups: [group("g", ["mA", "mB"], ["e1", "e2", "e3"], { e1: "mA", e2: "mB", e3: "mA" })],
      waitlist: [],
      unplacedMentors: [],
    };
    expect(checkMatching(cohort, result).previouslyGroupedPairs).toBe(1);
  });
});

describe("rules at their edges", () => {
  const inversions = (cohort: Cohort, result: MatchResult) =>
    checkMatching(cohort, result)
      .violations.filter((v) => v.rule === "priority-inversion")
      .map((v) => [...v.people, v.group]);
  const late = "2030-01-01T00:00:00.000Z";
  const at = (iso: string) => ({ appliedAt: iso, appliedAtMs: Date.parse(iso) });
  function inverted(): MatchResult {
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "mD"], ["e4", "e5", "e7"], { e4: "mC", e5: "mD", e7: "mC" });
    result.waitlist = [{ id: "e6", reason: "capacity" }];
    return result;
  }

  it("an apart pair in two different groups is kept", () => {
    expect(rules(variant({}, { apart: [["e1", "e4"]] }), baseResult())).toEqual([]);
  });

  it("names a buddy who is not in the cohort by id", () => {
    const result = baseResult();
    result.groups[0]!.buddies = { e1: "ghost", e2: "mB", e3: "mA" };
    const buddy = checkMatching(cohortOf(basePeople()), result).violations.find((v) => v.rule === "buddy");
    expect(buddy?.message).toBe('"e1"\'s buddy "ghost" is not a mentor of group "g1"');
  });

  it("counts a pair listed only by its later id", () => {
    const cohort = cohortOf([
      person("mA", "mentor", "female", [], { previouslyGroupedWith: ["e1"] }),
      person("mB", "mentor", "male", [], { previouslyGroupedWith: ["e2"] }),
      person("e1", "mentee", "female"),
      person("e2", "mentee", "male"),
      person("e3", "mentee", "female"),
    ]);
    const result: MatchResult = {
      version: 1,
      groups: [group("g", ["mA", "mB"], ["e1", "e2", "e3"], { e1: "mA", e2: "mB", e3: "mA" })],
      waitlist: [],
      unplacedMentors: [],
    };
    expect(checkMatching(cohort, result).previouslyGroupedPairs).toBe(2);
  });

  it("an apart pair written with the waiting mentee second is an obstacle too", () => {
    expect(inversions(variant({}, { apart: [["e4", "e6"]] }), inverted())).toEqual([]);
  });

  it("a pin written with the waiting mentee second leads to the partner's group", () => {
    expect(inversions(variant({}, { together: [["mC", "e6"]] }), inverted())).toEqual([["e6", "e7", "g2"]]);
  });

  it("a pinned waiting mentee's apart partner in another group is no obstacle", () => {
    const cohort = variant({}, { together: [["e6", "mC"]], apart: [["e6", "e1"]] });
    expect(inversions(cohort, inverted())).toEqual([["e6", "e7", "g2"]]);
  });

  it("a pinned waiting mentee and a later mentee who applied at the same moment: no inversion", () => {
    const cohort = variant({ e6: at(late), e7: at(late) }, { together: [["e6", "mC"]] });
    expect(inversions(cohort, inverted())).toEqual([]);
  });

  it("apart partners in two groups make both special", () => {
    expect(
      inversions(
        variant(
          {},
          {
            apart: [
              ["e6", "e4"],
              ["e6", "e1"],
            ],
          },
        ),
        inverted(),
      ),
    ).toEqual([]);
  });

  it("of two groups each offering a partner's seat, the first partner's is named", () => {
    const cohort = cohortOf([...basePeople(), person("e8", "mentee", "female")], {
      apart: [
        ["e6", "e7"],
        ["e6", "e8"],
      ],
    });
    const result = inverted();
    result.groups[0] = group("g1", ["mA", "mB"], ["e1", "e2", "e8"], { e1: "mA", e2: "mB", e8: "mA" });
    result.waitlist = [
      { id: "e6", reason: "capacity" },
      { id: "e3", reason: "capacity" },
    ];
    expect(inversions(cohort, result).filter((v) => v[0] === "e6")).toEqual([["e6", "e7", "g2"]]);
  });

  it("a partner's group with mentors only offers no seat", () => {
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "mD"], [], {});
    result.waitlist = [
      { id: "e4", reason: "capacity" },
      { id: "e5", reason: "capacity" },
      { id: "e6", reason: "capacity" },
      { id: "e7", reason: "capacity" },
    ];
    expect(inversions(variant({}, { apart: [["e6", "mC"]] }), result)).toEqual([]);
  });

  it("a pinned later mentee who is the only obstacle is no seat", () => {
    const cohort = cohortOf([...basePeople(), person("e8", "mentee", "female")], {
      apart: [["e6", "e7"]],
      together: [["e7", "mC"]],
    });
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "mD"], ["e4", "e7", "e8"], { e4: "mC", e7: "mD", e8: "mC" });
    result.waitlist = [
      { id: "e6", reason: "capacity" },
      { id: "e5", reason: "capacity" },
    ];
    expect(inversions(cohort, result).filter((v) => v[0] === "e6")).toEqual([]);
  });

  it("a pinned binding requester meets a mentor of another gender in the partner's group: no seat", () => {
    // g2 = mC (f), mB (m); e4, e3, e7 (f). e6 (f) asks for women only and is pinned to mC.
    const result = baseResult();
    result.groups[0] = group("g1", ["mA", "mD"], ["e1", "e2", "e5"], { e1: "mA", e2: "mD", e5: "mA" });
    result.groups[1] = group("g2", ["mC", "mB"], ["e4", "e3", "e7"], { e4: "mC", e3: "mB", e7: "mC" });
    result.waitlist = [{ id: "e6", reason: "capacity" }];
    const cohort = variant({ e6: { singleGenderGroup: true } }, { together: [["e6", "mC"]] });
    expect(inversions(cohort, result)).toEqual([]);
    // Without the request, e7's seat is e6's.
    expect(inversions(variant({}, { together: [["e6", "mC"]] }), result)).toEqual([["e6", "e7", "g2"]]);
  });

  it("a pinned mentee meets a binding requester of another gender in the partner's group: no seat", () => {
    const cohort = variant({ e4: { gender: "male", singleGenderGroup: true } }, { together: [["e6", "mC"]] });
    expect(inversions(cohort, inverted())).toEqual([]);
  });

  it("a binding requester's only obstacle being a later mentor is no seat", () => {
    // g2 = mC (f), mD (m, applied last); e4, e3, e7 (f). e6 asks for women only.
    const result = baseResult();
    result.groups[0] = group("g1", ["mA", "mB"], ["e1", "e2", "e5"], { e1: "mA", e2: "mB", e5: "mA" });
    result.groups[1] = group("g2", ["mC", "mD"], ["e4", "e3", "e7"], { e4: "mC", e3: "mD", e7: "mC" });
    result.waitlist = [{ id: "e6", reason: "capacity" }];
    expect(inversions(variant({ e6: { singleGenderGroup: true }, mD: at(late) }), result)).toEqual([]);
  });

  it("a mentee's only obstacle being a pinned later binding requester is no seat", () => {
    // e7 (m) asks for men only and is pinned to mD; e6 (f) would break that request.
    const cohort = variant({ e7: { gender: "male", singleGenderGroup: true } }, { together: [["e7", "mD"]] });
    expect(inversions(cohort, inverted())).toEqual([]);
  });
});

describe("priority inversions: the partner's group of a pinned mentee, and special groups", () => {
  const inversions = (cohort: Cohort, result: MatchResult) =>
    checkMatching(cohort, result)
      .violations.filter((v) => v.rule === "priority-inversion")
      .map((v) => [...v.people, v.group]);
  function inverted(): MatchResult {
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "mD"], ["e4", "e5", "e7"], { e4: "mC", e5: "mD", e7: "mC" });
    result.waitlist = [{ id: "e6", reason: "capacity" }];
    return result;
  }

  it("a pinned mentee's partner in a group without mentees: no seat", () => {
    const result = baseResult();
    result.groups[1] = group("g2", ["mC", "mD"], [], {});
    result.waitlist = ["e4", "e5", "e6", "e7"].map((id) => ({ id, reason: "capacity" }));
    expect(inversions(variant({}, { together: [["e6", "mC"]] }), result)).toEqual([]);
  });

  it("a pinned binding requester in a group of her own gender takes the later seat", () => {
    const result = baseResult();
    result.groups[0] = group("g1", ["mA", "mB"], ["e1", "e2", "e5"], { e1: "mA", e2: "mB", e5: "mA" });
    result.groups[1] = group("g2", ["mC", "mE"], ["e4", "e3", "e7"], { e4: "mC", e3: "mE", e7: "mC" });
    result.unplacedMentors = [{ id: "mD", reason: "none" }];
    result.waitlist = [{ id: "e6", reason: "capacity" }];
    const cohort = variant({ e6: { singleGenderGroup: true } }, { together: [["e6", "mC"]] });
    expect(inversions(cohort, result)).toEqual([["e6", "e7", "g2"]]);
  });

  it("a binding requester of the pinned mentee's own gender is no obstacle", () => {
    const cohort = variant({ e4: { singleGenderGroup: true } }, { together: [["e6", "mC"]] });
    expect(inversions(cohort, inverted())).toEqual([["e6", "e7", "g2"]]);
  });

  it("an apart partner in another group leaves this group's seat open", () => {
    expect(inversions(variant({}, { apart: [["e6", "e1"]] }), inverted())).toEqual([["e6", "e7", "g2"]]);
  });
});
