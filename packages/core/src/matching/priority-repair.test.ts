import { describe, expect, it } from "vitest";
import { repairPriority } from "./improve.ts";
import { buildModel, type Model } from "./model.ts";
import { emptySeating, type Seating, seat } from "./seating.ts";
import { cohortOf, person } from "./test-people.ts";
import type { Cohort, Person } from "./types.ts";

// repairPriority (improve.ts), METRIC.md §1: a waiting mentee takes the seat of the latest placed
// mentee who applied after them, where they break no rule that mentee did not already break.

/** Mentors mA…mD and mentees e1…e5 in application order, all women unless changed. */
function people(changes: Record<string, Partial<Person>> = {}): Person[] {
  return [
    person("mA", "mentor", "female"),
    person("mB", "mentor", "female"),
    person("mC", "mentor", "female"),
    person("mD", "mentor", "female"),
    person("e1", "mentee", "female"),
    person("e2", "mentee", "female"),
    person("e3", "mentee", "female"),
    person("e4", "mentee", "female"),
    person("e5", "mentee", "female"),
  ].map((p) => ({ ...p, ...changes[p.id] }));
}

/** Seats the groups as given (mentor and mentee ids per group); everyone else waits. */
function seated(cohort: Cohort, groups: string[][]): { model: Model; s: Seating } {
  const model = buildModel(cohort);
  const s = emptySeating(
    model,
    groups.map(() => "mixed"),
  );
  groups.forEach((ids, g) => {
    for (const id of ids) seat(s, model, model.indexOf.get(id)!, g);
  });
  return { model, s };
}

const ids = (model: Model, list: number[] | undefined) => (list ?? []).map((i) => model.cohort.people[i]!.id);
const waiting = (model: Model, s: Seating) =>
  model.cohort.people.filter((p, i) => p.role === "mentee" && s.groupOf[i] === -1).map((p) => p.id);

describe("repairPriority", () => {
  it("hands the latest later applicant's seat to the waiting mentee, in place", () => {
    const { model, s } = seated(cohortOf(people()), [["mA", "mB", "e2", "e3", "e4"]]);
    expect(repairPriority(model, s)).toBe(1);
    expect(ids(model, s.mentees[0])).toEqual(["e2", "e3", "e1"]);
    expect(waiting(model, s)).toEqual(["e4", "e5"]);
  });

  it("takes no seat from an earlier applicant", () => {
    const { model, s } = seated(cohortOf(people()), [["mA", "mB", "e1", "e2", "e3"]]);
    expect(repairPriority(model, s)).toBe(0);
    expect(ids(model, s.mentees[0])).toEqual(["e1", "e2", "e3"]);
  });

  it("counts every seat that changed hands", () => {
    const { model, s } = seated(cohortOf(people()), [
      ["mA", "mB", "e3", "e5"],
      ["mC", "mD", "e4"],
    ]);
    expect(repairPriority(model, s)).toBe(2);
    expect(waiting(model, s)).toEqual(["e4", "e5"]);
  });

  it("skips a seat where the waiting mentee would break a rule, and takes the next latest", () => {
    // e1 is kept apart from e3 (g0), so the latest later seat, e5's in g0, is not e1's: e1 takes e4's
    // in g1; then e4, waiting now, takes e5's (e4 may sit with e3).
    const cohort = cohortOf(people(), { apart: [["e1", "e3"]] });
    const { model, s } = seated(cohort, [
      ["mA", "mB", "e3", "e5"],
      ["mC", "mD", "e2", "e4"],
    ]);
    expect(repairPriority(model, s)).toBe(2);
    expect(ids(model, s.mentees[1])).toEqual(["e2", "e1"]);
    expect(ids(model, s.mentees[0])).toEqual(["e3", "e4"]);
    expect(waiting(model, s)).toEqual(["e5"]);
  });

  it("may take the seat of the very mentee it is kept apart from", () => {
    const cohort = cohortOf(people(), { apart: [["e1", "e4"]] });
    const { model, s } = seated(cohort, [["mA", "mB", "e2", "e3", "e4"]]);
    expect(repairPriority(model, s)).toBe(1);
    expect(ids(model, s.mentees[0])).toEqual(["e2", "e3", "e1"]);
  });

  it("leaves pinned people where they are: neither their seats nor their waiting moves", () => {
    const pinnedSeat = cohortOf(people(), { together: [["mA", "e4"]] });
    const a = seated(pinnedSeat, [["mA", "mB", "e2", "e3", "e4"]]);
    expect(repairPriority(a.model, a.s)).toBe(1);
    expect(ids(a.model, a.s.mentees[0])).toEqual(["e2", "e1", "e4"]);
    const pinnedWaiting = cohortOf(people(), { together: [["mC", "e1"]] });
    const b = seated(pinnedWaiting, [["mA", "mB", "e2", "e3", "e4"]]);
    expect(repairPriority(b.model, b.s)).toBe(0);
    expect(waiting(b.model, b.s)).toEqual(["e1", "e5"]);
  });

  it("prefers a seat that leaves no single-gender group without its requester", () => {
    // e4 (latest) is g0's only binding requester; e3 (later than e1, no request) sits in g1 and is
    // kept apart from e2, so it cannot move on to g0.
    const cohort = cohortOf(people({ e4: { singleGenderGroup: true } }), { apart: [["e3", "e2"]] });
    const { model, s } = seated(cohort, [
      ["mA", "mB", "e2", "e4"],
      ["mC", "mD", "e3"],
    ]);
    expect(repairPriority(model, s)).toBe(1);
    expect(ids(model, s.mentees[1])).toEqual(["e1"]);
    expect(ids(model, s.mentees[0])).toEqual(["e2", "e4"]);
  });

  it("takes a sole requester's seat when there is no other, the latest of them", () => {
    // e2 waits; e3 (g0) and e4 (g1) are each their group's only requester; e1 applied before e2.
    const cohort = cohortOf(people({ e3: { singleGenderGroup: true }, e4: { singleGenderGroup: true } }));
    const { model, s } = seated(cohort, [
      ["mA", "mB", "e1", "e3"],
      ["mC", "mD", "e4"],
    ]);
    expect(repairPriority(model, s)).toBe(1);
    expect(ids(model, s.mentees[1])).toEqual(["e2"]);
    expect(ids(model, s.mentees[0])).toEqual(["e1", "e3"]);
  });

  it("does not call a requester sole when the group has two", () => {
    const cohort = cohortOf(people({ e3: { singleGenderGroup: true }, e4: { singleGenderGroup: true } }));
    const { model, s } = seated(cohort, [
      ["mA", "mB", "e3", "e4"],
      ["mC", "mD", "e2"],
    ]);
    expect(repairPriority(model, s)).toBe(1);
    expect(ids(model, s.mentees[0])).toEqual(["e3", "e1"]);
    expect(ids(model, s.mentees[1])).toEqual(["e2"]);
  });

  it("does not call a requester sole when the waiting mentee asks for a single-gender group too", () => {
    const cohort = cohortOf(people({ e1: { singleGenderGroup: true }, e4: { singleGenderGroup: true } }));
    const { model, s } = seated(cohort, [
      ["mA", "mB", "e2", "e4"],
      ["mC", "mD", "e3"],
    ]);
    expect(repairPriority(model, s)).toBe(1);
    expect(ids(model, s.mentees[0])).toEqual(["e2", "e1"]);
    expect(ids(model, s.mentees[1])).toEqual(["e3"]);
  });

  it("takes the later seat of a non-requester in a group whose one requester is someone else", () => {
    // g0 holds e2 (its only requester) and e4 (no request); e3 (g1) is also later than e1.
    const cohort = cohortOf(people({ e2: { singleGenderGroup: true } }));
    const { model, s } = seated(cohort, [
      ["mA", "mB", "e2", "e4"],
      ["mC", "mD", "e3"],
    ]);
    expect(repairPriority(model, s)).toBe(1);
    expect(ids(model, s.mentees[0])).toEqual(["e2", "e1"]);
    expect(ids(model, s.mentees[1])).toEqual(["e3"]);
  });

  it("runs again until no seat changes hands: a seat freed later in a pass goes to an earlier mentee", () => {
    // e1 is kept apart from e4 and e5 (both in g0), so it finds no seat at its turn; e2 then takes
    // e5's seat and e3 takes e4's, and the next pass gives e1 the seat of e3 (later than e1).
    const cohort = cohortOf(people(), {
      apart: [
        ["e1", "e4"],
        ["e1", "e5"],
      ],
    });
    const { model, s } = seated(cohort, [["mA", "mB", "e4", "e5"]]);
    expect(repairPriority(model, s)).toBe(3);
    expect(ids(model, s.mentees[0])).toEqual(["e1", "e2"]);
    expect(waiting(model, s)).toEqual(["e3", "e4", "e5"]);
  });
});

describe("repairPriority with a mentee first in the cohort's list", () => {
  // The latest mentee, e5, is person 0 (the model's indices follow the list).
  const first = (changes: Record<string, Partial<Person>> = {}) => {
    const list = people(changes);
    return [list.find((p) => p.id === "e5")!, ...list.filter((p) => p.id !== "e5")];
  };

  it("hands over person 0's seat", () => {
    const { model, s } = seated(cohortOf(first()), [["mA", "mB", "e2", "e5"]]);
    expect(repairPriority(model, s)).toBe(1);
    expect(ids(model, s.mentees[0])).toEqual(["e2", "e1"]);
  });

  it("keeps person 0 as the latest sole requester's seat", () => {
    // e2 waits; e4 (g0) and e5 (g1) are each their group's only requester, e5 the later.
    const cohort = cohortOf(first({ e4: { singleGenderGroup: true }, e5: { singleGenderGroup: true } }));
    const { model, s } = seated(cohort, [
      ["mA", "mB", "e1", "e4"],
      ["mC", "mD", "e5"],
    ]);
    repairPriority(model, s);
    // e2 takes e5's seat; e3 then takes e4's.
    expect(ids(model, s.mentees[1])).toEqual(["e2"]);
    expect(ids(model, s.mentees[0])).toEqual(["e1", "e3"]);
  });
});
