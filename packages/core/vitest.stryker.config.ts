import { mutationTests } from "./vitest.stryker.shared.ts";

// The tests that carry the guarantees under mutation testing (stryker.config.mjs): the services'
// and repositories' integration tests, the database's own guards, the job queue, the matching checker,
// priority rule and CLI. Other test files run in `npm test`.
export default mutationTests([
  "src/applications/application.service.test.ts",
  "src/applications/application-import.service.test.ts",
  "src/applications/application-counts.test.ts",
  "src/applications/application.repository.test.ts",
  "src/applications/application-lifecycle.test.ts",
  "src/cohorts/*.test.ts",
  "src/members/*.test.ts",
  "src/communities/*.test.ts",
  "src/code-of-conduct/*.test.ts",
  "src/sessions/session.service.test.ts",
  "src/sessions/session.repository.test.ts",
  "src/sessions/session-changes.test.ts",
  "src/groups/*.test.ts",
  "src/audit/*.test.ts",
  "src/cohort-matching/*.test.ts",
  "src/db/*.test.ts",
  "src/jobs/*.test.ts",
  "src/matching/check.test.ts",
  "src/matching/cli.test.ts",
  "src/matching/edits.test.ts",
  "src/matching/matcher.test.ts",
  "src/matching/priority-repair.test.ts",
  "src/term-view/term-view.service.test.ts",
  "src/waitlist/waitlist.service.test.ts",
]);
