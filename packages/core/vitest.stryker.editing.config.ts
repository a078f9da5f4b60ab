import { mutationTests } from "./vitest.stryker.shared.ts";

// An organiser's edits of a matching, the seats and the waitlist behind them, and a member's side of
// applying (drafts, their status) (stryker.editing.config.mjs).
export default mutationTests([
  "src/cohort-matching/matching-edit.service.test.ts",
  "src/waitlist/*.test.ts",
  "src/applications/application-draft.service.test.ts",
  "src/applications/member-status.service.test.ts",
]);
