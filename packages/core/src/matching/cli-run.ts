// The matching's command line, as a function of (arguments, files, streams) so that cli.ts stays a
// thin entry point. A contract other tools call exactly so:
//   match [--seed N] FILE|-          → result JSON on stdout, exit 0
//   match --check COHORT RESULT      → verdict JSON on stdout, exit 0 (H = 0) or 1 (H > 0)
//   any user mistake                 → every problem on stderr, nothing on stdout, exit 2
// An unexpected failure inside the matcher is reported in one line (no stack trace), exit 3.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { counted } from "../words.ts";
import { checkMatching } from "./check.ts";
import type { Problem } from "./json-schema-problems.ts";
import type { Cohort, MatchResult } from "./types.ts";
import { parseCohort } from "./validate-cohort.ts";
import { parseResult } from "./validate-result.ts";

export const EXIT_OK = 0;
export const EXIT_HARD_VIOLATIONS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

export const USAGE = `Usage:
  npm run --silent match -- [--seed N] COHORT      match a cohort file and print the result as JSON
  npm run --silent match -- --check COHORT RESULT  check a result against its cohort, print the verdict
  npm run --silent match -- --help                 show this help

COHORT and RESULT are file paths (relative to where you run npm); "-" reads standard input.
--seed N (an integer) overrides the cohort file's seed for tie-breaking.

Exit status: 0 success (for --check: no hard violation); 1 --check found hard violations;
2 bad arguments, a missing or unreadable file, or a file that is not a valid cohort / result
(every problem is printed on standard error with its JSON path); 3 an internal error.
`;

export interface CliIo {
  /** Directory relative file arguments are resolved against. */
  cwd: string;
  readStdin(): string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** The matcher, loaded only when matching (checking does not need it). */
  match(cohort: Cohort, options: { seed?: number }): Promise<MatchResult>;
}

type Args =
  | { mode: "help" }
  | { mode: "match"; cohort: string; seed?: number }
  | { mode: "check"; cohort: string; result: string }
  | { mode: "error"; message: string };

export function parseArgs(argv: readonly string[]): Args {
  let check = false;
  let seed: number | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") return { mode: "help" };
    if (arg === "--check") {
      check = true;
    } else if (arg === "--seed" || arg.startsWith("--seed=")) {
      const text = arg === "--seed" ? argv[++i] : arg.slice("--seed=".length);
      if (text === undefined) return { mode: "error", message: "--seed needs a value, e.g. --seed 42" };
      if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
        return { mode: "error", message: `--seed must be an integer, not "${text}"` };
      }
      seed = Number(text);
    } else if (arg === "--") {
      files.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith("-") && arg !== "-") {
      return { mode: "error", message: `unknown option "${arg}"` };
    } else {
      files.push(arg);
    }
  }
  if (check) {
    if (seed !== undefined) return { mode: "error", message: "--seed has no meaning with --check" };
    if (files.length !== 2) return { mode: "error", message: "--check needs two files: COHORT RESULT" };
    if (files[0] === "-" && files[1] === "-") return { mode: "error", message: 'only one file can be "-"' };
    return { mode: "check", cohort: files[0]!, result: files[1]! };
  }
  if (files.length !== 1) {
    return {
      mode: "error",
      message: files.length === 0 ? "no cohort file given" : "give exactly one cohort file",
    };
  }
  return seed === undefined
    ? { mode: "match", cohort: files[0]! }
    : { mode: "match", cohort: files[0]!, seed };
}

/** Spreadsheet tools on Windows often save JSON with a byte-order mark, which JSON.parse refuses. */
const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

function readInput(file: string, io: CliIo): { ok: true; text: string } | { ok: false; message: string } {
  if (file === "-") {
    try {
      return { ok: true, text: withoutBom(io.readStdin()) };
    } catch (e) {
      return { ok: false, message: `cannot read standard input: ${(e as Error).message}` };
    }
  }
  const path = resolve(io.cwd, file);
  try {
    return { ok: true, text: withoutBom(readFileSync(path, "utf8")) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : code === "EACCES"
            ? "permission denied"
            : (e as Error).message;
    return { ok: false, message: `${file}: cannot read (${why})` };
  }
}

function reportProblems(file: string, what: string, problems: Problem[], io: CliIo): number {
  const name = file === "-" ? "<stdin>" : file;
  io.stderr(`${name} is not a valid ${what} (${counted(problems.length, "problem")}):\n`);
  for (const p of problems) io.stderr(`  ${name}:${p.path}: ${p.message}\n`);
  return EXIT_USAGE;
}

function internalError(doing: string, e: unknown, io: CliIo): number {
  io.stderr(`match: internal error while ${doing}: ${e instanceof Error ? e.message : String(e)}\n`);
  return EXIT_INTERNAL;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (args.mode === "help") {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (args.mode === "error") {
    io.stderr(`match: ${args.message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }

  const cohortText = readInput(args.cohort, io);
  if (!cohortText.ok) {
    io.stderr(`match: ${cohortText.message}\n`);
    return EXIT_USAGE;
  }
  const cohort = parseCohort(cohortText.text);
  if (!cohort.ok) return reportProblems(args.cohort, "cohort", cohort.problems, io);

  if (args.mode === "check") {
    const resultText = readInput(args.result, io);
    if (!resultText.ok) {
      io.stderr(`match: ${resultText.message}\n`);
      return EXIT_USAGE;
    }
    const result = parseResult(resultText.text);
    if (!result.ok) return reportProblems(args.result, "result", result.problems, io);
    let verdict: ReturnType<typeof checkMatching>;
    try {
      verdict = checkMatching(cohort.cohort, result.result);
    } catch (e) {
      return internalError("checking", e, io);
    }
    io.stdout(`${JSON.stringify(verdict, null, 2)}\n`);
    return verdict.hardViolations === 0 ? EXIT_OK : EXIT_HARD_VIOLATIONS;
  }

  let output: string;
  try {
    const result = await io.match(cohort.cohort, args.seed === undefined ? {} : { seed: args.seed });
    output = `${JSON.stringify(result, null, 2)}\n`;
  } catch (e) {
    return internalError("matching", e, io);
  }
  io.stdout(output);
  return EXIT_OK;
}
