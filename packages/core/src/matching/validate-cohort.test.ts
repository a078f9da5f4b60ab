import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCohort } from "./validate-cohort.ts";
import { parseResult } from "./validate-result.ts";

const here = (name: string) => new URL(name, import.meta.url);
const exampleText = readFileSync(here("./example-cohort.fixture.json"), "utf8");
const example = () =>
  JSON.parse(exampleText) as { people: Array<Record<string, unknown>>; [k: string]: unknown };

function problemsOf(value: unknown): Array<{ path: string; message: string }> {
  const r = parseCohort(JSON.stringify(value));
  if (r.ok) throw new Error("expected the cohort to be refused");
  return r.problems;
}

describe("parseCohort on the example file", () => {
  it("accepts it and fills every default", () => {
    const r = parseCohort(exampleText);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const { cohort } = r;
    expect(cohort.people).toHaveLength(11);
    expect(cohort.seed).toBe(0);
    expect(cohort.groupShape).toEqual({ mentors: 2, mentees: 3 });
    const farid = cohort.people.find((p) => p.id === "farid")!;
    expect(farid.singleGenderGroup).toBe(false);
    expect(farid.previouslyGroupedWith).toEqual([]);
    const grace = cohort.people.find((p) => p.id === "grace")!;
    expect(grace.interests).toEqual([]);
    // 2026-07-03T09:00:00+08:00 is 01:00 UTC.
    expect(grace.appliedAtMs).toBe(Date.UTC(2026, 6, 3, 1, 0, 0));
    expect(cohort.apart).toEqual([["ben", "ishaan"]]);
    expect(cohort.together).toEqual([["chloe", "hui-min"]]);
  });

  it("fills a partial group shape and an absent pair list", () => {
    const value = example();
    value.groupShape = { mentors: 3 };
    delete value.apart;
    value.seed = 7;
    const r = parseCohort(JSON.stringify(value));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.cohort.groupShape).toEqual({ mentors: 3, mentees: 3 });
    expect(r.cohort.apart).toEqual([]);
    expect(r.cohort.seed).toBe(7);
  });
});

describe("parseCohort refuses malformed input with JSON paths", () => {
  it("text that is not JSON", () => {
    const r = parseCohort("{ version: 1 ");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]!.path).toBe("/");
      expect(r.problems[0]!.message).toMatch(/not valid JSON/);
    }
  });

  it("an unknown field, at its own path", () => {
    const value = example();
    value.people[2]!.nickname = "C";
    expect(problemsOf(value)).toEqual([{ path: "/people/2/nickname", message: 'unknown field "nickname"' }]);
  });

  it("an unknown enum value, naming the value and the allowed ones", () => {
    const value = example();
    value.people[3]!.gender = "woman";
    const problems = problemsOf(value);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe("/people/3/gender");
    expect(problems[0]!.message).toContain('"woman"');
    expect(problems[0]!.message).toContain('"female"');
  });

  it("a missing required field", () => {
    const value = example();
    delete value.people[0]!.role;
    expect(problemsOf(value)).toEqual([
      { path: "/people/0/role", message: 'required field "role" is missing' },
    ]);
  });

  it("a duplicate id, pointing at the first use", () => {
    const value = example();
    value.people[5]!.id = "elena";
    const problems = problemsOf(value);
    expect(problems).toEqual([
      { path: "/people/5/id", message: 'duplicate id "elena" (already used at /people/4)' },
    ]);
  });

  it("pairs naming unknown people, or one person twice", () => {
    const value = example();
    value.apart = [
      ["ben", "zoe"],
      ["kai", "kai"],
    ];
    value.together = [["yusuf", "hui-min"]];
    value.people[1]!.previouslyGroupedWith = ["aisha", "nobody"];
    expect(problemsOf(value)).toEqual([
      { path: "/people/1/previouslyGroupedWith/1", message: 'no person has the id "nobody"' },
      { path: "/apart/0/1", message: 'no person has the id "zoe"' },
      { path: "/apart/1", message: 'the pair names "kai" twice' },
      { path: "/together/0/0", message: 'no person has the id "yusuf"' },
    ]);
  });

  it("a bad group shape", () => {
    const value = example();
    value.groupShape = { mentors: 0, mentees: 2.5 };
    const paths = problemsOf(value).map((p) => p.path);
    expect(paths).toEqual(["/groupShape/mentors", "/groupShape/mentees"]);
  });

  it("a bad date: not a date-time, or an impossible day", () => {
    const value = example();
    value.people[0]!.appliedAt = "yesterday";
    value.people[1]!.appliedAt = "2026-02-30T10:00:00Z";
    value.people[2]!.appliedAt = "2026-07-01T10:00:00"; // no time zone: ambiguous
    const problems = problemsOf(value);
    expect(problems.map((p) => p.path)).toEqual([
      "/people/0/appliedAt",
      "/people/1/appliedAt",
      "/people/2/appliedAt",
    ]);
    expect(problems[0]!.message).toMatch(/date-time/);
  });

  it("a wrong version and several problems at once", () => {
    const value = example();
    value.version = 2;
    value.people[4]!.role = "coach";
    value.people[6]!.id = "farid";
    const paths = problemsOf(value).map((p) => p.path);
    expect(paths).toEqual(["/version", "/people/4/role", "/people/6/id"]);
  });
});

describe("parseCohort refuses contradictory pins", () => {
  it("two mentors pinned together", () => {
    const value = example();
    value.together = [["aisha", "ben"]];
    expect(problemsOf(value).map((p) => p.path)).toEqual(["/together/0"]);
  });

  it("a pin that is also apart", () => {
    const value = example();
    value.together = [["ben", "ishaan"]];
    const problems = problemsOf(value);
    expect(problems.map((p) => p.path)).toEqual(["/together/0"]);
    expect(problems[0]!.message).toMatch(/apart/);
  });

  it("a pin between a mentor and a mentee of the same employer", () => {
    const value = example();
    value.together = [["aisha", "elena"]]; // both at Shopee
    expect(problemsOf(value)[0]!.message).toMatch(/Shopee/);
  });

  it("a pin against a binding single-gender request", () => {
    const value = example();
    value.together = [["ben", "elena"]]; // elena asked for a women-only group
    expect(problemsOf(value)[0]!.message).toMatch(/single-gender/);
  });

  it("chained pins that exceed the group shape or join an apart pair", () => {
    const value = example();
    value.together = [
      ["ben", "farid"],
      ["farid", "kai"],
      ["kai", "jo"],
      ["jo", "ishaan"],
    ];
    const messages = problemsOf(value).map((p) => `${p.path} ${p.message}`);
    expect(messages.some((m) => m.startsWith("/together/0") && m.includes("4 mentees"))).toBe(true);
    expect(messages.some((m) => m.startsWith("/apart/0"))).toBe(true);
  });

  it("accepts a mentor–mentee pin and a mentee–mentee pin", () => {
    const value = example();
    value.together = [
      ["chloe", "hui-min"],
      ["farid", "kai"],
    ];
    expect(parseCohort(JSON.stringify(value)).ok).toBe(true);
  });
});

describe("parseResult", () => {
  it("accepts a minimal result and names groups without ids", () => {
    const r = parseResult(
      JSON.stringify({
        version: 1,
        groups: [{ mentors: ["a"], mentees: [], buddies: {} }],
        waitlist: [],
        unplacedMentors: [],
      }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.result.groups[0]!.id).toBe("group-1");
  });

  it("refuses a malformed one with paths", () => {
    const r = parseResult(
      JSON.stringify({ version: 1, groups: [{ mentors: "a", mentees: [] }], waitlist: [] }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => p.path).sort()).toEqual([
        "/groups/0/buddies",
        "/groups/0/mentors",
        "/unplacedMentors",
      ]);
    }
  });
});
