import { describe, expect, it } from "vitest";
import {
  areaMask,
  areaShare,
  createScoringIndex,
  experienceSpread,
  groupSoftScoreSum,
  isUnbalanced,
  menteeSoftScore,
  type ScoringPerson,
} from "./score.ts";
import { person } from "./test-people.ts";
import type { ExperienceStage, Person } from "./types.ts";

function indexed(people: Person[]): Map<string, ScoringPerson> {
  return createScoringIndex({ people }).byId;
}

describe("area shares", () => {
  it("counts the needed areas present in the offer", () => {
    expect(areaShare(areaMask(["career", "growth"]), areaMask(["growth", "technical"]))).toBe(0.5);
    expect(areaShare(areaMask(["career"]), areaMask(["growth"]))).toBe(0);
    expect(
      areaShare(areaMask(["career", "growth", "technical"]), areaMask(["career", "growth", "technical"])),
    ).toBe(1);
  });
  it("treats a mentee without needs as fully covered", () => {
    expect(areaShare(0, 0)).toBe(1);
  });
});

describe("experienceSpread", () => {
  const s = (stages: Array<ExperienceStage | undefined>) =>
    experienceSpread(
      stages.map((x) => ({
        stage: x === undefined ? -1 : ["student", "junior", "mid", "senior", "lead"].indexOf(x),
      })),
    );
  it("follows (distinct − 1) / (min(n, 3) − 1)", () => {
    expect(s(["student", "junior", "mid"])).toBe(1);
    expect(s(["student", "student", "mid"])).toBe(0.5);
    expect(s(["junior", "junior", "junior"])).toBe(0);
    expect(s(["student", "mid"])).toBe(1);
  });
  it("is 0 for one mentee, ignores missing stages, and caps at 1", () => {
    expect(s(["student"])).toBe(0);
    expect(s([undefined, undefined, "mid"])).toBe(0);
    expect(s(["student", "junior", "mid", "senior"])).toBe(1);
  });
});

describe("menteeSoftScore", () => {
  const byId = indexed([
    person("m1", "mentor", "female", ["career"], { interests: ["data"] }),
    person("m2", "mentor", "male", ["technical"], { interests: ["web"] }),
    person("e1", "mentee", "female", ["career", "technical"], {
      interests: ["data", "mobile"],
      experience: "junior",
    }),
    person("e2", "mentee", "male", ["growth"], { experience: "student" }),
  ]);
  const get = (id: string) => byId.get(id)!;
  it("weighs areas, buddy areas, interests and spread as METRIC.md says", () => {
    const mentors = [get("m1"), get("m2")];
    const mentees = [get("e1"), get("e2")];
    // e1: both areas covered (0.5), buddy m1 covers one of two (0.2 × 0.5), one of two interests (0.2 × 0.5),
    // two distinct stages among two mentees (0.1 × 1).
    expect(menteeSoftScore(get("e1"), mentors, get("m1"), mentees)).toBeCloseTo(0.5 + 0.1 + 0.1 + 0.1, 12);
    // e2: growth not offered (0), buddy none (0), no interests given (0.2), spread (0.1).
    expect(menteeSoftScore(get("e2"), mentors, undefined, mentees)).toBeCloseTo(0.3, 12);
    expect(groupSoftScoreSum(mentors, mentees, (i) => (i === 0 ? get("m1") : undefined))).toBeCloseTo(
      1.1,
      12,
    );
  });
});

describe("isUnbalanced", () => {
  const byId = indexed([
    person("f", "mentor", "female", []),
    person("m", "mentor", "male", []),
    person("n", "mentor", "nonbinary", []),
    person("asks", "mentee", "female", [], { singleGenderGroup: true }),
    person("asksNb", "mentee", "nonbinary", [], { singleGenderGroup: true }),
  ]);
  const get = (id: string) => byId.get(id)!;
  it("needs one female and one male mentor unless a binding requester is in the group", () => {
    expect(isUnbalanced({ mentors: [get("f"), get("m")], mentees: [] })).toBe(false);
    expect(isUnbalanced({ mentors: [get("f"), get("n")], mentees: [] })).toBe(true);
    expect(isUnbalanced({ mentors: [get("f"), get("f")], mentees: [get("asks")] })).toBe(false);
    // A non-binary requester's wish is not binding, so it does not excuse the group.
    expect(isUnbalanced({ mentors: [get("f"), get("n")], mentees: [get("asksNb")] })).toBe(true);
  });
});
