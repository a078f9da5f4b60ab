import type { CohortState } from "../db/schema.ts";

// The life of a cohort. The database holds the same table (cohort_state_transitions) and refuses
// anything else, even from code that bypasses this service.
export const COHORT_STATES: readonly CohortState[] = [
  "draft",
  "applications_open",
  "matching",
  "published",
  "running",
  "finished",
  "cancelled",
];

const NEXT: Record<CohortState, readonly CohortState[]> = {
  draft: ["applications_open", "cancelled"],
  applications_open: ["matching", "cancelled"],
  // Back to applications when organisers want more applicants before matching again.
  matching: ["applications_open", "published", "cancelled"],
  published: ["running", "cancelled"],
  running: ["finished", "cancelled"],
  finished: [],
  cancelled: [],
};

export function nextStates(from: CohortState): readonly CohortState[] {
  return NEXT[from];
}

export function canChangeState(from: CohortState, to: CohortState): boolean {
  return NEXT[from].includes(to);
}

export function isCohortState(value: unknown): value is CohortState {
  return typeof value === "string" && (COHORT_STATES as readonly string[]).includes(value);
}
