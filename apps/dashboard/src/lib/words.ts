import type { Area, CohortState, Gender, ReportOutcome, ReportState } from "./types.ts";

// Words for the API's codes. Keyed by core's types, so a new code fails the type check here.
export const AREA_LABELS: Record<Area, string> = {
  career: "Career coaching and guidance",
  growth: "Professional growth",
  technical: "Work-related / technical skills",
};
export const GENDER_LABELS: Record<Gender, string> = {
  female: "Female",
  male: "Male",
  nonbinary: "Non-binary",
  unstated: "Prefer not to say",
};
export const STATE_LABELS: Record<CohortState, string> = {
  draft: "Draft",
  applications_open: "Applications open",
  matching: "Matching",
  published: "Published",
  running: "Running",
  finished: "Finished",
  cancelled: "Cancelled",
};
/** What the button that moves a cohort to this state says. */
export const STATE_ACTIONS: Record<CohortState, string> = {
  draft: "Back to draft",
  applications_open: "Open applications",
  matching: "Close applications and match",
  published: "Publish",
  running: "Start the term",
  finished: "Finish the term",
  cancelled: "Cancel the cohort",
};
export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export const label = (words: Record<string, string>, code: string) => words[code] ?? code;

export const REPORT_STATE_LABELS: Record<ReportState, string> = {
  open: "Open",
  in_review: "In review",
  closed: "Closed",
};
export const REPORT_OUTCOME_LABELS: Record<ReportOutcome, string> = {
  no_action: "No action",
  warning: "A warning",
  removal: "Remove them from the program",
};

/** The code of conduct's 11 areas, as the program names them (core's, which the bot uses too). */
export { CODE_OF_CONDUCT_AREA_LABELS as COC_AREA_LABELS } from "@circles/core/code-of-conduct";
