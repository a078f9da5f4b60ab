import path from "node:path";
import type { Sandbox } from "./sandbox.ts";

/** What a newcomer reads once the sandbox is up: where to click and what to try first. */
export function nextSteps(sandbox: Sandbox, dataDir: string): string {
  const sandboxFile = path.join(dataDir, "sandbox.json");
  return [
    "",
    "Circles sandbox is ready: a local Discord with the demo community, the bot, and the dashboard.",
    "",
    `  Dashboard      ${sandbox.dashboardUrl}   (the local Discord asks who you are: pick an organiser, e.g. Mei Ling Tan)`,
    `  Local Discord  ${sandbox.info.api}`,
    `  Control API    ${sandbox.info.control}   (act as any demo member; see packages/discord-sim/README.md)`,
    `  Start-up JSON  ${sandboxFile}`,
    "",
    sandbox.seeded
      ? "  The demo cohort takes applications, and the demo members have applied. Try, as an organiser:"
      : "  Carrying on from the last run. As an organiser, try:",
    '    npm run act -- "Mei Ling Tan" /cohort close      (then /cohort match, /cohort publish, press 1)',
    '    npm run act -- "Ethan Chua" /status                (a mentee; /coc, /apply role=mentee, ...)',
    "  or open the dashboard and log in as Mei Ling Tan.",
    "",
    `  Start over: stop this (Ctrl+C) and delete ${dataDir}`,
    "",
  ].join("\n");
}
