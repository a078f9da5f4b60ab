import type { ProvisioningRun } from "@circles/core";
import { counted } from "@circles/core/words";
import type { Plan } from "./plan.ts";
import { countSteps, isWrite } from "./plan.ts";

/** Each kind of step as one thing and as several ("1 category to create", "6 categories to create"). */
const LABELS: Record<string, readonly [one: string, several: string]> = {
  "create-category": ["category to create", "categories to create"],
  "create-role": ["group role to create", "group roles to create"],
  "create-text-channel": ["private text channel to create", "private text channels to create"],
  "create-voice-channel": ["private voice channel to create", "private voice channels to create"],
  "add-role": ["member to give their group role", "members to give their group role"],
  "remove-role": ["group role to take back", "group roles to take back"],
  "post-welcome": ["welcome message to post", "welcome messages to post"],
  "pin-welcome": ["welcome message to pin", "welcome messages to pin"],
  "create-event": ["scheduled event to create", "scheduled events to create"],
  "lock-channel": ["channel to make read-only", "channels to make read-only"],
  delete: ["role, channel or event to delete", "roles, channels and events to delete"],
  adopt: ["thing an interrupted run made, to adopt", "things an interrupted run made, to adopt"],
  forget: ["record of a thing already gone, to write off", "records of things already gone, to write off"],
};

/** The plan in lines organisers can read before they confirm. */
export function describePlan(plan: Plan): string[] {
  const counts = countSteps(plan);
  const lines = Object.entries(counts).map(([kind, n]) => {
    const label = LABELS[kind];
    return `- ${label ? counted(n, ...label) : `${n} ${kind}`}`;
  });
  const writes = plan.steps.filter(isWrite).length;
  if (writes === 0) lines.push("- nothing to change: Discord already matches the cohort");
  return lines;
}

/** Step n of m, state and failures with reasons. */
export function describeRun(run: ProvisioningRun | undefined): string {
  if (!run) return "Provisioning: not started.";
  const what = run.kind === "archive" ? "Archiving" : "Provisioning";
  const head = `${what}: **${run.state}**, step ${run.stepsDone} of ${run.stepsTotal}`;
  const lines = [head];
  if (run.state === "refused" && run.message) lines.push("Nothing was created. Please change:", run.message);
  for (const failure of run.failures.slice(0, 10)) lines.push(`- ${failure.step}: ${failure.reason}`);
  if (run.failures.length > 10) lines.push(`- …and ${run.failures.length - 10} more`);
  return lines.join("\n");
}
