import path from "node:path";
import type { Sandbox } from "./sandbox.ts";

/** What a newcomer reads once the sandbox is up: where to click and what to try first. */
export function nextSteps(sandbox: Sandbox, dataDir: string): string {
  const sandboxFile = path.join(dataDir, "sandbox.json");
  return [
    "",
    "Circles sandbox is ready: a local Discord with the demo community, the bot, and the dashboard.",
    "",
    `  Dashboard      ${sandbox.dashboardUrl}   (log in as one of the demo organisers, e.g. mei_ling_tan)`,
    `  Local Discord  ${sandbox.info.api}`,
    `  Control API    ${sandbox.info.control}   (act as any demo member; see packages/discord-sim/README.md)`,
    `  Start-up JSON  ${sandboxFile}`,
    "",
    sandbox.seeded
      ? "  The demo cohort takes applications, and the demo members have applied. Try, as an organiser:"
      : "  Carrying on from the last run. As an organiser, try:",
    "    /cohort close  then  /cohort match  then  /cohort publish",
    "  For example, with the control API:",
    `    curl -s -X POST ${sandbox.info.control}/interactions/command -H 'content-type: application/json' \\`,
    `      -d '{"guildId":"${sandbox.info.guildId}","channelId":"<#general id>","userId":"<an organiser id>","name":"cohort","subcommand":"close"}'`,
    "",
    `  Start over: stop this (Ctrl+C) and delete ${dataDir}`,
    "",
  ].join("\n");
}
