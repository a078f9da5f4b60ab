// Entry point of `npm run --silent match -- ...` (see cli-run.ts for the contract). npm runs it with
// the repository root as the working directory, so file arguments are resolved against INIT_CWD,
// the directory npm was started from.
import "@circles/node-guard";
import { readFileSync } from "node:fs";
import { runCli } from "./cli-run.ts";

process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.env.INIT_CWD ?? process.cwd(),
  readStdin: () => readFileSync(0, "utf8"),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  match: async (cohort, options) => (await import("./matcher.ts")).matchCohort(cohort, options),
});
