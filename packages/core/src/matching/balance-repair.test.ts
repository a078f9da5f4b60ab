// spreadForBalance on hand-made seatings: a requester from a men-only group with two moves to an
// unbalanced group with two male mentors (after its female mentee trades places with a man from a
// mixed group), and does not when an earlier applicant who waits could then take her seat, unless
// mentors of the same gender from other groups, swapped in, keep that applicant out. In its last pass
// it also re-pairs late requesters across groups so that an early one can move.

import { describe, expect, it } from "vitest";
import { spreadForBalance } from "./balance-repair.ts";
import { checkMatching } from "./check.ts";
import { toResult } from "./matcher.ts";
import { buildModel } from "./model.ts";
import { emptySeating, groupUnbalanced, type PlannedKind, seat } from "./seating.ts";
import { cohortOf, person } from "./test-people.ts";
import type { Cohort, Person } from "./types.ts";

/** Mentors m1–m4 and m5 (male) and f1 (female), in this order of application. */
const mentors = (m5: Partial<Person> = {}): Person[] => [
  person("m1", "mentor", "male"),
  person("m2", "mentor", "male"),
  person("m3", "mentor", "male"),
  person("m4", "mentor", "male"),
  person("f1", "mentor", "female"),
  person("m5", "mentor", "male", [], m5),
];
const requester = (id: string): Person => person(id, "mentee", "male", [], { singleGenderGroup: true });
const mentees = (gender: "female" | "male", ...ids: string[]): Person[] =>
  ids.map((id) => person(id, "mentee", gender));

/**
 * `people` seated as `groups` (each: two mentors, then its mentees); the first group is planned
 * men-only and the others mixed unless `planned` says otherwise.
 */
function seated(people: Person[], groups: string[][], pairs: Partial<Cohort> = {}, planned?: PlannedKind[]) {
  const cohort = cohortOf(people, pairs);
  const m = buildModel(cohort);
  const s = emptySeating(m, planned ?? groups.map((_, g) => (g === 0 ? "men" : "mixed")));
  groups.forEach((ids, g) => {
    for (const id of ids) seat(s, m, m.indexOf.get(id) as number, g);
  });
  const verdict = () => checkMatching(cohort, toResult(m, s));
  const groupOf = (id: string) => s.groupOf[m.indexOf.get(id) as number];
  const unbalanced = () => groups.filter((_, g) => groupUnbalanced(m, s, g)).length;
  return { m, s, verdict, groupOf, unbalanced };
}

/**
 * Two requesters in a men-only group, an unbalanced group (m3, m4) and a balanced one (f1, m5);
 * `first` applied before everyone, `earlyBeforeE`: a female mentee "early" applied before e and g.
 */
function setUp(options: { first?: Person[]; earlyBeforeE?: boolean; apart?: Array<[string, string]> } = {}) {
  const people = [
    ...(options.first ?? []),
    ...mentors(),
    requester("r1"),
    requester("r2"),
    ...mentees("male", "x", "a", "b"),
    ...mentees("female", "w"),
    ...mentees("male", "d"),
    ...(options.earlyBeforeE ? mentees("female", "early") : []),
    ...mentees("female", "e", "g"),
  ];
  const groups = [
    ["m1", "m2", "r1", "r2", "x"],
    ["m3", "m4", "a", "b", "w"],
    ["f1", "m5", "d", "e", "g"],
  ];
  return seated(people, groups, { apart: options.apart ?? [] });
}

describe("spreadForBalance", () => {
  it("turns an unbalanced group men-only with a requester from a group that has two", () => {
    const { m, s, verdict, unbalanced } = setUp();
    expect(unbalanced()).toBe(1);
    expect(spreadForBalance(m, s)).toBe(1);
    expect(unbalanced()).toBe(0);
    expect(verdict().violations).toEqual([]);
    expect(verdict().unbalancedGroups).toBe(0);
    expect(verdict().bindingRequestsHonoured).toBe(2);
  });

  it("leaves it when a waiting earlier applicant could take the moved requester's seat", () => {
    // "early" applied first and waits: in the group r2 would join he could take r2's seat (all its
    // other members are men), so moving r2 there would give him a priority claim on it.
    const { m, s, verdict, unbalanced } = setUp({ first: [person("early", "mentee", "male")] });
    expect(spreadForBalance(m, s)).toBe(0);
    expect(unbalanced()).toBe(1);
    expect(verdict().unbalancedGroups).toBe(1);
  });

  it("counts a waiting earlier requester among those who could take the moved requester's seat", () => {
    // "early" asked for an all-men group and waits; apart from m1, he cannot join the first group.
    // Either requester moved to U would sit there without another, with only men: early, who applied
    // before both, could take his seat. (m1, the one mentor who keeps him out, is needed where he is.)
    const people = [
      ...mentors(),
      ...mentees("male", "a", "b", "c"),
      ...mentees("female", "d", "e", "g"),
      ...mentees("male", "x"),
      requester("early"),
      requester("r1"),
      requester("r2"),
    ];
    const { m, s, verdict } = seated(
      people,
      [
        ["m1", "m2", "r1", "r2", "x"],
        ["m3", "m4", "a", "b", "c"],
        ["f1", "m5", "d", "e", "g"],
      ],
      { apart: [["early", "m1"]] },
    );
    expect(verdict().violations).toEqual([]);
    expect(spreadForBalance(m, s)).toBe(0);
    expect(verdict().violations).toEqual([]);
    expect(verdict().unbalancedGroups).toBe(1);
  });

  // w (female) must leave U for U to turn men-only; d, the only man she can trade with, is what
  // keeps "early" (apart from d, waiting) out of the third group. With d gone, early could take the
  // seat of e or g, who applied after her: a priority inversion the move must not create, unless a
  // mentor who keeps her out (m3, when he too is apart from her) takes m5's place in that group.
  function trading(apart: Array<[string, string]>) {
    const seating = setUp({ earlyBeforeE: true, apart });
    expect(seating.verdict().violations).toEqual([]);
    return seating;
  }

  it("leaves it when a mentee trading places would open another group's seats to a waiting applicant", () => {
    const { m, s, verdict } = trading([["early", "d"]]);
    expect(spreadForBalance(m, s)).toBe(0);
    expect(verdict().violations).toEqual([]);
    expect(verdict().unbalancedGroups).toBe(1);
  });

  it("turns it when a mentor kept apart from that applicant can take the opened group's mentor seat", () => {
    const { m, s, verdict, groupOf } = trading([
      ["early", "d"],
      ["early", "m3"],
    ]);
    expect(spreadForBalance(m, s)).toBe(1);
    expect(verdict().violations).toEqual([]);
    expect(verdict().unbalancedGroups).toBe(0);
    expect(verdict().bindingRequestsHonoured).toBe(2);
    expect(groupOf("m3")).toBe(groupOf("e"));
  });
});

describe("spreadForBalance with a claimed requester", () => {
  // r2 applied last, after "early" (female, waiting, employer acme). Alone in a men-only group, r2
  // could lose his seat to her; paired with r1 (as at the start) he cannot. m5, a male mentor of
  // acme in the balanced group, keeps her out wherever he sits.
  function claimed(extra: { earlyBeforeE?: boolean; secondAcme?: boolean } = {}) {
    const early = () => [person("early", "mentee", "female", [], { employer: "acme" })];
    const people = [
      ...mentors({ employer: "acme" }),
      ...(extra.secondAcme
        ? [
            person("f2", "mentor", "female"),
            person("m6", "mentor", "male", [], { employer: "acme" }),
            ...mentees("male", "h1"),
            ...mentees("female", "h2", "h3"),
          ]
        : []),
      requester("r1"),
      ...mentees("male", "x", "a", "b"),
      ...mentees("female", "w"),
      ...mentees("male", "d"),
      ...(extra.earlyBeforeE ? early() : []),
      ...mentees("female", "e", "g"),
      ...(extra.earlyBeforeE ? [] : early()),
      requester("r2"),
    ];
    const seating = seated(people, [
      ["m1", "m2", "r1", "r2", "x"],
      ["m3", "m4", "a", "b", "w"],
      ["f1", "m5", "d", "e", "g"],
      ...(extra.secondAcme ? [["f2", "m6", "h1", "h2", "h3"]] : []),
    ]);
    expect(seating.verdict().violations).toEqual([]);
    return seating;
  }

  it("moves a requester and swaps in a mentor who keeps the waiting earlier applicant out", () => {
    const { m, s, verdict, groupOf } = claimed();
    expect(verdict().unbalancedGroups).toBe(1);
    expect(spreadForBalance(m, s)).toBe(1);
    expect(verdict().violations).toEqual([]);
    expect(verdict().unbalancedGroups).toBe(0);
    expect(verdict().bindingRequestsHonoured).toBe(2);
    // r2, the one early could claim, now sits with m5; m1 took m5's place in the balanced group.
    expect(groupOf("r1")).not.toBe(groupOf("r2"));
    expect(groupOf("m5")).toBe(groupOf("r2"));
    expect(groupOf("m1")).toBe(groupOf("f1"));
  });

  it("does not take that mentor from a group where the waiting applicant could then claim a seat", () => {
    // early applied before e and g: with m5 gone from their group she could take e's seat there.
    const { m, s, verdict, groupOf } = claimed({ earlyBeforeE: true });
    expect(spreadForBalance(m, s)).toBe(0);
    expect(verdict().violations).toEqual([]);
    expect(verdict().unbalancedGroups).toBe(1);
    expect(groupOf("r1")).toBe(groupOf("r2"));
    expect(groupOf("m5")).toBe(groupOf("f1"));
  });

  it("takes such a mentor from a group the waiting applicant cannot then claim, when there is one", () => {
    // m5 and m6 both work at acme; with m5 gone early could claim e's seat, with m6 gone no one's
    // (h1, h2 and h3 applied before her).
    const { m, s, verdict, groupOf } = claimed({ earlyBeforeE: true, secondAcme: true });
    expect(spreadForBalance(m, s)).toBe(1);
    expect(verdict().violations).toEqual([]);
    expect(verdict().unbalancedGroups).toBe(0);
    expect(groupOf("m6")).toBe(groupOf("r2"));
    expect(groupOf("m5")).toBe(groupOf("f1"));
  });
});

describe("spreadForBalance re-pairing requesters across groups (last pass)", () => {
  // Two men-only groups, each with an early requester (eA, eB) and a late one (lA, lB), who applied
  // after "early" (female, waiting). Alone in a group a late one could lose his seat to her; beside a
  // second requester he cannot. U (u1, u2) is unbalanced. Moving eA (eB) to U leaves lA (lB) alone,
  // moving a late one puts him alone in U: no single move works. With lB beside lA (yA going to b),
  // eA can move to U. `wBeforeYA`: a man, apart from a1 (so never in a's seats), waits and applied
  // before yA, so yA would be his to claim in b.
  function lateRequesters(options: { wBeforeYA?: boolean; uApartFromEarly?: boolean } = {}) {
    const people = [
      ...["a1", "a2", "b1", "b2", "u1", "u2"].map((id) => person(id, "mentor", "male")),
      requester("eA"),
      requester("eB"),
      ...mentees("male", ...(options.wBeforeYA ? [] : ["yA"]), "yB", "p", "q", "t"),
      ...mentees("female", "early"),
      requester("lA"),
      requester("lB"),
      ...(options.wBeforeYA ? mentees("male", "w", "yA") : []),
    ];
    // uApartFromEarly: no one in U may trade places with an early requester.
    const apart: Array<[string, string]> = [
      ...(options.wBeforeYA ? [["w", "a1"] as [string, string]] : []),
      ...(options.uApartFromEarly
        ? ["p", "q", "t"].flatMap((x) => [["eA", x] as [string, string], ["eB", x] as [string, string]])
        : []),
    ];
    const seating = seated(
      people,
      [
        ["a1", "a2", "eA", "lA", "yA"],
        ["b1", "b2", "eB", "lB", "yB"],
        ["u1", "u2", "p", "q", "t"],
      ],
      { apart },
      ["men", "men", "mixed"],
    );
    expect(seating.verdict().violations).toEqual([]);
    expect(seating.verdict().unbalancedGroups).toBe(1);
    return seating;
  }

  it("pairs the two late requesters so that an early one can give U a request", () => {
    const { m, s, verdict, groupOf } = lateRequesters();
    expect(spreadForBalance(m, s)).toBe(0);
    expect(spreadForBalance(m, s, { pairAcross: true })).toBe(1);
    expect(verdict().violations).toEqual([]);
    expect(verdict().unbalancedGroups).toBe(0);
    expect(verdict().bindingRequestsHonoured).toBe(4);
    expect(groupOf("lA")).toBe(groupOf("lB"));
    expect(groupOf("eA")).toBe(2);
    expect(groupOf("eB")).toBe(1);
    expect(s.planned[2]).toBe("men");
  });

  it("does not trade a mentee into a group where a waiting earlier applicant could claim his seat", () => {
    // yA in b would give w a claim; the other way round (lA joins b for yB, eB moves to U) is safe.
    const { m, s, verdict, groupOf } = lateRequesters({ wBeforeYA: true });
    expect(spreadForBalance(m, s, { pairAcross: true })).toBe(1);
    expect(verdict().violations).toEqual([]);
    expect(verdict().unbalancedGroups).toBe(0);
    expect(groupOf("yA")).toBe(0);
    expect(groupOf("lA")).toBe(1);
    expect(groupOf("lB")).toBe(1);
    expect(groupOf("eB")).toBe(2);
  });

  it("leaves every group as it was when no early requester can then move to U", () => {
    const { m, s, verdict } = lateRequesters({ uApartFromEarly: true });
    const before = [...s.groupOf];
    expect(spreadForBalance(m, s, { pairAcross: true })).toBe(0);
    expect([...s.groupOf]).toEqual(before);
    expect(verdict().violations).toEqual([]);
    expect(verdict().unbalancedGroups).toBe(1);
  });
});
