import { describe, expect, it } from "vitest";
import { checkMatching } from "./check.ts";
import {
  type EditOutcome,
  movePerson,
  pinPerson,
  rematchUnpinned,
  swapPeople,
  unpinPerson,
} from "./edits.ts";
import { generateCohort } from "./generate-cohort.ts";
import { matchCohort } from "./matcher.ts";
import { cohortOf, person } from "./test-people.ts";
import type { MatchResult } from "./types.ts";

function ok(outcome: EditOutcome): Extract<EditOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome;
}

const cohort = cohortOf([
  person("f1", "mentor", "female", ["career"], { employer: "Acme" }),
  person("m1", "mentor", "male", ["growth"]),
  person("f2", "mentor", "female", ["technical"]),
  person("m2", "mentor", "male", ["career"]),
  person("a", "mentee", "female", ["career"]),
  person("b", "mentee", "male", ["growth"]),
  person("c", "mentee", "male", ["technical"], { employer: "Acme" }),
  person("d", "mentee", "female", ["career"]),
  person("e", "mentee", "female", ["growth"]),
  person("w", "mentee", "male", ["growth"]),
  person("z", "mentee", "male", ["growth"]),
]);
const base = matchCohort(cohort);
const groupOf = (r: MatchResult, id: string) =>
  r.groups.find((g) => g.mentors.includes(id) || g.mentees.includes(id));

describe("hand edits", () => {
  it("starts from a valid matching", () => {
    expect(checkMatching(cohort, base).hardViolations).toBe(0);
    expect(base.waitlist.map((x) => x.id)).toEqual(["z"]);
  });

  it("moves a mentee and lets the checker name the broken group shape, with buddies kept whole", () => {
    const from = groupOf(base, "a")!;
    const to = base.groups.find((g) => g.id !== from.id)!;
    const { result, verdict } = ok(movePerson(cohort, base, {}, "a", to.id));
    expect(groupOf(result, "a")?.id).toBe(to.id);
    // Both groups leave the 2 + 3 shape: one has a mentee too many, the other one too few.
    const shapes = verdict.violations.filter((v) => v.rule === "group-shape").map((v) => v.group);
    expect(shapes.sort()).toEqual([from.id, to.id].sort());
    expect(verdict.hardViolations).toBe(2);
    expect(to.mentors).toContain(result.groups.find((g) => g.id === to.id)?.buddies.a);
    expect((result.report as { hardViolations: number }).hardViolations).toBe(2);
    // The input result is untouched (pure).
    expect(groupOf(base, "a")?.id).toBe(from.id);
  });

  it("swaps a placed mentee with a waiting one and re-sorts the waitlist by priority", () => {
    const { result, verdict } = ok(swapPeople(cohort, base, {}, "z", "a"));
    expect(result.waitlist.map((x) => x.id)).toEqual(["a"]);
    expect(groupOf(result, "z")?.id).toBe(groupOf(base, "a")?.id);
    // a applied before z: the checker reports the priority inversion the edit created.
    expect(verdict.violations.some((v) => v.rule === "priority-inversion")).toBe(true);
  });

  it("reports a same-employer pair created by a swap", () => {
    // f1 and c both work at Acme, so the valid matching keeps them apart; swapping f1 with one of
    // c's mentors brings them together.
    const gc = groupOf(base, "c")!;
    expect(gc.mentors).not.toContain("f1");
    const { verdict } = ok(swapPeople(cohort, base, {}, "f1", gc.mentors[0]!));
    expect(verdict.violations.some((v) => v.rule === "same-employer")).toBe(true);
  });

  it("keeps pinned people in their group when the matcher re-runs for everyone else", () => {
    const big = generateCohort({ people: 60, seed: 4, profile: "typical" });
    const first = matchCohort(big);
    const g = first.groups[2]!;
    let pins = {};
    for (const id of [g.mentors[0]!, g.mentees[0]!]) pins = ok(pinPerson(big, first, pins, id)).pins;
    const { result, verdict } = ok(rematchUnpinned(big, first, pins, { seed: 9 }));
    expect(verdict.hardViolations).toBe(0);
    const kept = result.groups.find((x) => x.id === g.id)!;
    expect(kept.mentors).toContain(g.mentors[0]);
    expect(kept.mentees).toContain(g.mentees[0]);
    expect(Object.keys(ok(unpinPerson(big, result, pins, g.mentors[0]!)).pins)).toEqual([g.mentees[0]]);
  });

  it("names people by their name in its answers when the cohort gives one, by id when not", () => {
    const named = {
      ...cohort,
      people: cohort.people.map((p) => ({ ...p, name: `Dr ${p.id.toUpperCase()}` })),
    };
    const g = groupOf(base, "a")!.id;
    const other = base.groups.find((x) => x.id !== g)!.id;
    const errorOf = (outcome: EditOutcome) => (outcome.ok ? "no error" : outcome.error);
    expect(errorOf(swapPeople(named, base, {}, "a", "f1"))).toBe(
      "Dr A and Dr F1 have different roles: move them instead",
    );
    expect(errorOf(swapPeople(cohort, base, {}, "a", "f1"))).toBe(
      "a and f1 have different roles: move them instead",
    );
    expect(errorOf(movePerson(named, base, { a: g }, "a", other))).toBe(
      `Dr A is pinned to ${g}: unpin first`,
    );
    expect(errorOf(swapPeople(named, base, { b: g }, "a", "b"))).toBe(`Dr B is pinned to ${g}: unpin first`);
    expect(errorOf(movePerson(named, base, {}, "a", g))).toBe(`Dr A is already in ${g}`);
    expect(errorOf(movePerson(named, base, {}, "z", null))).toBe("Dr Z is not in a group");
    expect(errorOf(pinPerson(named, base, {}, "z"))).toBe(
      "Dr Z is not in a group: name the group to pin them to",
    );
    const twoWaiting = ok(movePerson(named, base, {}, "w", null)).result;
    expect(errorOf(swapPeople(named, twoWaiting, {}, "w", "z"))).toBe("neither Dr W nor Dr Z is in a group");
  });

  it("answers a user's mistake in words instead of throwing", () => {
    const g = base.groups[0]!.id;
    expect(movePerson(cohort, base, {}, "nobody", g)).toEqual({
      ok: false,
      error: expect.stringMatching(/no person/),
    });
    expect(movePerson(cohort, base, {}, "a", "group-99")).toEqual({
      ok: false,
      error: expect.stringMatching(/no group/),
    });
    expect(movePerson(cohort, base, { a: g }, "a", g)).toEqual({
      ok: false,
      error: expect.stringMatching(/pinned/),
    });
    expect(swapPeople(cohort, base, {}, "a", "f1")).toEqual({
      ok: false,
      error: expect.stringMatching(/roles/),
    });
    expect(unpinPerson(cohort, base, {}, "a")).toEqual({
      ok: false,
      error: expect.stringMatching(/not pinned/),
    });
    expect(rematchUnpinned(cohort, base, { a: "group-99" })).toEqual({
      ok: false,
      error: expect.stringMatching(/not a group/),
    });
  });
});
