import { spawn } from "node:child_process";
import { createRequire } from "node:module";

export interface RunningProcess {
  /** Everything written to stdout and stderr so far. */
  output(): string;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
  /** Resolves with the first match of `pattern` in the output; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

/**
 * Runs a TypeScript entry point the way its npm script does (tsx on this Node), for tests of real
 * processes: start-up, refusals and exit codes.
 */
export function runTsx(
  cwd: string,
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
): RunningProcess {
  const child = spawn(process.execPath, [tsxCli, script, ...args], {
    cwd,
    env: { ...process.env, DATABASE_URL: "", TEST_DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return {
    output: () => output,
    exited,
    kill: (signal = "SIGTERM") => child.kill(signal),
    waitFor: (pattern, timeoutMs = 110_000) =>
      new Promise((resolve, reject) => {
        const timer = setInterval(() => {
          const match = output.match(pattern);
          if (match) {
            clearInterval(timer);
            resolve(match);
          }
        }, 50);
        const give = (why: string) => {
          clearInterval(timer);
          reject(new Error(`${why} before ${pattern}: ${output}`));
        };
        setTimeout(() => give(`no match within ${timeoutMs} ms`), timeoutMs).unref();
        exited.then((code) => give(`exited with ${code}`));
      }),
  };
}
