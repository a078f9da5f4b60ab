// Runs the real command line in a child process (Node 24 from vitest's own process, with tsx's loader),
// checking exit codes and that stdout and stderr carry what the contract says.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { type CliIo, runCli } from "./cli-run.ts";
import { generateCohort } from "./generate-cohort.ts";
import { matchCohort } from "./matcher.ts";
import type { CheckVerdict, MatchResult } from "./types.ts";
import { toCohortFile } from "./validate-cohort.ts";

const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
/** The repository root (the workspace's package.json), also from a copy such as Stryker's sandbox. */
const repoRoot = (() => {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, "turbo.json"))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error("no repository root above this test");
    folder = parent;
  }
  return folder;
})();
const example = readFileSync(new URL("./example-cohort.fixture.json", import.meta.url), "utf8");
let dir: string;

/** The command in a child process: the real entry point (cli.ts), exit code and streams. */
function spawnRun(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["--import", "tsx", cli, ...args], {
    cwd: repoRoot,
    env: { ...process.env, INIT_CWD: dir },
    input: input ?? "",
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same contract in this process (fast, and visible to mutation testing's coverage). */
async function run(
  args: string[],
  input?: string,
  match: CliIo["match"] = async (c, o) => matchCohort(c, o),
) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    cwd: dir,
    readStdin: () => {
      if (input === undefined) throw new Error("stdin is closed");
      return input;
    },
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    match,
  });
  return { code, stdout, stderr };
}

function write(name: string, content: unknown): string {
  writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  return name; // relative: the CLI must resolve it against INIT_CWD
}

const exampleValue = () =>
  JSON.parse(example) as { people: Array<Record<string, unknown>>; [k: string]: unknown };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "circles-match-cli-"));
  write("example.json", example);
  // A cohort the matcher seats with no hard violation (the example's result breaks a group shape).
  write("generated.json", {
    ...toCohortFile(generateCohort({ people: 12, seed: 1, profile: "typical" })),
    seed: 1,
  });
});

describe("match COHORT", () => {
  it("prints a result on stdout and nothing on stderr, exit 0", async () => {
    const r = spawnRun(["example.json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as MatchResult;
    expect(result.version).toBe(1);
    expect(result.report).toMatchObject({ counts: { mentors: 4, mentees: 7, groups: 2 } });
    const seated = [
      ...result.groups.flatMap((g) => [...g.mentors, ...g.mentees]),
      ...result.waitlist.map((w) => w.id),
      ...result.unplacedMentors.map((u) => u.id),
    ];
    expect(seated.sort()).toEqual(
      exampleValue()
        .people.map((p) => p.id as string)
        .sort(),
    );
  });

  it('reads standard input for "-" and gives the same result', async () => {
    const fromFile = await run(["example.json"]);
    const fromStdin = await run(["-"], example);
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it("accepts a file that starts with a byte-order mark", async () => {
    const r = await run([write("bom.json", `\uFEFF${example}`)]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("--seed N steers the ties: another seed, another matching; the same seed, the same one", async () => {
    // 12 generated people leave the matcher ties to break (the example cohort has none).
    const file = "generated.json";
    const [one, two, again, fileSeed] = [
      await run(["--seed", "1", file]),
      await run(["--seed", "2", file]),
      await run([`--seed=1`, file]),
      await run([file]),
    ];
    for (const r of [one, two, again, fileSeed]) {
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }
    expect(two.stdout).not.toBe(one.stdout);
    expect(again.stdout).toBe(one.stdout);
    // Without --seed the file's own seed (1) is used.
    expect(fileSeed.stdout).toBe(one.stdout);
  });
});

describe("match --check COHORT RESULT", () => {
  it("exit 0 and the verdict when the result has no hard violation", async () => {
    const matched = await run(["generated.json"]);
    write("result.json", matched.stdout);
    const r = await run(["--check", "generated.json", "result.json"]);
    const verdict = JSON.parse(r.stdout) as CheckVerdict;
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(verdict.hardViolations).toBe(0);
    expect(verdict.violations).toEqual([]);
  });

  it("exit 1 and the violations named when there are some", async () => {
    const result: MatchResult = {
      version: 1,
      groups: [
        {
          id: "g",
          kind: "mixed",
          mentors: ["ben", "aisha"],
          mentees: ["ishaan", "elena", "hui-min"],
          buddies: { ishaan: "ben", elena: "aisha", "hui-min": "ben" },
        },
      ],
      waitlist: [],
      unplacedMentors: [],
    };
    write("bad-result.json", result);
    const r = await run(["--check", "example.json", "bad-result.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    const rules = new Set((JSON.parse(r.stdout) as CheckVerdict).violations.map((v) => v.rule));
    for (const rule of ["apart-pair", "same-employer", "single-gender", "missing-person", "together-pair"]) {
      expect(rules).toContain(rule);
    }
  });

  it("exit 2 for a result file that does not follow result.schema.json", async () => {
    write("not-a-result.json", { version: 1, groups: "none" });
    const r = await run(["--check", "example.json", "not-a-result.json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("not-a-result.json:/groups:");
    expect(r.stderr).toContain("not-a-result.json:/waitlist:");
  });
});

describe("user mistakes: exit 2, problems on stderr with paths, nothing on stdout, no stack trace", () => {
  function expectRefused(r: Awaited<ReturnType<typeof run>>, ...fragments: string[]) {
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    for (const f of fragments) expect(r.stderr).toContain(f);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }

  it("a missing file", async () => {
    expectRefused(await run(["nowhere.json"]), "nowhere.json: cannot read (no such file)");
  });

  it("a file that is not JSON", async () => {
    expectRefused(await run([write("broken.json", '{"version": 1,')]), "broken.json:/: not valid JSON");
  });

  it("an unknown field", async () => {
    const v = exampleValue();
    v.people[1]!.favouriteColour = "blue";
    expectRefused(
      await run([write("unknown-field.json", v)]),
      '/people/1/favouriteColour: unknown field "favouriteColour"',
    );
  });

  it("an unknown enum value", async () => {
    const v = exampleValue();
    v.people[4]!.role = "apprentice";
    expectRefused(await run([write("unknown-enum.json", v)]), '/people/4/role: "apprentice" is not allowed');
  });

  it("a duplicate id", async () => {
    const v = exampleValue();
    v.people[7]!.id = "ben";
    expectRefused(await run([write("duplicate.json", v)]), '/people/7/id: duplicate id "ben"');
  });

  it("a pair naming an unknown person", async () => {
    const v = exampleValue();
    v.together = [
      ["chloe", "hui-min"],
      ["farid", "zed"],
    ];
    expectRefused(await run([write("unknown-pair.json", v)]), '/together/1/1: no person has the id "zed"');
  });

  it("a bad group shape", async () => {
    const v = exampleValue();
    v.groupShape = { mentors: 0, mentees: 3, extra: 1 };
    expectRefused(
      await run([write("shape.json", v)]),
      "/groupShape/mentors: must be >= 1",
      "/groupShape/extra",
    );
  });

  it("a bad date", async () => {
    const v = exampleValue();
    v.people[0]!.appliedAt = "2026-07-32T10:00:00+08:00";
    expectRefused(await run([write("date.json", v)]), "/people/0/appliedAt: must be a date-time");
  });

  it("every problem of a file at once, on stdin", async () => {
    const v = exampleValue();
    v.people[0]!.gender = "x";
    v.people[1]!.appliedAt = "soon";
    const r = await run(["-"], JSON.stringify(v));
    expectRefused(r, "<stdin>:/people/0/gender", "<stdin>:/people/1/appliedAt", "(2 problems)");
  });

  it("a directory, a closed standard input, and a matcher that fails (exit 3, one line)", async () => {
    expectRefused(await run(["."]), ".: cannot read (it is a directory)");
    expectRefused(await run(["-"]), "cannot read standard input: stdin is closed");
    const failing = await run(["example.json"], undefined, async () => {
      throw new Error("out of seats");
    });
    expect(failing).toEqual({
      code: 3,
      stdout: "",
      stderr: "match: internal error while matching: out of seats\n",
    });
  });

  it("names the file and what it should be, one problem or several", async () => {
    const v = exampleValue();
    v.people[0]!.gender = "x";
    const one = await run([write("one-problem.json", v)]);
    expectRefused(one, "one-problem.json is not a valid cohort (1 problem):\n");
    write("two-problems.json", { version: 1, groups: "none" });
    expectRefused(
      await run(["--check", "example.json", "two-problems.json"]),
      "two-problems.json is not a valid result (",
      " problems):\n",
    );
    expectRefused(
      await run(["--check", "example.json", "missing.json"]),
      "match: missing.json: cannot read (no such file)\n",
    );
    expectRefused(await run(["--check", "-", "example.json"], "{"), "<stdin>:/: not valid JSON");
    expectRefused(await run(["--check", "example.json", "-"], "{"), "<stdin>:/: not valid JSON");
  });

  it("more bad arguments, and -- before file names", async () => {
    expectRefused(await run(["--seed", "1a", "example.json"]), '--seed must be an integer, not "1a"');
    expectRefused(await run(["--seed", "a1", "example.json"]), '--seed must be an integer, not "a1"');
    expect((await run(["--help"])).stdout).toContain("--check COHORT RESULT");
    // Numbers JavaScript would read but that are not plain integers.
    for (const text of ["1e3", "0x10", " 12"])
      expectRefused(await run(["--seed", text, "example.json"]), `--seed must be an integer, not "${text}"`);
    // After --, a name starting with - is a file, not an option.
    expectRefused(await run(["--", "-odd.json"]), "-odd.json: cannot read (no such file)");
    expectRefused(await run(["--seed"]), "--seed needs a value");
    expectRefused(await run(["--seed=1.5", "example.json"]), '--seed must be an integer, not "1.5"');
    expectRefused(
      await run(["--check", "--seed", "3", "example.json", "x.json"]),
      "--seed has no meaning with --check",
    );
    expectRefused(await run(["--check", "-", "-"]), 'only one file can be "-"');
    const viaSeparator = await run(["--seed", "-7", "--", "example.json"]);
    expect(viaSeparator.code).toBe(0);
    expect(viaSeparator.stdout).toBe((await run(["--seed=-7", "example.json"])).stdout);
    expect((await run(["-h"])).stdout).toContain("Usage:");
  });

  it("bad arguments", async () => {
    expectRefused(await run([]), "no cohort file given", "Usage:");
    expectRefused(await run(["--frobnicate", "example.json"]), 'unknown option "--frobnicate"');
    expectRefused(await run(["--seed", "abc", "example.json"]), '--seed must be an integer, not "abc"');
    expectRefused(await run(["--check", "example.json"]), "--check needs two files");
    expectRefused(await run(["a.json", "b.json"]), "give exactly one cohort file");
  });
});

describe("--help", () => {
  it("prints usage on stdout, exit 0", async () => {
    const r = spawnRun(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--check COHORT RESULT");
    expect(r.stderr).toBe("");
  });
});

describe("through npm, as other tools call it", () => {
  function npmMatch(...args: string[]) {
    return spawnSync("npm", ["--prefix", repoRoot, "run", "--silent", "match", "--", ...args], {
      cwd: dir,
      encoding: "utf8",
    });
  }

  it("npm run --silent match -- --check COHORT RESULT: exit 0 and the verdict for a clean result", async () => {
    const matched = npmMatch("generated.json");
    expect(matched.status).toBe(0);
    writeFileSync(join(dir, "npm-result.json"), matched.stdout);
    const r = npmMatch("--check", "generated.json", "npm-result.json");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ hardViolations: 0, violations: [] });
  });

  it("npm run --silent match -- --check resolves files against the directory npm ran in", async () => {
    const r = spawnSync(
      "npm",
      ["--prefix", repoRoot, "run", "--silent", "match", "--", "--check", "example.json", "x.json"],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    // npm sets INIT_CWD to `dir`, so example.json is found there; x.json is not.
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("x.json: cannot read (no such file)");
  });
});
