import { describe, expect, it } from "vitest";
import { generateCohort } from "./generate-cohort.ts";
import { isBindingRequester } from "./score.ts";
import { parseCohort, toCohortFile } from "./validate-cohort.ts";

describe("generateCohort", () => {
  it("is deterministic for the same size, seed and profile", () => {
    const a = generateCohort({ people: 300, seed: 7, profile: "typical" });
    const b = generateCohort({ people: 300, seed: 7, profile: "typical" });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it("differs with the seed", () => {
    const a = generateCohort({ people: 300, seed: 7, profile: "typical" });
    const b = generateCohort({ people: 300, seed: 8, profile: "typical" });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  for (const [people, profile] of [
    [0, "typical"],
    [1, "typical"],
    [30, "typical"],
    [300, "typical"],
    [5000, "typical"],
    [300, "adversarial"],
    [300, "adversarial-men"],
  ] as const) {
    it(`makes a valid cohort file (${people} people, ${profile})`, () => {
      const cohort = generateCohort({ people, seed: 3, profile });
      const parsed = parseCohort(JSON.stringify(toCohortFile(cohort)));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems.slice(0, 5)));
      expect(parsed.cohort).toEqual(cohort);
    });
  }

  it("follows the distributions roughly", () => {
    const cohort = generateCohort({ people: 5000, seed: 11, profile: "typical" });
    const mentors = cohort.people.filter((p) => p.role === "mentor");
    const mentees = cohort.people.filter((p) => p.role === "mentee");
    const share = (xs: unknown[], n: number) => xs.length / n;
    expect(share(mentors, 5000)).toBeCloseTo(0.35, 2);
    expect(
      share(
        mentors.filter((p) => p.gender === "female"),
        mentors.length,
      ),
    ).toBeGreaterThan(0.4);
    expect(
      share(
        mentees.filter((p) => p.gender === "female"),
        mentees.length,
      ),
    ).toBeGreaterThan(0.5);
    const female = mentees.filter((p) => p.gender === "female");
    expect(
      share(
        female.filter((p) => p.singleGenderGroup),
        female.length,
      ),
    ).toBeGreaterThan(0.15);
    expect(
      share(
        female.filter((p) => p.singleGenderGroup),
        female.length,
      ),
    ).toBeLessThan(0.25);
    expect(
      share(
        mentees.filter((p) => p.interests.length === 0),
        mentees.length,
      ),
    ).toBeGreaterThan(0.25);
    expect(
      mentees.every((p) => p.areas.length > 0 && ["student", "junior", "mid"].includes(p.experience!)),
    ).toBe(true);
    expect(mentors.every((p) => ["mid", "senior", "lead"].includes(p.experience!))).toBe(true);
    expect(cohort.apart.length).toBe(50);
    expect(cohort.together.length).toBeGreaterThan(50);
    const employers = new Set(cohort.people.flatMap((p) => (p.employer ? [p.employer] : [])));
    expect(employers.size).toBeGreaterThan(300);
  });

  it("the adversarial profile has few female mentors and many binding requests", () => {
    const typical = generateCohort({ people: 1000, seed: 5, profile: "typical" });
    const hard = generateCohort({ people: 1000, seed: 5, profile: "adversarial" });
    const femaleMentors = (c: typeof hard) =>
      c.people.filter((p) => p.role === "mentor" && p.gender === "female");
    const binding = (c: typeof hard) => c.people.filter(isBindingRequester);
    expect(femaleMentors(hard).length * 2).toBeLessThan(femaleMentors(typical).length);
    expect(binding(hard).length).toBeGreaterThan(2 * binding(typical).length);
  });

  it("the adversarial-men profile has few male mentors and many binding requests from men", () => {
    const typical = generateCohort({ people: 1000, seed: 5, profile: "typical" });
    const hard = generateCohort({ people: 1000, seed: 5, profile: "adversarial-men" });
    const mentorsOf = (c: typeof hard, gender: string) =>
      c.people.filter((p) => p.role === "mentor" && p.gender === gender).length;
    const bindingMen = (c: typeof hard) =>
      c.people.filter((p) => isBindingRequester(p) && p.gender === "male").length;
    expect(mentorsOf(hard, "male") * 2).toBeLessThan(mentorsOf(typical, "male"));
    expect(mentorsOf(hard, "female")).toBeGreaterThan(3 * mentorsOf(hard, "male"));
    expect(bindingMen(hard)).toBeGreaterThan(5 * bindingMen(typical));
  });
});
