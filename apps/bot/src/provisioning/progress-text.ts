import type { ProvisioningRun } from "@circles/core";
import type { Plan } from "./plan.ts";
import { countSteps, isWrite } from "./plan.ts";

const LABELS: Record<string, string> = {
  "create-category": "categories to create",
  "create-role": "group roles to create",
  "create-text-channel": "private text channels to create",
  "create-voice-channel": "private voice channels to create",
  "add-role": "members to give their group role",
  "remove-role": "group roles to take back",
  "post-welcome": "welcome messages to post",
  "pin-welcome": "welcome messages to pin",
  "create-event": "scheduled events to create",
  "lock-channel": "channels to make read-only",
  delete: "roles, channels and events to delete",
  adopt: "things an interrupted run made, to adopt",
  forget: "records of things already gone, to write off",
};

/** The plan in lines organisers can read before they confirm. */
export function describePlan(plan: Plan): string[] {
  const counts = countSteps(plan);
  const lines = Object.entries(counts).map(([kind, n]) => `- ${n} ${LABELS[kind] ?? kind}`);
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
