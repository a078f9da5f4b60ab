import { describe, expect, it } from "vitest";
import { generateCohort, ISSUE_8_COHORT } from "./generate-cohort.ts";
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

  describe("exact counts (issue 8's cohort)", () => {
    const cohort = generateCohort({ ...ISSUE_8_COHORT, seed: 4 });
    const mentors = cohort.people.filter((p) => p.role === "mentor");
    const count = (xs: typeof mentors, gender: string) => xs.filter((p) => p.gender === gender).length;

    it("has exactly the mentors, mentor genders and binding requesters asked for", () => {
      expect(cohort.people.length).toBe(5000);
      expect(mentors.length).toBe(1700);
      expect(count(mentors, "female")).toBe(737);
      expect(count(mentors, "male")).toBe(784);
      expect(count(mentors, "nonbinary") + count(mentors, "unstated")).toBe(179);
      expect(cohort.people.filter(isBindingRequester).length).toBe(428);
      // Requests weighted by the typical profile's shares (20% of women, 3% of men): mostly women.
      const men = cohort.people.filter((p) => isBindingRequester(p) && p.gender === "male").length;
      expect(men).toBeGreaterThan(0);
      expect(men).toBeLessThan(428 / 4);
    });

    it("is a valid, reproducible cohort whose pins still respect binding requests", () => {
      const parsed = parseCohort(JSON.stringify(toCohortFile(cohort)));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems.slice(0, 5)));
      expect(parsed.cohort).toEqual(cohort);
      expect(JSON.stringify(generateCohort({ ...ISSUE_8_COHORT, seed: 4 }))).toBe(JSON.stringify(cohort));
      const byId = new Map(cohort.people.map((p) => [p.id, p]));
      for (const [a, b] of cohort.together) {
        const [mentor, mentee] = [byId.get(a)!, byId.get(b)!];
        if (isBindingRequester(mentee)) expect(mentor.gender).toBe(mentee.gender);
      }
    });

    it("leaves a cohort without exact counts as the profile draws it", () => {
      const plain = generateCohort({ people: 300, seed: 9, profile: "typical" });
      const same = generateCohort({ people: 300, seed: 9, profile: "typical", mentors: 105 });
      expect(same).toEqual(plain);
      const exact = generateCohort({ people: 300, seed: 9, profile: "typical", femaleMentors: 10 });
      expect(exact.people.filter((p) => p.role === "mentor" && p.gender === "female").length).toBe(10);
      // Only the mentors' genders were re-drawn.
      expect(exact.people.map((p) => p.id)).toEqual(plain.people.map((p) => p.id));
      expect(exact.people.filter((p) => p.role === "mentee")).toEqual(
        plain.people.filter((p) => p.role === "mentee"),
      );
    });

    it("refuses counts it cannot meet", () => {
      expect(() => generateCohort({ people: 100, seed: 1, profile: "typical", mentors: 101 })).toThrow(
        RangeError,
      );
      expect(() =>
        generateCohort({
          people: 100,
          seed: 1,
          profile: "typical",
          mentors: 30,
          femaleMentors: 20,
          maleMentors: 11,
        }),
      ).toThrow(RangeError);
      expect(() =>
        generateCohort({ people: 100, seed: 1, profile: "typical", bindingRequesters: 66 }),
      ).toThrow(RangeError);
    });
  });
});
